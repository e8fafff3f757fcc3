/* kernel/mm.c - user address spaces (see mm.h). */
#include "mm.h"
#include "vm.h"
#include "pmm.h"
#include "kmalloc.h"
#include "base/string.h"
#include "base/printk.h"
#include "uapi/errno.h"
#include <asm/pte.h>

static size_t npages(const struct vma *v)
{
	return (v->end - v->start) / PAGE_SIZE;
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (mm && !(mm->root = vm_user_root_create())) {
		kfree(mm);
		return NULL;
	}
	if (mm)
		mm->refs = 1;
	return mm;
}

/* Clear the entries of [start, end) and free the page tables left empty:
 * no empty table outlives a system call, so a failed call that made one
 * and gave it back leaves the free pages exactly as they were. */
static void clear_ptes(struct mm *mm, uintptr_t start, uintptr_t end)
{
	vm_unmap(mm->root, start, end - start);
	vm_prune(mm->root, start, end);
}

/*
 * Enter the page-table entries of a whole area with its protection, or
 * clear them for PROT_NONE. A page table that cannot be allocated is
 * -ENOMEM, with every entry of the area cleared again: the caller undoes
 * the rest. (Clearing never allocates, so PROT_NONE cannot fail, nor can
 * a change between two accessible protections: the tables are there.)
 *
 * A page that stays mapped changes its protection in place (vm_protect):
 * another thread of the process may be using it on another CPU right now,
 * and must never find it unmapped for a moment (docs/smp.md). The TLBs
 * are flushed once for the whole area, not once per page.
 */
static long vma_set_ptes(struct mm *mm, struct vma *v)
{
	if (!v->prot) {
		clear_ptes(mm, v->start, v->end);
		return 0;
	}
	for (size_t i = 0; i < npages(v); i++) {
		uintptr_t va = v->start + i * PAGE_SIZE;
		if (!vm_translate(mm->root, va, NULL, NULL) &&
		    vm_map(mm->root, va, v->pages[i], PAGE_SIZE, v->prot | VM_USER)) {
			clear_ptes(mm, v->start, v->end);
			return -ENOMEM;
		}
	}
	vm_protect(mm->root, v->start, v->end - v->start, v->prot | VM_USER);
	return 0;
}

/* The pages are freed only after the unmap has flushed every CPU's TLB
 * (kernel/tlb.c): until then another CPU could still reach them. */
static void vma_free(struct mm *mm, struct vma *v)
{
	vm_unmap(mm->root, v->start, v->end - v->start);
	for (size_t i = 0; i < npages(v); i++)
		pmm_free(v->pages[i]);
	kfree(v->pages);
	kfree(v);
}

void mm_get(struct mm *mm)
{
	__atomic_add_fetch(&mm->refs, 1, __ATOMIC_RELAXED);
}

void mm_put(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->refs, 1, __ATOMIC_ACQ_REL))
		return;
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		mm->vmas = v->next;
		vma_free(mm, v);
	}
	vm_user_root_destroy(mm->root);
	kfree(mm);
}

void mm_activate(struct mm *mm)
{
	if (vm_active_user() != mm->root)
		vm_activate_user(mm->root);
}

static void vma_insert(struct mm *mm, struct vma *v)
{
	struct vma **pp = &mm->vmas;

	while (*pp && (*pp)->start < v->start)
		pp = &(*pp)->next;
	v->next = *pp;
	*pp = v;
}

static bool overlaps(const struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (const struct vma *v = mm->vmas; v; v = v->next)
		if (v->start < end && start < v->end)
			return true;
	return false;
}

/* A new area with pages (copied from `copy` if given, else zeroed). */
static struct vma *vma_new(uintptr_t start, uintptr_t end, unsigned prot, enum vma_kind kind,
			   const paddr_t *copy)
{
	struct vma *v = kzalloc(sizeof(*v));
	size_t n = (end - start) / PAGE_SIZE;

	if (!v || !(v->pages = kzalloc(n * sizeof(paddr_t)))) {
		kfree(v);
		return NULL;
	}
	*v = (struct vma){ start, end, prot, kind, v->pages, NULL };
	for (size_t i = 0; i < n; i++) {
		if (!(v->pages[i] = pmm_alloc())) {
			while (i--)
				pmm_free(v->pages[i]);
			kfree(v->pages);
			kfree(v);
			return NULL;
		}
		if (copy)
			memcpy(phys_to_virt(v->pages[i]), phys_to_virt(copy[i]), PAGE_SIZE);
	}
	return v;
}

