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
	return mm;
}

/* Enter or clear the page-table entries of a whole area. */
static void vma_set_ptes(struct mm *mm, struct vma *v)
{
	for (size_t i = 0; i < npages(v); i++) {
		uintptr_t va = v->start + i * PAGE_SIZE;
		vm_unmap(mm->root, va, PAGE_SIZE);
		if (v->prot && vm_map(mm->root, va, v->pages[i], PAGE_SIZE, v->prot | VM_USER))
			panic("mm: cannot map user page %#lx", va);
	}
}

static void vma_free(struct mm *mm, struct vma *v)
{
	for (size_t i = 0; i < npages(v); i++) {
		vm_unmap(mm->root, v->start + i * PAGE_SIZE, PAGE_SIZE);
		pmm_free(v->pages[i]);
	}
	kfree(v->pages);
	kfree(v);
}

void mm_destroy(struct mm *mm)
{
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
	struct vma *v = vma_new(start, end, prot, kind, NULL);
	if (!v)
		return -ENOMEM;
	vma_insert(mm, v);
	vma_set_ptes(mm, v);
	return 0;
}

struct mm *mm_clone(const struct mm *mm)
{
	struct mm *c = mm_create();

	if (!c)
		return NULL;
	c->brk_start = mm->brk_start;
	c->brk = mm->brk;
	for (const struct vma *v = mm->vmas; v; v = v->next) {
		struct vma *n = vma_new(v->start, v->end, v->prot, v->kind, v->pages);
		if (!n) {
			mm_destroy(c);
			return NULL;
		}
		vma_insert(c, n);
		vma_set_ptes(c, n);
	}
	return c;
}

/*
 * Split v at addr (page aligned, strictly inside v): v keeps the low part,
 * a new area after it takes the high part and its pages.
 */
static long vma_split(struct vma *v, uintptr_t addr)
{
	size_t low = (addr - v->start) / PAGE_SIZE, high = (v->end - addr) / PAGE_SIZE;
	struct vma *h = kzalloc(sizeof(*h));
	paddr_t *lp = kmalloc(low * sizeof(paddr_t));

	if (!h || !lp || !(h->pages = kmalloc(high * sizeof(paddr_t)))) {
		kfree(h);
		kfree(lp);
		return -ENOMEM;
	}
	memcpy(lp, v->pages, low * sizeof(paddr_t));
	memcpy(h->pages, v->pages + low, high * sizeof(paddr_t));
	kfree(v->pages);
	v->pages = lp;
	h->start = addr;
	h->end = v->end;
	h->prot = v->prot;
	h->kind = v->kind;
	h->next = v->next;
	v->end = addr;
	v->next = h;
	return 0;
}

/* Split areas so that start and end fall on area boundaries. */
static long split_at_bounds(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (struct vma *v = mm->vmas; v; v = v->next) {
		long err = 0;
		if (v->start < start && start < v->end)
			err = vma_split(v, start);
		else if (v->start < end && end < v->end)
			err = vma_split(v, end);
		if (err)
			return err;
	}
	return 0;
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
	long err = check_range(start, len, &end);

	if (err || (err = split_at_bounds(mm, start, end)))
		return err;
	for (struct vma **pp = &mm->vmas; *pp; ) {
		struct vma *v = *pp;
		if (v->start >= start && v->end <= end) {
			*pp = v->next;
			vma_free(mm, v);
		} else {
			pp = &v->next;
		}
	}
	return 0;
}

/* Like mprotect(2): every page in the range must be mapped (-ENOMEM otherwise). */
long mm_protect(struct mm *mm, uintptr_t start, size_t len, unsigned prot)
{
	uintptr_t end, covered = start;
	long err = check_range(start, len, &end);

	if (err)
		return err;
	for (struct vma *v = mm->vmas; v && covered < end; v = v->next)
		if (v->start <= covered && v->end > covered)
			covered = v->end;
	if (covered < end)
		return -ENOMEM;
	if ((err = split_at_bounds(mm, start, end)))
		return err;
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->start >= start && v->end <= end && v->prot != prot) {
			v->prot = prot;
			vma_set_ptes(mm, v);
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
