/*
 * kernel/kmalloc.h - the kernel heap.
 *
 * Small objects (up to 2 KiB) come from size-class slabs: a page holds a
 * header and objects of one size. Larger blocks are whole pages. Both live
 * in the direct map, so heap memory is read-write and never executable.
 */
#ifndef KERNEL_KMALLOC_H
#define KERNEL_KMALLOC_H

#include "base/types.h"

void *kmalloc(size_t size);      /* 16-byte aligned, uninitialised; NULL if out of memory */
void *kzalloc(size_t size);      /* zeroed */
void  kfree(void *p);            /* NULL is ignored; a pointer kmalloc did not return panics */
size_t kmalloc_usable_size(const void *p);
size_t kmalloc_bytes_in_use(void);   /* for leak checks (sysinfo) */
/* Pages the heap holds, partly used slab pages too. With several CPUs the
 * objects that outlive a test may end up on a new slab page while an old
 * one keeps another: one page more, yet nothing leaked (sysinfo). */
size_t kmalloc_pages(void);
long kmalloc_check(void);            /* walk the free lists: 0, or -EIO if corrupt */

#endif
