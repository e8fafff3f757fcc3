/* kernel/tlb.c - TLB shootdown by IPI (tlb.h). */
#include "tlb.h"
#include "vm.h"
#include "smp.h"
#include "arch/arch.h"

#define FLUSH_ALL_PAGES 32     /* more than this: flush the whole TLB instead */

struct flush {
	vaddr_t start, end;
	bool kernel;
};

/* On the other CPU, from its IPI handler. */
static void flush_here(void *arg)
{
	const struct flush *f = arg;

	/* Kernel mappings are global: only INVLPG drops them, page by page. */
	if (!f->kernel && (f->end - f->start) / PAGE_SIZE > FLUSH_ALL_PAGES) {
		arch_tlb_flush_all();
		return;
	}
	for (vaddr_t va = f->start; va < f->end; va += PAGE_SIZE)
		arch_tlb_flush_va(va);
}

static void drop_root_here(void *arg)
{
	(void)arg;
	vm_activate_user(0);
}

/* Run fn on every other CPU for which wants(cpu) holds, and wait. */
static void on_cpus(paddr_t root, bool every, void (*fn)(void *), void *arg)
{
	bool asked[MAX_CPUS] = { false };
	unsigned me = arch_cpu_id();

	for (unsigned i = 0; i < ncpus; i++)
		if (i != me && (every || vm_active_user_on(i) == root))
			asked[i] = smp_call_start(i, fn, arg) == 0;
	for (unsigned i = 0; i < ncpus; i++)
		if (asked[i])
			smp_call_wait(i);
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
	on_cpus(root, false, drop_root_here, NULL);
}
