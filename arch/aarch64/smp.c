/*
 * arch/aarch64/smp.c - starting the other CPUs (arch/smp.h).
 *
 * The device tree lists them: the /cpus/cpu@N nodes, device_type "cpu",
 * reg = the MPIDR_EL1 affinity fields (Aff3 in [39:32], Aff2..0 in
 * [23:0]), enable-method "psci" (Linux's Documentation/devicetree/
 * bindings/arm/cpus.yaml). Each one but the boot CPU is started with PSCI
 * CPU_ON (DEN 0022, 5.1.4) at secondary.S, one at a time: the CPU reads
 * smp_boot -- CPU 0's MMU registers, its stack -- with the MMU off, so
 * CPU 0 cleans it to the point of coherency first (Arm ARM D7.5, "Data
 * and unified caches": DC CVAC), and turns its MMU on through a small
 * identity map, since the kernel's own tables have none (mmu.c).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/smp.h"
#include "arch/mmu.h"
#include "base/cmdline.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "base/string.h"
#include <asm/pte.h>
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"
#include "arch/aarch64/smp_boot.h"
#include "arch/generic/smp_claim.h"

#define TCR_EPD0     (1ull << 7)     /* TCR_EL1.EPD0: no TTBR0 walks (mmu.c) */
#define MPIDR_AFF    0xff00ffffffull /* Aff3 [39:32], Aff2..0 [23:0] (Arm ARM, MPIDR_EL1) */
#define GIB          (1ull << 30)

extern const char secondary_entry[], secondary_entry_end[];

/* Read by secondary.S with the MMU off: alone in its cache lines. */
struct smp_boot smp_boot __attribute__((aligned(64)));
_Static_assert(sizeof(struct smp_boot) == SB_SIZE, "smp_boot.h offsets");
_Static_assert(__builtin_offsetof(struct smp_boot, stack) == SB_STACK, "smp_boot.h offsets");
_Static_assert(__builtin_offsetof(struct smp_boot, sctlr) == SB_SCTLR, "smp_boot.h offsets");

/* TTBR0 tables for the trampoline: level 0 -> level 1 with 1 GiB blocks. */
static uint64_t idmap_l0[512] __attribute__((aligned(4096)));
static uint64_t idmap_l1[512] __attribute__((aligned(4096)));

static void (*secondary_fn)(unsigned cpu);
static volatile unsigned claim;      /* the number being started (generic/smp_claim.h) */
static bool cpulate;                 /* the test of a late CPU (generic/smp_claim.h) */
unsigned smp_cpus_running;           /* what arch_smp_start returned, 0 before (aarch64.h) */

/* DC CVAC over [p, p + n): CTR_EL0.DminLine is log2 of the smallest
 * line in words (Arm ARM, CTR_EL0). DSB: done before anyone looks. */
