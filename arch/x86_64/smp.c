/*
 * smp.c - starting the other CPUs (arch/smp.h) and interrupting them.
 *
 * The processors are those of the ACPI MADT (acpi.c). Each is woken with
 * the INIT-SIPI-SIPI sequence of Intel SDM Vol.3 8.4.4.1 through the
 * LAPIC ICR (lapic.c): INIT, 10 ms, STARTUP, 200 us, STARTUP. It starts
 * in real mode in trampoline.S, copied to physical page 0; that page is
 * RAM the allocator never hands out (kernel/pmm.c keeps page 0 so that
 * address 0 can mean "none"), and SIPI vector 0 means physical 0x00000.
 * The trampoline reaches long mode on a small page-table root of our own
 * (the low 2 MiB identity-mapped, the kernel half shared with the
 * kernel's root), then entry.S switches to the kernel's root, points the
 * GS base at the CPU's area and calls x86_ap_main().
 */
#include "arch/arch.h"
#include "arch/smp.h"
#include "arch/mmu.h"
#include "base/cmdline.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/x86_64/x86_64.h"
#include "arch/generic/smp_claim.h"

#define TRAMP_PA      0x0000ull       /* page 0: SIPI vector 0 */
#define INIT_WAIT_US  10000           /* SDM 8.4.4.1 */
#define SIPI_WAIT_US  200
#define ONLINE_WAIT_US 1000000        /* arch/smp.h: about a second */
#define PTE_P_W       0x3ull
#define PTE_LARGE     0x80ull         /* PS: a 2 MiB leaf in a PD (SDM Vol.3 4.5) */

extern char tr_start[], tr_end[], tr_gdtr[], tr_far32[], tr_far64[];
extern char tr_pm32[], tr_lm64[], tr_gdt[], tr_args[];   /* trampoline.S */
extern char x86_ap_entry64[];                              /* entry.S */
void x86_ap_main(unsigned cpu) __attribute__((noreturn));

struct tramp_args {                   /* trampoline.S tr_args */
	uint64_t tramp_cr3, cpu, kernel_cr3, stack, percpu, entry;
};

static uint64_t tr_pml4[512] __aligned(4096);
static uint64_t tr_pdpt[512] __aligned(4096);
static uint64_t tr_pd[512] __aligned(4096);

static void (*ap_entry)(unsigned cpu);
static volatile unsigned claim;       /* the number being started (generic/smp_claim.h) */
static bool cpulate;                  /* the test of a late CPU (generic/smp_claim.h) */
static unsigned ncpus = 1;

static void udelay(uint64_t us)
{
	uint64_t t0 = arch_counter(), n = arch_counter_hz() * us / 1000000;

	while (arch_counter() - t0 < n)
		cpu_relax();
}

static uint8_t *tramp_page(void) { return phys_to_virt(TRAMP_PA); }

static void patch32(size_t off, uint64_t v)
{
	uint32_t w = (uint32_t)v;

	memcpy(tramp_page() + off, &w, 4);
}

/* The trampoline's page tables and code; false if they cannot work. */
static bool tramp_prepare(void)
{
	const uint64_t *kroot = phys_to_virt(kernel_root);
	unsigned flags;
	size_t size = (size_t)(tr_end - tr_start);

	if (!mmu_translate(kernel_root, DIRECT_MAP + TRAMP_PA, NULL, &flags) ||
	    !(flags & VM_WRITE) || virt_to_phys(tr_pml4) >= (1ull << 32))
		return false;
	tr_pd[0] = 0 | PTE_LARGE | PTE_P_W;             /* 0..2 MiB identity */
	tr_pdpt[0] = virt_to_phys(tr_pd) | PTE_P_W;
	tr_pml4[0] = virt_to_phys(tr_pdpt) | PTE_P_W;
	for (int i = 256; i < 512; i++)                 /* the kernel half */
		tr_pml4[i] = kroot[i];
	memcpy(tramp_page(), tr_start, size);
	patch32(tr_gdtr - tr_start + 2, TRAMP_PA + (uint64_t)(tr_gdt - tr_start));
	patch32(tr_far32 - tr_start, TRAMP_PA + (uint64_t)(tr_pm32 - tr_start));
	patch32(tr_far64 - tr_start, TRAMP_PA + (uint64_t)(tr_lm64 - tr_start));
	return true;
}

