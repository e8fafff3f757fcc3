/*
 * arch/x86_64/tests/smp_test.c - the CPUs arch_smp_start() brought up:
 * each has its own per-CPU area, GS base and APIC id, takes an IPI
 * (self IPI included) on itself, and runs with the same control
 * registers as CPU 0 (x86_cpu_setup). With one CPU the tests still run:
 * then only on CPU 0.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/smp.h"
#include "ktest.h"
#include "base/printk.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

KTEST(x86_smp_percpu_areas)
{
	unsigned n = x86_smp_ncpus();

	KASSERT(n >= 1 && n <= MAX_CPUS);
	KEXPECT(arch_cpu_id() < n);
	KEXPECT_EQ(rdmsr(MSR_GS_BASE), (uint64_t)&x86_percpu[arch_cpu_id()]);
	KEXPECT_EQ(x86_percpu[arch_cpu_id()].apic_id, lapic_id());
	for (unsigned i = 0; i < n; i++) {
		KEXPECT_EQ(x86_percpu[i].self, &x86_percpu[i]);
		KEXPECT_EQ(x86_percpu[i].cpu, i);
		for (unsigned j = 0; j < i; j++)
			KEXPECT(x86_percpu[i].apic_id != x86_percpu[j].apic_id);
	}
}

/* What the IPI handler saw on each CPU. */
static struct {
	volatile unsigned hits;
	uint64_t cr0, cr4, efer, pat, gs_base;
} seen[MAX_CPUS];
static void (*saved_ipi)(void);

static void record_ipi(void)
{
	unsigned cpu = arch_cpu_id();

	seen[cpu].cr0 = read_cr0();
	seen[cpu].cr4 = read_cr4();
	seen[cpu].efer = rdmsr(MSR_EFER);
	seen[cpu].pat = rdmsr(MSR_PAT);
	seen[cpu].gs_base = rdmsr(MSR_GS_BASE);
	arch_mb();
	seen[cpu].hits++;
	if (saved_ipi)
		saved_ipi();          /* the kernel's own handler still runs */
}

/* Send one IPI to cpu and wait (interrupts on, ~100 ms) for its handler. */
static bool ipi_arrives(unsigned cpu)
{
	unsigned before = seen[cpu].hits;
	uint64_t t0 = arch_counter(), limit = arch_counter_hz() / 10;

	arch_ipi_send(cpu);
	while (seen[cpu].hits == before && arch_counter() - t0 < limit)
		cpu_relax();
	return seen[cpu].hits != before;
}

KTEST(x86_smp_ipi_each_cpu)
{
	unsigned n = x86_smp_ncpus(), me;
	uint64_t flags = arch_irq_save();

	saved_ipi = arch_upcalls.ipi;
	arch_upcalls.ipi = record_ipi;
	arch_irq_enable();
	me = arch_cpu_id();
	for (unsigned i = 0; i < n; i++) {
		kprintf("# ipi to cpu %u%s\n", i, i == me ? " (self)" : "");
		KEXPECT(ipi_arrives(i));
	}
	arch_irq_disable();
	arch_upcalls.ipi = saved_ipi;
	arch_irq_restore(flags);

	/* Every CPU set itself up as CPU 0 did (cpu.c, x86_cpu_setup). */
	for (unsigned i = 0; i < n; i++) {
		KEXPECT_EQ(seen[i].gs_base, (uint64_t)&x86_percpu[i]);
		KEXPECT_EQ(seen[i].cr0, seen[0].cr0);
		KEXPECT_EQ(seen[i].cr4, seen[0].cr4);
		KEXPECT_EQ(seen[i].efer, seen[0].efer);
		KEXPECT_EQ(seen[i].pat, seen[0].pat);
	}
}
