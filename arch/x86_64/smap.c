/*
 * smap.c - SMEP and SMAP: the kernel may neither run nor touch user pages.
 *
 * CR4.SMEP (bit 20): an instruction fetch in ring 0 from a page that is
 * user-accessible faults. CR4.SMAP (bit 21): a ring-0 data access to such
 * a page faults unless RFLAGS.AC=1 (Intel SDM Vol.3 4.6.1, 2.5). The uma/
 * accessors open an AC=1 window with STAC..CLAC around each access.
 *
 * STAC and CLAC are undefined (#UD) on a CPU without SMAP. Rather than test
 * a flag around every user access, we let them be: on such a CPU each one
 * traps once, x86_smap_patch_ud() overwrites it with a 3-byte NOP and the
 * instruction is retried -- a lazy form of Linux's boot-time "alternatives".
 * The one CLAC that cannot wait is the one at trap entry (vectors.S): a #UD
 * there would recurse, so it is patched eagerly here.
 */
#include "arch/arch.h"
#include "base/cmdline.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

extern char __text_start[], __text_end[];
extern char trap_entry_clac[];   /* vectors.S */

/* For the banner: "on", "off (nosmap)", "off (not supported)". */
static const char *smep_state = "off", *smap_state = "off";

/* Write 3 bytes of kernel text. CR0.WP=0 lets ring 0 write a read-only
 * page (SDM 2.5); interrupts are off so nothing runs in between, and the
 * IRET (or jump) that follows is serializing, so the new bytes are what
 * the CPU fetches next (SDM Vol.3 8.1.3). */
static void text_poke3(char *at, const uint8_t bytes[3])
{
	uint64_t flags = arch_irq_save();
	uint64_t cr0 = read_cr0();

	write_cr0(cr0 & ~CR0_WP);
	for (int i = 0; i < 3; i++)
		((volatile uint8_t *)at)[i] = bytes[i];
	write_cr0(cr0);
	arch_irq_restore(flags);
}

static const uint8_t nop3[3] = { 0x0f, 0x1f, 0x00 };   /* NOP DWORD [rax] */

/* #UD in kernel text on a STAC (0f 01 cb) or CLAC (0f 01 ca) with no SMAP:
 * turn it into a NOP and return true so the trap retries it. */
bool x86_smap_patch_ud(struct trapframe *tf)
{
	uint8_t *p = (uint8_t *)tf->rip;

	if (x86_cpu.smap || (tf->cs & 3) ||
	    tf->rip < (uint64_t)__text_start || tf->rip + 3 > (uint64_t)__text_end)
		return false;
	/* Another CPU took the same #UD and patched it first: the bytes are
	 * the NOP now, and the IRETQ back (serializing) makes us fetch them. */
	if (p[0] == nop3[0] && p[1] == nop3[1] && p[2] == nop3[2])
		return true;
	if (p[0] != 0x0f || p[1] != 0x01 || (p[2] != 0xca && p[2] != 0xcb))
		return false;
	text_poke3((char *)p, nop3);
	return true;
}

/* Turn a feature on unless the CPU lacks it or the command line says no. */
static bool want(bool supported, const char *optout, const char *off_state,
		 const char **state)
{
	bool on = supported && !cmdline_has(optout);

	*state = on ? "on" : supported ? off_state : "off (not supported)";
	return on;
}

/* CR4.SMEP/SMAP as decided once on CPU 0; every CPU sets the same. */
static uint64_t smap_cr4;

/* Called from arch_cpu_init() after cpu_detect(), before the IDT is live:
 * decide for all CPUs; x86_cpu_setup() (cpu.c) sets the bits on each. */
void x86_smap_init(void)
{
	if (!x86_cpu.smap)
		text_poke3(trap_entry_clac, nop3);
	if (want(x86_cpu.smep, "nosmep", "off (nosmep)", &smep_state))
		smap_cr4 |= CR4_SMEP;
	if (want(x86_cpu.smap, "nosmap", "off (nosmap)", &smap_state))
		smap_cr4 |= CR4_SMAP;
}

uint64_t x86_smap_cr4_bits(void) { return smap_cr4; }

/* The calling CPU's own CR4: each CPU set it itself. */
bool arch_user_access_protected(void) { return (read_cr4() & CR4_SMAP) != 0; }
bool arch_user_exec_protected(void)   { return (read_cr4() & CR4_SMEP) != 0; }

const char *x86_smep_state(void) { return smep_state; }
const char *x86_smap_state(void) { return smap_state; }
