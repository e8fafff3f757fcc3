/*
 * kernel/vm.h - page tables, generic over the architecture.
 *
 * x86-64 and ARM64 (4 KiB granule, 48-bit VA) share one shape: four levels
 * of 512 eight-byte entries, indexed by VA bits 47:39, 38:30, 29:21, 20:12.
 * kernel/vm.c walks that shape; arch/<arch>/include/asm/pte.h says how an
 * entry encodes "table", "leaf at this level" and the permission bits.
 * Levels are numbered from the leaf: 0 = 4 KiB page, 1 = 2 MiB, 2 = 1 GiB,
 * 3 = top (PML4 / TTBR L0 table).
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "base/types.h"
#include "arch/mmu.h"   /* VM_* permissions, phys_to_virt, kernel_root */

#define VM_LEVELS  4
#define VM_LEVEL_SHIFT(l) (PAGE_SHIFT + 9 * (l))
#define VM_LEVEL_SIZE(l)  ((uint64_t)1 << VM_LEVEL_SHIFT(l))

void vm_init(const struct boot_info *bi);

/*
 * User address spaces. A user root maps [0, USER_VA_LIMIT) (asm/pte.h);
 * on x86-64 its upper half points at the kernel's own tables, on ARM64 it
 * is a separate TTBR0 table. Destroying a root frees its page tables but
 * not the pages they map: those belong to whoever mapped them.
 */
paddr_t vm_user_root_create(void);      /* 0 when out of memory */
void    vm_user_root_destroy(paddr_t root);
void    vm_activate_user(paddr_t root); /* 0: no user space (kernel only) */
paddr_t vm_active_user(void);            /* this CPU's */
paddr_t vm_active_user_on(unsigned cpu);
int  vm_map(paddr_t root, vaddr_t va, paddr_t pa, uint64_t size, unsigned flags);
int  vm_unmap(paddr_t root, vaddr_t va, uint64_t size);
int  vm_prepare(paddr_t root, vaddr_t va);   /* the tables for one page: 0 or -1 */
/* Free the page tables (not the top one) that cover part of [start, end)
 * and map nothing: user address spaces call it wherever they unmap, so no
 * empty table outlives a system call. */
void vm_prune(paddr_t root, vaddr_t start, vaddr_t end);
bool vm_translate(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags);
int  vm_protect(paddr_t root, vaddr_t va, uint64_t size, unsigned flags);

#endif