long mm_map(struct mm *mm, uintptr_t start, size_t len, unsigned prot, enum vma_kind kind)
{
	uintptr_t end = start + ALIGN_UP(len, PAGE_SIZE);

	if ((start & (PAGE_SIZE - 1)) || !len || end <= start || end > USER_VA_LIMIT || start < PAGE_SIZE)
		return -EINVAL;
	if (overlaps(mm, start, end))
		return -EINVAL;
	if (end - start > MAX_MAP_BYTES - mm->mapped)
		return -ENOMEM;                 /* the per-process limit */
	struct vma *v = vma_new(start, end, prot, kind, NULL);
	if (!v)
		return -ENOMEM;
	if (vma_set_ptes(mm, v)) {
		vma_free(mm, v);
		return -ENOMEM;
	}
	vma_insert(mm, v);
	mm->mapped += end - start;
	return 0;
}

struct mm *mm_clone(const struct mm *mm)
{
	struct mm *c = mm_create();

	if (!c)
		return NULL;
	c->brk_start = mm->brk_start;
	c->brk = mm->brk;
	c->mapped = mm->mapped;
	for (const struct vma *v = mm->vmas; v; v = v->next) {
		struct vma *n = vma_new(v->start, v->end, v->prot, v->kind, v->pages);
		if (n)
			vma_insert(c, n);
		if (!n || vma_set_ptes(c, n)) {
			mm_put(c);             /* frees n and every area before it */
			return NULL;
		}
	}
	return c;
}

/*
 * Splitting areas (munmap and mprotect of part of an area). The new areas
 * are allocated first, before anything changes, so that a lack of memory
 * leaves the address space exactly as it was; the split itself then
 * cannot fail.
 *
 * The new area for the part of the area around addr above addr, or NULL
 * in *h if no area has addr strictly inside it.
 */
static long split_prepare(struct mm *mm, uintptr_t addr, struct vma **h)
{
	*h = NULL;
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start < addr && addr < v->end) {
			size_t high = (v->end - addr) / PAGE_SIZE;
			if (!(*h = kzalloc(sizeof(**h))) ||
			    !((*h)->pages = kmalloc(high * sizeof(paddr_t)))) {
				kfree(*h);
				*h = NULL;
				return -ENOMEM;
			}
		}
	return 0;
}

static void split_cancel(struct vma *h)
{
	if (h) {
		kfree(h->pages);
		kfree(h);
	}
}

/* Split the area with addr strictly inside: it keeps the low part (and its
 * page list, whose tail is simply no longer used), h takes the high part. */
static void split_do(struct mm *mm, uintptr_t addr, struct vma *h)
{
	struct vma *v = mm->vmas;

	if (!h)
		return;
	while (!(v->start < addr && addr < v->end))
		v = v->next;
	memcpy(h->pages, v->pages + (addr - v->start) / PAGE_SIZE,
	       (v->end - addr) / PAGE_SIZE * sizeof(paddr_t));
	h->start = addr;
	h->end = v->end;
	h->prot = v->prot;
	h->kind = v->kind;
	h->next = v->next;
	v->end = addr;
	v->next = h;
}

struct splits { struct vma *at_start, *at_end; };

/* The areas needed so that start and end fall on area boundaries. The one
 * for end is sized for the area around end as it is now, which is also
 * the one around end after the split at start. */
static long splits_prepare(struct mm *mm, uintptr_t start, uintptr_t end, struct splits *s)
{
	if (split_prepare(mm, start, &s->at_start))
		return -ENOMEM;
	if (split_prepare(mm, end, &s->at_end)) {
		split_cancel(s->at_start);
		return -ENOMEM;
	}
	return 0;
}

static void splits_do(struct mm *mm, uintptr_t start, uintptr_t end, struct splits *s)
{
	split_do(mm, start, s->at_start);
	split_do(mm, end, s->at_end);
}

static long check_range(uintptr_t start, size_t len, uintptr_t *end)
{
	if ((start & (PAGE_SIZE - 1)) || !len)
		return -EINVAL;
	*end = start + ALIGN_UP(len, PAGE_SIZE);
	if (*end <= start || *end > USER_VA_LIMIT)
		return -EINVAL;
	return 0;
}

