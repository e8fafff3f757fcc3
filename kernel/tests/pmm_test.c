/* kernel/tests/pmm_test.c - the physical page allocator. */
#include "ktest.h"
#include "pmm.h"
#include "vm.h"
#include "kmalloc.h"
#include "base/string.h"

KTEST(pmm_alloc_is_zeroed_and_aligned)
{
	paddr_t pa = pmm_alloc();
	KASSERT(pa != 0);
	KEXPECT((pa & (PAGE_SIZE - 1)) == 0);
	const uint8_t *p = phys_to_virt(pa);
	bool zero = true;
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		zero &= p[i] == 0;
	KEXPECT(zero);
	pmm_free(pa);
}

KTEST(pmm_free_count_tracks_alloc)
{
	size_t before = pmm_free_pages();
	paddr_t a = pmm_alloc(), b = pmm_alloc_contig(3);
	KASSERT(a && b);
	KEXPECT_EQ(pmm_free_pages(), before - 4);
	pmm_free(a);
	pmm_free_contig(b, 3);
	KEXPECT_EQ(pmm_free_pages(), before);
}

/*
 * Take every free page, checking that no page is handed out twice, then
 * give them all back. The pages themselves hold the list (each page's
 * first word is the previous page's address), so the test needs no memory
 * it does not own; a bitmap of pages seen catches a double hand-out.
 */
KTEST(pmm_exhaust_free_reuse)
{
	size_t before = pmm_free_pages();
	size_t bits = pmm_phys_end() / PAGE_SIZE;
	uint8_t *seen = kzalloc(bits / 8 + 1);
	KASSERT(seen != NULL);
	before = pmm_free_pages();   /* kzalloc may have taken pages */

	paddr_t head = 0, pa;
	size_t n = 0, dups = 0;
	while ((pa = pmm_alloc()) != 0) {
		size_t i = pa / PAGE_SIZE;
		if (seen[i / 8] & (1 << (i % 8)))
			dups++;
		seen[i / 8] |= 1 << (i % 8);
		*(paddr_t *)phys_to_virt(pa) = head;
		head = pa;
		n++;
	}
	KEXPECT_EQ(n, before);
	KEXPECT_EQ(dups, 0);
	KEXPECT_EQ(pmm_free_pages(), 0);
	KEXPECT_EQ(pmm_alloc_contig(1), 0);   /* exhausted really means exhausted */

	paddr_t last_freed = head;
	while (head) {
		paddr_t next = *(paddr_t *)phys_to_virt(head);
		pmm_free(head);
		head = next;
	}
	KEXPECT_EQ(pmm_free_pages(), before);

	/* Freed pages are reusable: the next allocation is one of them. */
	pa = pmm_alloc();
	KASSERT(pa != 0);
	size_t i = pa / PAGE_SIZE;
	KEXPECT(seen[i / 8] & (1 << (i % 8)));
	KEXPECT(last_freed != 0);
	pmm_free(pa);
	kfree(seen);
}

KTEST(pmm_contig_is_contiguous)
{
	paddr_t pa = pmm_alloc_contig(16);
	KASSERT(pa != 0);
	for (unsigned k = 0; k < 16; k++)
		*(uint64_t *)phys_to_virt(pa + k * PAGE_SIZE) = k;
	/* a page allocated next must not lie inside the block */
	paddr_t other = pmm_alloc();
	KEXPECT(other < pa || other >= pa + 16 * PAGE_SIZE);
	for (unsigned k = 0; k < 16; k++)
		KEXPECT_EQ(*(uint64_t *)phys_to_virt(pa + k * PAGE_SIZE), k);
	pmm_free(other);
	pmm_free_contig(pa, 16);
}
