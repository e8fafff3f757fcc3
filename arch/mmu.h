/*
 * arch/mmu.h - the memory vocabulary that arch code and kernel/vm.c share.
 *
 *  - VM_* are the generic mapping permissions; each arch's asm/pte.h turns
 *    them into page-table entry bits.
 *  - phys_to_virt/virt_to_phys: the direct map (all RAM at DIRECT_MAP + pa)
 *    and the kernel image (at KERNEL_VMA), laid out by boot/boot_info.h.
 *  - Two services of the generic page-table walker (kernel/vm.c, a layer
 *    above) that arch code needs: mapping device registers, and looking a
 *    translation up (to tell a SMAP violation from a kernel bug, and to
 *    follow a backtrace safely). vm_init() registers them (mmu_set_ops);
 *    before that, mmu_map fails and mmu_translate finds nothing.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include "base/types.h"
#include "boot/boot_info.h"

#define VM_READ    0x01u
#define VM_WRITE   0x02u
#define VM_EXEC    0x04u
#define VM_USER    0x08u   /* reachable from user mode */
#define VM_DEVICE  0x10u   /* uncached device memory (MMIO) */

extern paddr_t kernel_phys_base;   /* where the loader put the image */
extern paddr_t kernel_root;        /* the kernel's top-level table (vm_init) */

static inline void *phys_to_virt(paddr_t pa) { return (void *)(DIRECT_MAP + pa); }

/* Kernel virtual address (image or direct map) to physical. */
static inline paddr_t virt_to_phys(const void *p)
{
	vaddr_t va = (vaddr_t)p;
	if (va >= KERNEL_VMA)
		return kernel_phys_base + (va - KERNEL_VMA);
	return va - DIRECT_MAP;
}

struct mmu_ops {
	int  (*map)(paddr_t root, vaddr_t va, paddr_t pa, uint64_t size, unsigned flags);
	bool (*translate)(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags);
};
void mmu_set_ops(const struct mmu_ops *ops);

/* vm_map / vm_translate (kernel/vm.h) through the registered ops. */
int  mmu_map(paddr_t root, vaddr_t va, paddr_t pa, uint64_t size, unsigned flags);
bool mmu_translate(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags);

/* Map [pa, pa + size) uncached at DIRECT_MAP + pa in the kernel's tables
 * and return that address; 0 if it could not be mapped. */
uintptr_t mmu_map_device(paddr_t pa, uint64_t size);

#endif