/* Like munmap(2): unmapping a range with no mapping in it is not an error. */
long mm_unmap(struct mm *mm, uintptr_t start, size_t len)
{
	uintptr_t end;
	struct splits s;
	long err = check_range(start, len, &end);

	if (err || (err = splits_prepare(mm, start, end, &s)))
		return err;
	splits_do(mm, start, end, &s);
	for (struct vma **pp = &mm->vmas; *pp; ) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			*pp = v->next;
			mm->mapped -= v->end - v->start;
			vma_free(mm, v);
		} else {
			pp = &v->next;
		}
	}
	vm_prune(mm->root, start, end);
	return 0;
}

/*
 * Pages of [start, end) that become accessible from PROT_NONE need their
 * page tables, which may not exist yet: make them before anything changes.
 * If memory runs out, those made for earlier pages are freed again.
 */
static long tables_prepare(struct mm *mm, uintptr_t start, uintptr_t end, unsigned prot)
{
	for (const struct vma *v = mm->vmas; v && prot; v = v->next) {
		if (v->prot || v->end <= start || v->start >= end)
			continue;
		uintptr_t from = v->start > start ? v->start : start;
		uintptr_t to = v->end < end ? v->end : end;
		for (uintptr_t va = from; va < to; va += PAGE_SIZE)
			if (vm_prepare(mm->root, va)) {
				vm_prune(mm->root, start, end);
				return -ENOMEM;
			}
	}
	return 0;
}

/* Like mprotect(2): every page in the range must be mapped (-ENOMEM otherwise). */
long mm_protect(struct mm *mm, uintptr_t start, size_t len, unsigned prot)
{
	uintptr_t end, covered = start;
	struct splits s;
	long err = check_range(start, len, &end);

	if (err)
		return err;
	for (struct vma *v = mm->vmas; v && covered < end; v = v->next)
		if (v->start <= covered && v->end > covered)
			covered = v->end;
	if (covered < end)
		return -ENOMEM;
	if ((err = splits_prepare(mm, start, end, &s)))
		return err;
	if ((err = tables_prepare(mm, start, end, prot))) {
		split_cancel(s.at_start);
		split_cancel(s.at_end);
		return err;
	}
	/* From here on nothing can fail. */
	splits_do(mm, start, end, &s);
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start >= start && v->end <= end && v->prot != prot) {
			v->prot = prot;
			err = vma_set_ptes(mm, v);
			BUG_ON(err);               /* tables_prepare made every table */
		}
	return 0;
}

/*
 * First fit from MMAP_BASE: the lowest range of len bytes with an unmapped
 * page after it. Reusing freed ranges keeps the page tables from growing
 * with every mmap/munmap (or thread create/join) cycle.
 */
uintptr_t mm_find_free(struct mm *mm, size_t len)
{
	uintptr_t start = MMAP_BASE;

	len = ALIGN_UP(len, PAGE_SIZE);
	for (const struct vma *v = mm->vmas; v; v = v->next) {
		if (v->end + PAGE_SIZE <= start)
			continue;                          /* entirely below */
		if (v->start >= start + len + PAGE_SIZE)
			break;                             /* the gap before v fits */
		start = v->end + PAGE_SIZE;                /* keep v's hole after it */
	}
	return start;
}

long mm_copy_in(struct mm *mm, uintptr_t dst, const void *src, size_t len)
{
	const uint8_t *s = src;

	while (len) {
		paddr_t pa;
		size_t off = dst & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
		if (n > len)
			n = len;
		const struct vma *v = mm->vmas;
		while (v && !(v->start <= dst && dst < v->end))
			v = v->next;
		if (!v)
			return -EFAULT;
		pa = v->pages[(dst - v->start) / PAGE_SIZE];
		memcpy((uint8_t *)phys_to_virt(pa) + off, s, n);
		dst += n, s += n, len -= n;
	}
	return 0;
}

long mm_check(struct mm *mm)
{
	long bad = 0;

	for (const struct vma *v = mm->vmas; v; v = v->next)
		for (size_t i = 0; i < npages(v); i++) {
			uintptr_t va = v->start + i * PAGE_SIZE;
			paddr_t pa;
			unsigned f;
			bool mapped = vm_translate(mm->root, va, &pa, &f);
			if (v->prot ? !mapped || pa != v->pages[i] || f != (v->prot | VM_USER) : mapped) {
				kprintf("kcheck: user page %#lx: table says %s %#lx flags %#x, area says %#lx prot %#x\n",
					va, mapped ? "mapped" : "unmapped", mapped ? pa : 0, mapped ? f : 0,
					v->pages[i], v->prot);
				bad++;
			}
		}
	return bad ? -EIO : 0;
}
