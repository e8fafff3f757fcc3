/* arch/mmu.c - the page-table services arch code borrows (see arch/mmu.h). */
#include "arch/mmu.h"
#include "arch/arch.h"

paddr_t kernel_phys_base;
paddr_t kernel_root;
static struct mmu_ops ops;

void mmu_set_ops(const struct mmu_ops *o)
{
	ops = *o;
}

int mmu_map(paddr_t root, vaddr_t va, paddr_t pa, uint64_t size, unsigned flags)
{
	return ops.map ? ops.map(root, va, pa, size, flags) : -1;
}

bool mmu_translate(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags)
{
	return ops.translate && ops.translate(root, va, pa, flags);
}

uintptr_t mmu_map_device(paddr_t pa, uint64_t size)
{
	vaddr_t va = DIRECT_MAP + pa;
	paddr_t first = pa & ~(PAGE_SIZE - 1);

	size = ((pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - first;
	if (!kernel_root || mmu_map(kernel_root, DIRECT_MAP + first, first, size,
				    VM_READ | VM_WRITE | VM_DEVICE) != 0)
		return 0;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		arch_tlb_flush_va(DIRECT_MAP + first + off);
	return va;
}
