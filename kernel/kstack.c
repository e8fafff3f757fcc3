/*
 * kernel/kstack.c - kernel stacks in their own area, a guard below each.
 *
 * Until issue 9 a stack was four contiguous pages of the direct map, so
 * a thread that recursed too deep wrote silently over the memory below
 * its stack. Now each stack gets a slot of the stack area (arch/kstack.h):
 * its four pages are mapped at the bottom of the slot, one by one (they
 * need not be contiguous in RAM), and the 16 KiB below them (the top of
 * the slot below, or nothing for slot 0) stay unmapped. The
 * first write past the bottom of the stack faults, and the trap code says
 * so by name (arch/trap.c, trap_stack_overflow). Linux does the same with
 * CONFIG_VMAP_STACK (stacks from vmalloc, whose areas have a guard).
 *
 * Callers hold the big kernel lock (kernel/bkl.h) and the kernel is not
 * preemptive, so the slot bitmap needs no lock beyond masking interrupts.
 */
#include "kstack.h"
#include "vm.h"
#include "pmm.h"
#include "arch/arch.h"
#include "base/printk.h"

#define PAGES (KSTACK_SIZE / PAGE_SIZE)

static uint64_t used[KSTACK_SLOTS / 64];   /* one bit per slot */
static unsigned in_use;

static uint64_t slot_stack(unsigned slot)
{
	return KSTACK_AREA + (uint64_t)slot * KSTACK_SLOT;
}

/* Unmap and free the first `pages` pages of the stack at va. One unmap
 * for them all: on x86 each unmap of a kernel page asks every other CPU
 * to flush it (kernel/tlb.c), so one round of IPIs, not one per page. The
 * pages are freed only after, when no CPU can reach them any more. */
static void unmap_pages(uint64_t va, unsigned pages)
{
	paddr_t pa[PAGES];

	for (unsigned i = 0; i < pages; i++)
		if (!vm_translate(kernel_root, va + (uint64_t)i * PAGE_SIZE, &pa[i], NULL))
			pa[i] = 0;
	vm_unmap(kernel_root, va, (uint64_t)pages * PAGE_SIZE);
	for (unsigned i = 0; i < pages; i++)
		if (pa[i])
			pmm_free(pa[i]);
}

/*
 * The page tables under the whole area are made once, at the first
 * allocation (vm_map makes the missing ones; the unmap keeps them), so
 * that later stacks never take a page-table page: the free-page count
 * comes back exactly when a thread ends, however many threads existed at
 * once. 2048 slots of 32 KiB are 64 MiB, 32 tables of the lowest level.
 */
static void make_tables(void)
{
	paddr_t pa = pmm_alloc();

	if (!pa)
		panic("kstack: no memory for the stack area's page tables");
	for (uint64_t va = KSTACK_AREA; va < KSTACK_AREA_END; va += 2 * 1024 * 1024) {
		if (vm_map(kernel_root, va, pa, PAGE_SIZE, VM_READ))
			panic("kstack: cannot make the page tables at %#lx", va);
		vm_unmap(kernel_root, va, PAGE_SIZE);
	}
	pmm_free(pa);
}

void *kstack_alloc(void)
{
	static bool tables_made;
	uint64_t f;
	unsigned slot = KSTACK_SLOTS;

	if (!tables_made) {
		make_tables();
		tables_made = true;
	}
	f = arch_irq_save();

	for (unsigned i = 0; i < KSTACK_SLOTS; i++)
		if (!(used[i / 64] & (1ull << (i % 64)))) {
			slot = i;
			used[i / 64] |= 1ull << (i % 64);
			break;
		}
	arch_irq_restore(f);
	if (slot == KSTACK_SLOTS)
		return NULL;

	uint64_t va = slot_stack(slot);
	for (unsigned i = 0; i < PAGES; i++) {
		paddr_t pa = pmm_alloc();
		/* vm_map may need a page table too; if anything fails, give back
		 * what this call took and the slot. */
		if (!pa || vm_map(kernel_root, va + (uint64_t)i * PAGE_SIZE, pa, PAGE_SIZE,
				  VM_READ | VM_WRITE)) {
			if (pa)
				pmm_free(pa);
			unmap_pages(va, i);
			f = arch_irq_save();
			used[slot / 64] &= ~(1ull << (slot % 64));
			arch_irq_restore(f);
			return NULL;
		}
	}
	f = arch_irq_save();
	in_use++;
	arch_irq_restore(f);
	return (void *)va;
}

void kstack_free(void *stack)
{
	uint64_t va = (uint64_t)stack;
	unsigned slot = (va - KSTACK_AREA) / KSTACK_SLOT;

	BUG_ON(va < KSTACK_AREA || va >= KSTACK_AREA_END || va != slot_stack(slot));
	unmap_pages(va, PAGES);
	uint64_t f = arch_irq_save();
	used[slot / 64] &= ~(1ull << (slot % 64));
	in_use--;
	arch_irq_restore(f);
}

unsigned kstack_count(void)
{
	return in_use;
}
