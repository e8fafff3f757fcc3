/*
 * kernel/pmm.h - the physical page allocator.
 *
 * One bit per 4 KiB page of physical memory, set when the page is in use
 * (or not RAM at all). Fed by the UEFI memory map that the loader passed in
 * struct boot_info: only BOOT_MEM_USABLE regions start free; the kernel
 * image, the initrd, ACPI tables, firmware runtime memory and the loader's
 * hand-over data stay reserved.
 */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include "base/types.h"

struct boot_info;

void    pmm_init(const struct boot_info *bi);
paddr_t pmm_alloc(void);                 /* one zeroed page, 0 when memory is exhausted */
paddr_t pmm_alloc_contig(size_t pages);  /* contiguous zeroed pages, 0 on failure */
void    pmm_free(paddr_t pa);            /* panics on a double free or a non-RAM page */
void    pmm_free_contig(paddr_t pa, size_t pages);
void    pmm_reserve_range(paddr_t pa, uint64_t size);  /* take pages out of circulation */
void    pmm_release_range(paddr_t pa, uint64_t size);  /* hand reserved RAM to the allocator */

size_t  pmm_free_pages(void);
size_t  pmm_total_pages(void);           /* usable RAM at boot, in pages */
paddr_t pmm_phys_end(void);              /* highest RAM address + 1 */

#endif