static unsigned online_wait_us(void) { return cpulate ? 0 : ONLINE_WAIT_US; }

/* INIT-SIPI-SIPI to apic, then wait for it to call in as CPU cpu. False:
 * it did not in time (if it comes later, it parks itself). */
static bool start_cpu(unsigned cpu, uint32_t apic, void *stack_top)
{
	struct tramp_args a = {
		.tramp_cr3 = virt_to_phys(tr_pml4), .cpu = cpu, .kernel_cr3 = kernel_root,
		.stack = (uint64_t)stack_top, .percpu = (uint64_t)&x86_percpu[cpu],
		.entry = (uint64_t)x86_ap_entry64,
	};
	uint64_t t0;

	memcpy(tramp_page() + (tr_args - tr_start), &a, sizeof(a));
	x86_percpu[cpu].apic_id = apic;
	smp_claim_offer(&claim, cpu);
	lapic_send_ipi(apic, ICR_INIT | ICR_ASSERT | ICR_LEVEL);
	udelay(INIT_WAIT_US);
	for (int i = 0; i < 2; i++) {
		lapic_send_ipi(apic, ICR_STARTUP | (TRAMP_PA >> 12));
		udelay(SIPI_WAIT_US);
	}
	uint64_t limit = arch_counter_hz() / 1000000 * online_wait_us();
	for (t0 = arch_counter(); !smp_claim_arrived(&claim, cpu); cpu_relax())
		if (arch_counter() - t0 >= limit && smp_claim_abandon(&claim, cpu))
			return false;
	return true;
}

/* A MADT may list one processor twice (type 0 and type 9 entries). */
static bool already_running(uint32_t apic)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (x86_percpu[i].apic_id == apic)
			return true;
	return false;
}

unsigned arch_smp_start(const struct boot_info *bi, unsigned max, void *stack_tops[],
			void (*entry)(unsigned cpu))
{
	uint32_t ids[MAX_CPUS * 4], self = lapic_id();
	unsigned n = acpi_cpu_apic_ids(bi->acpi_rsdp, ids, MAX_CPUS * 4);

	if (max > MAX_CPUS)
		max = MAX_CPUS;
	if (n <= 1 || max <= 1)
		return ncpus;
	if (!tramp_prepare()) {
		kprintf("smp: no trampoline page at %#llx: one CPU\n", TRAMP_PA);
		return ncpus;
	}
	ap_entry = entry;
	cpulate = cmdline_has("cpulate");
	for (unsigned i = 0; i < n && ncpus < max; i++) {
		if (ids[i] == self || already_running(ids[i]))
			continue;                 /* an INIT would reset it */
		if (ids[i] > 0xfe) {              /* xAPIC ICR: 8-bit destination, 0xff broadcast */
			kprintf("smp: cpu with APIC id %u did not start (xAPIC reaches 0..254)\n", ids[i]);
			continue;
		}
		if (start_cpu(ncpus, ids[i], stack_tops[ncpus])) {
			ncpus++;
			continue;
		}
		kprintf("smp: cpu with APIC id %u did not start (no answer in %u ms); "
			"starting no more\n", ids[i], online_wait_us() / 1000);
		stack_tops[ncpus] = NULL;         /* it may still run on it, parked */
		break;
	}
	return ncpus;
}

/* A started CPU, on its stack with its GS base set (entry.S). */
void x86_ap_main(unsigned cpu)
{
	x86_cpu_setup(cpu);
	lapic_cpu_init();
	if (cpulate)
		smp_claim_wait_abandoned(&claim);
	if (smp_claim_take(&claim, cpu))  /* CPU 0 may now reuse the trampoline */
		ap_entry(cpu);
	kprintf("smp: cpu with APIC id %u answered after CPU 0 gave up on it: parked\n", lapic_id());
	arch_halt();
}

unsigned x86_smp_ncpus(void) { return ncpus; }

void arch_ipi_send(unsigned cpu)
{
	if (cpu == arch_cpu_id())
		lapic_send_ipi(0, ICR_FIXED | ICR_SELF | VEC_IPI);
	else if (cpu < ncpus)
		lapic_send_ipi(x86_percpu[cpu].apic_id, ICR_FIXED | VEC_IPI);
}