static void dcache_clean_poc(const void *p, size_t n)
{
	uint64_t line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t a = (uint64_t)p & ~(line - 1);

	for (; a < (uint64_t)p + n; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

/* Map the GiB(s) holding secondary.S at their physical address: Normal
 * write-back like the kernel's RAM, EL1 read-only (so SCTLR_EL1.WXN can
 * not make it non-executable), EL0 nothing and never executable there. */
static void idmap_build(void)
{
	paddr_t lo = virt_to_phys(secondary_entry), hi = virt_to_phys(secondary_entry_end);

	for (paddr_t pa = lo & ~(GIB - 1); pa <= hi; pa += GIB) {
		idmap_l1[(pa >> 30) & 511] = pa | PTE_VALID | PTE_ATTR(MAIR_IDX_NORMAL) |
					     PTE_SH_INNER | PTE_AF | PTE_AP_RO | PTE_UXN;
		idmap_l0[(pa >> 39) & 511] = virt_to_phys(idmap_l1) | PTE_VALID | PTE_TABLE;
	}
	dcache_clean_poc(idmap_l0, sizeof(idmap_l0));
	dcache_clean_poc(idmap_l1, sizeof(idmap_l1));
	dcache_clean_poc(secondary_entry, secondary_entry_end - secondary_entry);
}

/* What secondary.S loads: CPU 0's own MMU registers, as they are now. */
static void boot_block_fill(unsigned cpu, uint64_t mpidr, void *stack_top)
{
	uint64_t tcr = read_sysreg(tcr_el1);

	smp_boot = (struct smp_boot){
		.cpu = cpu, .mpidr = mpidr,
		.mair = read_sysreg(mair_el1),
		.tcr_idmap = tcr & ~TCR_EPD0, .ttbr0 = virt_to_phys(idmap_l0),
		.ttbr1 = read_sysreg(ttbr1_el1), .sctlr = read_sysreg(sctlr_el1),
		.tcr = tcr | TCR_EPD0, .stack = (uint64_t)stack_top,
	};
	dcache_clean_poc(&smp_boot, sizeof(smp_boot));
}

enum start { STARTED, REFUSED, LATE };

/* CPU_ON, then wait up to a second for the CPU to call in as number cpu: on a
 * loaded host QEMU may not run the new CPU's thread for a good part of one
 * (100 ms was seen to lose every secondary while other QEMUs ran). */
static enum start start_one(unsigned cpu, uint64_t mpidr, void *stack_top)
{
	unsigned ms = cpulate ? 0 : 1000;
	uint64_t t0, limit = arch_counter_hz() / 1000 * ms;
	int err;

	boot_block_fill(cpu, mpidr, stack_top);
	smp_claim_offer(&claim, cpu);
	err = psci_cpu_on(mpidr, virt_to_phys(secondary_entry), cpu);
	if (err) {
		kprintf("smp: cpu with MPIDR 0x%lx did not start (PSCI error %d)\n",
			(unsigned long)mpidr, err);
		return REFUSED;
	}
	for (t0 = arch_counter(); !smp_claim_arrived(&claim, cpu); cpu_relax())
		if (arch_counter() - t0 >= limit && smp_claim_abandon(&claim, cpu)) {
			kprintf("smp: cpu with MPIDR 0x%lx did not start (no answer in %u ms); "
				"starting no more\n", (unsigned long)mpidr, ms);
			return LATE;
		}
	return STARTED;
}

unsigned arch_smp_start(const struct boot_info *bi, unsigned max, void *stack_tops[],
			void (*entry)(unsigned cpu))
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF, mpidr;
	const char *method;
	unsigned n = 1;

	(void)bi;                           /* irq.c already checked its DTB: arch_fdt */
	if (!arch_fdt || max > MAX_CPUS)
		max = arch_fdt ? MAX_CPUS : 1;
	secondary_fn = entry;
	cpulate = cmdline_has("cpulate");
	idmap_build();
	for (int i = 0; n < max &&
	     fdt_device_type_node(arch_fdt, "cpu", i, &mpidr, "enable-method", &method); i++) {
		if ((mpidr & MPIDR_AFF) == self)
			continue;
		if (!method || strcmp(method, "psci") != 0) {
			kprintf("smp: cpu with MPIDR 0x%lx did not start (enable-method %s)\n",
				(unsigned long)mpidr, method ? method : "missing");
			continue;
		}
		enum start r = start_one(n, mpidr & MPIDR_AFF, stack_tops[n]);
		if (r == STARTED)
			n++;
		if (r == LATE) {
			stack_tops[n] = NULL;       /* it may still run on it, parked */
			break;
		}
	}
	smp_cpus_running = n;
	return n;
}

/* secondary.S calls this on the new CPU's stack, MMU on, TPIDR_EL1 set.
 * That stack is its thread's until a switch: so the overflow check knows. */
void smp_secondary_start(unsigned cpu, void *stack_top)
{
	arch_set_kernel_stack(stack_top);
	cpu_local_init();                   /* vectors, PAN, EL0 controls: as CPU 0 */
	gic_cpu_init();                     /* its GIC interface, SGI 0 on */
	if (cpulate)
		smp_claim_wait_abandoned(&claim);
	if (smp_claim_take(&claim, cpu))
		secondary_fn(cpu);          /* interrupts still masked */
	kprintf("smp: cpu with MPIDR 0x%lx answered after CPU 0 gave up on it: parked\n",
		(unsigned long)(read_sysreg(mpidr_el1) & MPIDR_AFF));
	arch_halt();
}
