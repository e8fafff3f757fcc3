/*
 * arch/aarch64/tests/smp_test.c - the other CPUs (arch/smp.h, smp.c):
 * every CPU of the device tree runs, each started one entered with
 * interrupts masked, with its own arch_cpu_id() and PAN as on CPU 0, and
 * an IPI (SGI 0) to each CPU, the caller included, arrives there.
 *
 * When nothing started the CPUs yet (a kernel without an SMP call site),
 * the test starts them itself, to wait for interrupts and nothing else.
 * With maxcpus=N on the command line (kernel/smp.c) fewer may run.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/smp.h"
#include "ktest.h"
#include "kstack.h"
#include "base/fdt.h"
#include "base/cmdline.h"
#include "arch/aarch64/aarch64.h"

static unsigned entered[MAX_CPUS];   /* arch_cpu_id() + 1, as each entry saw it */
static bool masked[MAX_CPUS], pan[MAX_CPUS];
static unsigned ipis[MAX_CPUS];      /* by arch_cpu_id() of the CPU that took it */

static void idle_entry(unsigned cpu)
{
	masked[cpu] = !arch_irq_enabled();
	pan[cpu] = arch_user_access_protected();
	__atomic_store_n(&entered[cpu], arch_cpu_id() + 1, __ATOMIC_RELEASE);
	arch_cpu_describe();
	arch_irq_enable();
	for (;;)
		arch_wait_for_interrupt();
}

static void (*kernel_ipi)(void);     /* the kernel's upcall, still called */

static void count_ipi(void)
{
	__atomic_fetch_add(&ipis[arch_cpu_id()], 1, __ATOMIC_RELAXED);
	if (kernel_ipi)
		kernel_ipi();
}

static unsigned dt_cpus(void)
{
	uint64_t reg;
	unsigned n = 0;

	while (n < MAX_CPUS && fdt_device_type_node(arch_fdt, "cpu", (int)n, &reg, NULL, NULL))
		n++;
	return n;
}

static void start_here(void)
{
	void *tops[MAX_CPUS] = { 0 };
	unsigned n, max = MAX_CPUS;

	for (unsigned i = 1; i < MAX_CPUS; i++) {
		void *stack = kstack_alloc();
		if (!stack) {
			max = i;
			break;
		}
		tops[i] = (char *)stack + KSTACK_SIZE;
	}
	n = arch_smp_start(NULL, max, tops, idle_entry);
	for (unsigned i = n; i < max; i++)
		kstack_free((char *)tops[i] - KSTACK_SIZE);
	for (unsigned i = 1; i < n; i++) {
		KEXPECT_EQ(__atomic_load_n(&entered[i], __ATOMIC_ACQUIRE), i + 1);
		KEXPECT(masked[i]);
		KEXPECT_EQ(pan[i], arch_user_access_protected());
	}
}

static bool ipi_arrives(unsigned cpu)
{
	unsigned before = __atomic_load_n(&ipis[cpu], __ATOMIC_RELAXED);
	uint64_t t0 = arch_counter(), limit = arch_counter_hz() / 10;

	arch_ipi_send(cpu);
	while (__atomic_load_n(&ipis[cpu], __ATOMIC_RELAXED) == before) {
		if (arch_counter() - t0 > limit)
			return false;
		cpu_relax();
	}
	return true;
}

KTEST(aarch64_smp)
{
	char arg[8];

	if (!arch_fdt)
		ktest_skip("no device tree");
	KASSERT(arch_irq_enabled());
	if (!smp_cpus_running) {
		KEXPECT_EQ(arch_cpu_id(), 0);          /* no other CPU runs yet */
		start_here();
	}
	if (cmdline_value("maxcpus", arg, sizeof(arg)))
		KEXPECT(smp_cpus_running >= 1 && smp_cpus_running <= dt_cpus());
	else
		KEXPECT_EQ(smp_cpus_running, dt_cpus());
	/* Whichever CPU this runs on, one of the IPIs is to itself. */
	kernel_ipi = arch_upcalls.ipi;
	arch_upcalls.ipi = count_ipi;
	for (unsigned i = 0; i < smp_cpus_running; i++)
		KEXPECT(ipi_arrives(i));
	arch_upcalls.ipi = kernel_ipi;
}
