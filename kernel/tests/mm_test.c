/* kernel/tests/mm_test.c - user address spaces: areas, splits, clones. */
#include "ktest.h"
#include "mm.h"
#include "vm.h"
#include "pmm.h"
#include "base/string.h"

#define BASE 0x20000000ull

static unsigned flags_at(struct mm *mm, uintptr_t va)
{
	unsigned f = 0;
	return vm_translate(mm->root, va, NULL, &f) ? f : 0;
}

static unsigned count_vmas(struct mm *mm)
{
	unsigned n = 0;
	for (struct vma *v = mm->vmas; v; v = v->next)
		n++;
	return n;
}

KTEST(mm_map_protect_unmap_split_areas)
{
	size_t free_before = pmm_free_pages();
	struct mm *mm = mm_create();
	KASSERT(mm != NULL);

	KEXPECT_EQ(mm_map(mm, BASE, 4 * PAGE_SIZE, VM_READ | VM_WRITE, VMA_MMAP), 0);
	KEXPECT(mm_map(mm, BASE + PAGE_SIZE, PAGE_SIZE, VM_READ, VMA_MMAP) != 0);   /* overlap */
	KEXPECT_EQ(flags_at(mm, BASE + 3 * PAGE_SIZE), VM_READ | VM_WRITE | VM_USER);

	/* protect the middle two pages: three areas, PROT_NONE leaves no PTEs */
	KEXPECT_EQ(mm_protect(mm, BASE + PAGE_SIZE, 2 * PAGE_SIZE, 0), 0);
	KEXPECT_EQ(count_vmas(mm), 3);
	KEXPECT_EQ(flags_at(mm, BASE + PAGE_SIZE), 0);
	KEXPECT_EQ(flags_at(mm, BASE), VM_READ | VM_WRITE | VM_USER);
	KEXPECT_EQ(mm_check(mm), 0);
	/* the contents survive PROT_NONE and come back */
	KEXPECT_EQ(mm_copy_in(mm, BASE + PAGE_SIZE + 5, "kept", 5), 0);
	KEXPECT_EQ(mm_protect(mm, BASE + PAGE_SIZE, PAGE_SIZE, VM_READ), 0);
	paddr_t pa;
	KASSERT(vm_translate(mm->root, BASE + PAGE_SIZE, &pa, NULL));
	KEXPECT(!memcmp((char *)phys_to_virt(pa) + 5, "kept", 5));

	/* unmap one page out of the middle, and a range with nothing in it */
	KEXPECT_EQ(mm_unmap(mm, BASE + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	KEXPECT_EQ(flags_at(mm, BASE + 2 * PAGE_SIZE), 0);
	KEXPECT_EQ(mm_unmap(mm, BASE + 100 * PAGE_SIZE, PAGE_SIZE), 0);
	KEXPECT(mm_protect(mm, BASE, 4 * PAGE_SIZE, VM_READ) != 0);   /* hole inside: ENOMEM */
	KEXPECT_EQ(mm_check(mm), 0);
	KEXPECT(mm_unmap(mm, BASE + 1, PAGE_SIZE) != 0);              /* misaligned */
	mm_put(mm);
	KEXPECT_EQ(pmm_free_pages(), free_before);                    /* nothing leaked */
}

KTEST(mm_clone_copies_every_page)
{
	struct mm *mm = mm_create(), *copy;
	KASSERT(mm != NULL);
	KEXPECT_EQ(mm_map(mm, BASE, 2 * PAGE_SIZE, VM_READ | VM_WRITE, VMA_HEAP), 0);
	KEXPECT_EQ(mm_copy_in(mm, BASE + PAGE_SIZE - 2, "abcd", 4), 0);   /* across pages */
	mm->brk_start = BASE;
	mm->brk = BASE + 100;
	KASSERT((copy = mm_clone(mm)) != NULL);
	paddr_t a, b;
	KASSERT(vm_translate(mm->root, BASE + PAGE_SIZE, &a, NULL));
	KASSERT(vm_translate(copy->root, BASE + PAGE_SIZE, &b, NULL));
	KEXPECT(a != b);                                  /* its own pages ... */
	KEXPECT(!memcmp(phys_to_virt(b), "cd", 2));       /* ... with the same bytes */
	KEXPECT_EQ(copy->brk, BASE + 100);
	KEXPECT_EQ(mm_check(copy), 0);
	mm_put(copy);
	mm_put(mm);
}
