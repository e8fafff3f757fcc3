/* kernel/tlb.c - TLB shootdown by IPI (tlb.h). */
#include "tlb.h"
#include "vm.h"
#include "smp.h"
#include "arch/arch.h"
#include "base/lab.h"

#define FLUSH_ALL_PAGES 32     /* more than this: flush the whole TLB instead */

volatile uint64_t tlb_calls_served[MAX_CPUS];

struct flush {
	vaddr_t start, end;
	bool kernel;
};

/* On the other CPU, from its IPI handler. */
static void flush_here(void *arg)
{
	const struct flush *f = arg;

	tlb_calls_served[arch_cpu_id()]++;
	/* Kernel mappings are global: only INVLPG drops them, page by page. */
	if (!f->kernel && (f->end - f->start) / PAGE_SIZE > FLUSH_ALL_PAGES) {
		arch_tlb_flush_all();
		return;
	}
	for (vaddr_t va = f->start; va < f->end; va += PAGE_SIZE)
		arch_tlb_flush_va(va);
}

/* Checks the root itself: a CPU asked for nothing must lose nothing. */
static void drop_root_here(void *arg)
{
	tlb_calls_served[arch_cpu_id()]++;
	if (vm_active_user() == *(const paddr_t *)arg)
		vm_activate_user(0);
}

/*
 * Run fn(arg) on every other CPU that may hold a translation of root --
 * all of them for the kernel's root (`every`), else those whose active
 * user space it is -- and wait until each has. The caller holds the BKL,
 * so no CPU can switch address spaces in between: the choice stays true.
 * All are asked first, then waited for, so the flushes overlap.
 */
static void on_cpus(paddr_t root, bool every, void (*fn)(void *), void *arg)
{
	// LAB locks BEGIN: the CPUs a shootdown interrupts, and the wait until each has run fn
	bool asked[MAX_CPUS] = { false };
	unsigned me = arch_cpu_id();

	for (unsigned i = 0; i < ncpus; i++)
		if (i != me && (every || vm_active_user_on(i) == root))
			asked[i] = smp_call_start(i, fn, arg) == 0;
	for (unsigned i = 0; i < ncpus; i++)
		if (asked[i])
			smp_call_wait(i);
	// LAB locks STUB
	// LAB_MISSING("locks", "the choice of CPUs a TLB shootdown interrupts");
	// (void)root;
	// (void)every;
	// for (unsigned i = 0; i < ncpus; i++)
	// 	if (i != arch_cpu_id() && smp_call_start(i, fn, arg) == 0)
	// 		smp_call_wait(i);
	// LAB locks END
}

void tlb_shootdown(paddr_t root, vaddr_t start, vaddr_t end)
{
	struct flush f = { start, end, root == kernel_root };

	if (ncpus == 1 || arch_tlb_flush_broadcasts())
		return;
	on_cpus(root, f.kernel, flush_here, &f);
}

void tlb_forget_root(paddr_t root)
{
	if (vm_active_user() == root)
		vm_activate_user(0);
	on_cpus(root, false, drop_root_here, &root);
}
