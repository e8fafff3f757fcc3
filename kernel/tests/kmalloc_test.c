/* kernel/tests/kmalloc_test.c - heap allocations keep to themselves. */
#include "ktest.h"
#include "kmalloc.h"
#include "pmm.h"
#include "base/string.h"

#define NOBJ 200

/* Sizes that cover every class, the boundaries and big blocks. */
static size_t size_for(unsigned i)
{
	static const size_t sizes[] = { 1, 8, 15, 16, 17, 31, 64, 100, 255, 256, 257,
					1000, 2047, 2048, 2049, 4000, 4096, 9000 };
	return sizes[i % ARRAY_SIZE(sizes)];
}

KTEST(kmalloc_patterns_do_not_overlap)
{
	static uint8_t *obj[NOBJ];

	for (unsigned i = 0; i < NOBJ; i++) {
		obj[i] = kmalloc(size_for(i));
		KASSERT(obj[i] != NULL);
		KEXPECT(((uintptr_t)obj[i] & 15) == 0);
		KEXPECT(kmalloc_usable_size(obj[i]) >= size_for(i));
		memset(obj[i], (uint8_t)i, size_for(i));
	}
	/* Every object still holds its own pattern: nothing overlapped. */
	unsigned bad = 0;
	for (unsigned i = 0; i < NOBJ; i++)
		for (size_t k = 0; k < size_for(i); k++)
			bad += obj[i][k] != (uint8_t)i;
	KEXPECT_EQ(bad, 0);

	/* Free every other one, reallocate, check again. */
	for (unsigned i = 0; i < NOBJ; i += 2)
		kfree(obj[i]);
	for (unsigned i = 0; i < NOBJ; i += 2) {
		obj[i] = kmalloc(size_for(i));
		KASSERT(obj[i] != NULL);
		memset(obj[i], (uint8_t)~i, size_for(i));
	}
	bad = 0;
	for (unsigned i = 0; i < NOBJ; i++)
		for (size_t k = 0; k < size_for(i); k++)
			bad += obj[i][k] != (uint8_t)(i % 2 ? i : ~i);
	KEXPECT_EQ(bad, 0);
	for (unsigned i = 0; i < NOBJ; i++)
		kfree(obj[i]);
}

KTEST(kmalloc_big_blocks_return_pages)
{
	size_t before = pmm_free_pages();
	void *p = kmalloc(64 * 1024);
	KASSERT(p != NULL);
	KEXPECT(pmm_free_pages() <= before - 16);
	kfree(p);
	KEXPECT_EQ(pmm_free_pages(), before);
}

KTEST(kmalloc_reuses_freed_objects)
{
	void *pin = kmalloc(48);     /* keeps the slab page alive across the kfree */
	void *a = kmalloc(48);
	kfree(a);
	void *b = kmalloc(48);
	KEXPECT(a == b);         /* LIFO free list: the same slot comes back */
	kfree(pin);
	uint8_t *z = kzalloc(48);
	bool zero = true;
	for (int i = 0; i < 48; i++)
		zero &= z[i] == 0;
	KEXPECT(zero);
	kfree(b);
	kfree(z);
}

/* Empty slab pages go back to the page allocator: after many small
 * objects of every class come and go, in any order, free pages and heap
 * bytes are exactly where they were. */
KTEST(kmalloc_gives_empty_slab_pages_back)
{
	static void *obj[600];
	size_t pages = pmm_free_pages(), heap = kmalloc_bytes_in_use();

	for (unsigned i = 0; i < ARRAY_SIZE(obj); i++) {
		obj[i] = kmalloc(16u << (i % 8));
		KASSERT(obj[i] != NULL);
	}
	KEXPECT(pmm_free_pages() < pages);
	KEXPECT_EQ(kmalloc_check(), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(obj); i += 2)   /* every other one: pages half full */
		kfree(obj[i]);
	KEXPECT_EQ(kmalloc_check(), 0);
	for (unsigned i = 1; i < ARRAY_SIZE(obj); i += 2)
		kfree(obj[i]);
	KEXPECT_EQ(pmm_free_pages(), pages);
	KEXPECT_EQ(kmalloc_bytes_in_use(), heap);
	KEXPECT_EQ(kmalloc_check(), 0);
}

/*
 * kmalloc_pages() counts exactly the pages the heap took from the page
 * allocator, slab pages and big blocks alike; and the case it exists for:
 * the same live bytes spread over one page more (objects that survive on a
 * newer slab page while an older one keeps another) is not a leak of
 * free-or-heap pages (kernel/uapi/sysinfo.h, heap_pages).
 */
KTEST(kmalloc_pages_counts_the_pages_the_heap_holds)
{
	static void *obj[NOBJ];
	size_t free0 = pmm_free_pages(), heap0 = kmalloc_pages(), bytes0 = kmalloc_bytes_in_use();

	for (unsigned i = 0; i < NOBJ; i++)
		KASSERT((obj[i] = kmalloc(512)) != NULL);   /* 7 to a page: about 29 pages */
	void *big = kmalloc(3 * PAGE_SIZE);
	KASSERT(big != NULL);
	KEXPECT(kmalloc_pages() >= heap0 + NOBJ / 7 + 4);
	KEXPECT_EQ(free0 - pmm_free_pages(), kmalloc_pages() - heap0);
	kfree(big);

	/* Keep the first and the last object: the same bytes as keeping the
	 * first two, but on two pages rather than one. */
	for (unsigned i = 1; i < NOBJ - 1; i++)
		kfree(obj[i]);
	KEXPECT_EQ(kmalloc_bytes_in_use(), bytes0 + 2 * 512);
	KEXPECT_EQ(free0 - pmm_free_pages(), kmalloc_pages() - heap0);
	KEXPECT_EQ(pmm_free_pages() + kmalloc_pages(), free0 + heap0);
	kfree(obj[0]);
	kfree(obj[NOBJ - 1]);
	KEXPECT_EQ(pmm_free_pages(), free0);
	KEXPECT_EQ(kmalloc_pages(), heap0);
	KEXPECT_EQ(kmalloc_bytes_in_use(), bytes0);
}
