/*
 * arch/aarch64/cpu.c - vectors, CPU feature detection and the banner line.
 *
 * The ID registers are described on their Arm ARM register pages (ID_AA64*_EL1). Fields
 * are 4 bits wide; for these, 0 means "not implemented".
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/printk.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

extern char vectors[];

unsigned cpu_pan_level;
unsigned cpu_pa_bits;
bool cpu_asid16;

static uint64_t midr;
static unsigned pauth, lse, bti, uao;

#define FIELD(reg, shift) ((unsigned)((reg) >> (shift)) & 0xf)

const char *arch_name(void) { return "aarch64"; }

/* ID_AA64MMFR0_EL1.PARange -> physical address bits (Arm ARM, ID_AA64MMFR0_EL1). */
static const unsigned parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

static void detect_features(void)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t mmfr2 = read_sysreg(SYS_ID_AA64MMFR2_EL1);
	uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
	uint64_t isar1 = read_sysreg(id_aa64isar1_el1);
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1);
	unsigned pa = FIELD(mmfr0, 0);

	midr = read_sysreg(midr_el1);
	cpu_pa_bits = pa < ARRAY_SIZE(parange_bits) ? parange_bits[pa] : 48;
	cpu_asid16 = FIELD(mmfr0, 4) == 2;          /* ASIDBits */
	cpu_pan_level = FIELD(mmfr1, 20);           /* 1 PAN, 2 +ATS1E1xP, 3 +EPAN */
	uao = FIELD(mmfr2, 4);
	lse = FIELD(isar0, 20);                     /* Atomic */
	pauth = FIELD(isar1, 4) | FIELD(isar1, 8);  /* APA | API */
	bti = FIELD(pfr1, 0);
}

/* TCR_EL1.IPS for the CPU's PA size. Our descriptors carry 48-bit output
 * addresses (no FEAT_LPA), so cap at 48 bits = 0b101 (Arm ARM, TCR_EL1). */
unsigned cpu_tcr_ips(void)
{
	unsigned pa = FIELD(read_sysreg(id_aa64mmfr0_el1), 0);
	return pa > 5 ? 5 : pa;
}

/*
 * What every CPU programs for itself, the boot CPU in arch_cpu_init and
 * each other one when it starts (smp.c), so they cannot drift apart. The
 * ID registers were read once, on CPU 0: QEMU's CPUs are all alike.
 */
void cpu_local_init(void)
{
	/* VBAR_EL1 holds the table's virtual address (Arm ARM D1.10, "Exception vectors"). */
	write_sysreg(vbar_el1, (uint64_t)vectors);
	/* No debug exceptions (MDSCR_EL1: KDE, MDE, SS all 0) whatever the
	 * firmware or a CPU's reset left: every CPU the same. */
	write_sysreg(mdscr_el1, 0);
	isb();
	/* PAN on from here to the end, unless `nopan` (pan.c). */
	pan_init();
	el0_cpu_init();
	/* Vectors exist now: let SErrors (asynchronous aborts) be reported
	 * instead of staying pending forever. IRQs wait for arch_irq_enable(). */
	__asm__ volatile("msr daifclr, #4" : : : "memory");
}

void arch_cpu_init(void)
{
	detect_features();
	cpu_local_init();
}

static const char *yn(unsigned v) { return v ? "yes" : "no"; }

/* Another CPU: its own PSTATE.PAN, read now (pan.c). PXN is a bit of
 * the page tables every CPU shares (asm/pte.h), so it holds on all. */
static void describe_secondary(unsigned cpu)
{
	kprintf("cpu%u: PAN=%s PXN=on\n", cpu, pan_describe());
}

void arch_cpu_describe(void)
{
	if (arch_cpu_id() != 0) {
		describe_secondary(arch_cpu_id());
		return;
	}
	kprintf("cpu: aarch64 MIDR=0x%08lx (implementer 0x%02lx part 0x%03lx) PA=%u bits ASID=%u bits\n",
		(unsigned long)midr, (unsigned long)(midr >> 24) & 0xff,
		(unsigned long)(midr >> 4) & 0xfff, cpu_pa_bits, cpu_asid16 ? 16 : 8);
	/* What is ON now, then what the CPU has. */
	kprintf("cpu: PAN=%s PXN=on (user pages); FEAT_PAN=", pan_describe());
	if (cpu_pan_level)
		kprintf("yes(level %u)", cpu_pan_level);
	else
		kprintf("no");
	kprintf(" UAO=%s(kept 0) LSE=%s PAuth=%s BTI=%s\n", yn(uao), yn(lse), yn(pauth), yn(bti));
}
