/*
 * arch/aarch64/pan.c - user-memory protection: PAN on at all times in EL1,
 * UAO off, PXN on every user page, and telling a PAN or PXN violation
 * apart from an ordinary fault on a user address.
 *
 * PAN (Privileged Access Never, Arm ARM D8.4.2, "PSTATE.PAN"): with
 * PSTATE.PAN = 1 an EL1 load or store to a page EL0 can access faults
 * with a permission fault. LDTR/STTR are checked as EL0 and so are not
 * affected; that is how uma/ reaches user memory (asm/uaccess.h).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/cmdline.h"
#include "base/percpu.h"
#include "arch/uaccess.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

#define SCTLR_SPAN (1ull << 23)   /* 0: every exception taken to EL1 sets PSTATE.PAN */

/* Read by uaccess.S: 1 when PSTATE.PAN is kept set, so a PAN-cleared
 * window must clear it and set it again (0: nopan, or no PAN at all, where
 * `msr pan` would be UNDEFINED). */
uint32_t pan_enabled;
static const char *pan_state = "off (not implemented by this CPU)";
/* Each CPU's own: pan_init ran on it and left PSTATE.PAN set. */
static bool pan_on[MAX_CPUS];

void pan_init(void)
{
	/* PSTATE.UAO = 1 would make LDTR/STTR at EL1 behave as privileged
	 * accesses (Arm ARM, "PSTATE.UAO"): the accessors would then be
	 * stopped by PAN and, worse, accept kernel pointers. Keep it 0. */
	if ((read_sysreg(SYS_ID_AA64MMFR2_EL1) >> 4) & 0xf)
		write_sysreg(SYS_UAO, 0);
	if (!cpu_pan_level)
		return;               /* e.g. cortex-a57 (ARMv8.0): carry on without */

	uint64_t sctlr = read_sysreg(sctlr_el1);
	if (cmdline_has("nopan")) {
		/* Off and staying off: SPAN=1 so exception entry leaves it alone. */
		write_sysreg(sctlr_el1, sctlr | SCTLR_SPAN);
		isb();
		write_sysreg(SYS_PAN, 0);
		pan_state = "off (nopan)";
		return;
	}
	/* SPAN = 0 (Arm ARM, SCTLR_EL1.SPAN): an IRQ or abort taken while a
	 * PAN-cleared window is open runs its handler with PAN set again, and
	 * ERET restores the window's PAN = 0 from SPSR_EL1. */
	write_sysreg(sctlr_el1, sctlr & ~SCTLR_SPAN);
	isb();
	write_sysreg(SYS_PAN, PSTATE_PAN);
	isb();
	pan_enabled = 1;
	pan_state = "on";
	pan_on[arch_cpu_id()] = read_sysreg(SYS_PAN) & PSTATE_PAN;
}

/* The calling CPU's state, read from PSTATE.PAN now (pan_enabled means
 * FEAT_PAN is there, so the read is defined). */
const char *pan_describe(void)
{
	if (pan_enabled && !(read_sysreg(SYS_PAN) & PSTATE_PAN))
		return "off (not set on this CPU)";
	return pan_state;
}

bool arch_user_access_protected(void) { return pan_on[arch_cpu_id()]; }

/* Every VM_USER leaf has PXN=1 (asm/pte.h), and EL0-writable pages are
 * PXN for EL1 anyway (Arm ARM D8.4.3, "Instruction access permissions"). */
bool arch_user_exec_protected(void) { return true; }

/*
 * LDTR/STTR and their byte/halfword/signed forms, "Load/store register
 * (unprivileged)" (Arm ARM C4.1, A64 encoding index): bits [29:27] = 111,
 * V[26] = 0, [25:24] = 00, [21] = 0, [11:10] = 10.
 */
static bool is_unprivileged_ldst(uint32_t insn)
{
	return (insn & 0x3f200c00u) == 0x38000800u;
}

extern const char __text_start[], __text_end[];

/*
 * SPEC section 4: name the fault if a KERNEL access to a user page was
 * stopped by PAN or PXN. A permission fault below USER_VA_LIMIT means a
 * present user page (TTBR0 maps nothing else). For a data abort it is a
 * PAN violation only if PSTATE.PAN was 1 and the instruction was a
 * privileged one: an STTR to a read-only user page is an ordinary
 * permission fault that the accessor's fixup handles.
 */
const char *pan_violation(const struct trapframe *tf, unsigned ec, unsigned fsc,
			  uint64_t far, bool far_valid)
{
	const uint32_t *pc = (const uint32_t *)tf->elr;

	if (!far_valid || far >= USER_VA_LIMIT || (fsc & 0x3c) != 0x0c)
		return NULL;
	if (ec == 0x21)                                  /* instruction abort, EL1 */
		return "PXN violation";
	if (ec == 0x25 && (tf->spsr & PSTATE_PAN) &&    /* data abort, EL1 */
	    (const char *)pc >= __text_start && (const char *)pc < __text_end &&
	    !is_unprivileged_ldst(*pc))
		return "PAN violation";
	return NULL;
}

/* Nothing to choose or calibrate on ARM64; PAN itself is set up by
 * arch_cpu_init (pan_init), long before uma/ runs. */
void arch_uaccess_init(void)
{
}

/* One strategy only (no `rep movsb` question to settle by timing as on x86). */
const char *arch_uaccess_describe(void)
{
	return "copy: LDTR/STTR 8-byte loop (byte loop when kernel and user side are not "
	       "equally aligned), fill: STTR 8-byte stores, interlocked: LDAXR/STLXR in a "
	       "PAN-cleared window";
}
