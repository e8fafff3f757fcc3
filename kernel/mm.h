/*
 * kernel/mm.h - a process's address space: page tables plus areas.
 *
 * An area (struct vma) is a page-aligned range with one protection and
 * its own physical pages, allocated and zeroed when the area is created
 * (no demand paging, no copy-on-write: simple to follow, and fork simply
 * copies). The page list is kept even while an area is PROT_NONE, whose
 * page-table entries are absent, so mprotect can bring the contents back.
 *
 * Layout (both architectures):
 *   0x400000               program (ELF segments), then the heap (sbrk)
 *   MMAP_BASE              anonymous mmap areas, each followed by a hole
 *   USER_STACK_TOP         the stack grows down from here; the page below
 *                          its lowest page is never mapped (guard page)
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "base/types.h"

#define MMAP_BASE       0x0000100000000000ull
#define USER_STACK_TOP  0x00007ff000000000ull
#define USER_STACK_SIZE (256 * 1024)
#define HEAP_MAX        (256ull << 20)     /* sbrk limit */
/* Bytes of areas one process may have mapped (program, heap, stacks,
 * mmap): beyond it mmap, sbrk, thread_create, exec fail with ENOMEM. */
#define MAX_MAP_BYTES   (128ull << 20)

enum vma_kind { VMA_PROGRAM, VMA_HEAP, VMA_STACK, VMA_MMAP };

struct vma {
	uintptr_t start, end;        /* page aligned, end exclusive */
	unsigned prot;               /* VM_READ | VM_WRITE | VM_EXEC, 0 = PROT_NONE */
	enum vma_kind kind;
	paddr_t *pages;              /* (end - start) / PAGE_SIZE physical pages */
	struct vma *next;            /* sorted by start */
};

struct mm {
	paddr_t root;                /* vm_user_root_create() */
	struct vma *vmas;
	uintptr_t brk_start, brk;    /* heap: [brk_start, brk) rounded up to pages */
	size_t mapped;               /* bytes in all areas, at most MAX_MAP_BYTES */
	unsigned refs;               /* the process, plus each thread attached to it
	                                (kernel/attach.c): freed by the last mm_put */
};

struct mm *mm_create(void);                        /* one reference */
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);                        /* the last one frees it all */
struct mm *mm_clone(const struct mm *mm);          /* for fork: copies every page */
void mm_activate(struct mm *mm);

/* Map fresh zeroed pages at [start, start+len); -EINVAL if it overlaps, -ENOMEM. */
long mm_map(struct mm *mm, uintptr_t start, size_t len, unsigned prot, enum vma_kind kind);
long mm_unmap(struct mm *mm, uintptr_t start, size_t len);
long mm_protect(struct mm *mm, uintptr_t start, size_t len, unsigned prot);
/* A free range of len bytes for mmap, with an unmapped page after it. */
uintptr_t mm_find_free(struct mm *mm, size_t len);
/* Copy kernel bytes into the address space through the kernel's own view of
 * its pages (used while building a new program, before it runs). */
long mm_copy_in(struct mm *mm, uintptr_t dst, const void *src, size_t len);
/* Do the page tables say exactly what the areas say? 0 or -EIO (kcheck). */
long mm_check(struct mm *mm);

#endif
