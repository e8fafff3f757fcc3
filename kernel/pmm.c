/* kernel/pmm.c - physical pages from a bitmap (see pmm.h). */
#include "pmm.h"
#include "boot/boot_info.h"
#include "vm.h"
#include "base/string.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "failinject.h"

static uint64_t *bitmap;      /* bit set = page in use or not RAM */
static size_t npages;         /* pages covered by the bitmap */
static size_t nfree, ntotal;
static size_t hint;           /* next-fit: where the last search ended */
static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");

static bool test_bit(size_t i) { return bitmap[i / 64] & (1ull << (i % 64)); }
static void set_bit(size_t i)   { bitmap[i / 64] |= 1ull << (i % 64); }
static void clear_bit(size_t i) { bitmap[i / 64] &= ~(1ull << (i % 64)); }

paddr_t pmm_phys_end(void) { return (paddr_t)npages * PAGE_SIZE; }
size_t pmm_free_pages(void) { return nfree; }
size_t pmm_total_pages(void) { return ntotal; }

/* Find a usable region big enough for the bitmap itself. */
static paddr_t place_bitmap(const struct boot_info *bi, uint64_t bytes)
{
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		/* skip page 0 so that a physical address of 0 can mean "none" */
		paddr_t base = r->base ? r->base : PAGE_SIZE;
		if (r->type == BOOT_MEM_USABLE && r->base + r->size >= base + bytes)
			return base;
	}
	panic("pmm: no room for a %lu byte page bitmap", bytes);
}

void pmm_init(const struct boot_info *bi)
{
	paddr_t end = 0;

	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->type != BOOT_MEM_MMIO && r->type != BOOT_MEM_RESERVED &&
		    r->base + r->size > end)
			end = r->base + r->size;
	}
	npages = end / PAGE_SIZE;
	uint64_t bytes = ALIGN_UP(ALIGN_UP(npages, 64) / 8, PAGE_SIZE);
	paddr_t bm = place_bitmap(bi, bytes);
	bitmap = phys_to_virt(bm);
	memset(bitmap, 0xff, bytes);     /* everything in use ... */

	for (unsigned i = 0; i < bi->mem_count; i++)   /* ... but usable RAM */
		if (bi->mem[i].type == BOOT_MEM_USABLE)
			pmm_release_range(bi->mem[i].base, bi->mem[i].size);
	pmm_reserve_range(0, PAGE_SIZE);
	pmm_reserve_range(bm, bytes);
	ntotal = nfree;
}

void pmm_release_range(paddr_t pa, uint64_t size)
{
	for (size_t i = pa / PAGE_SIZE; i < (pa + size) / PAGE_SIZE && i < npages; i++)
		if (test_bit(i)) {
			clear_bit(i);
			nfree++;
		}
}

void pmm_reserve_range(paddr_t pa, uint64_t size)
{
	for (size_t i = pa / PAGE_SIZE; i < ALIGN_UP(pa + size, PAGE_SIZE) / PAGE_SIZE && i < npages; i++)
		if (!test_bit(i)) {
			set_bit(i);
			nfree--;
		}
}

/* First run of n free pages at or after `from`, or npages if none. */
static size_t find_run(size_t from, size_t n)
{
	size_t run = 0;

	for (size_t i = from; i < npages; i++) {
		if (n == 1 && (i % 64) == 0 && bitmap[i / 64] == ~0ull) {
			i += 63;   /* a full word: skip 64 pages at once */
			continue;
		}
		run = test_bit(i) ? 0 : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	return npages;
}

paddr_t pmm_alloc_contig(size_t n)
{
	if (failinject_hit(FI_PAGE))   /* a test asked for this one to fail */
		return 0;
	uint64_t flags = spin_lock_irqsave(&pmm_lock);
	size_t i = find_run(hint, n);

	if (i == npages)
		i = find_run(0, n);
	if (i == npages) {
		spin_unlock_irqrestore(&pmm_lock, flags);
		return 0;
	}
	for (size_t k = 0; k < n; k++)
		set_bit(i + k);
	nfree -= n;
	hint = i + n;
	spin_unlock_irqrestore(&pmm_lock, flags);

	paddr_t pa = (paddr_t)i * PAGE_SIZE;
	memset(phys_to_virt(pa), 0, n * PAGE_SIZE);
	return pa;
}

paddr_t pmm_alloc(void)
{
	return pmm_alloc_contig(1);
}

void pmm_free_contig(paddr_t pa, size_t n)
{
	uint64_t flags = spin_lock_irqsave(&pmm_lock);

	for (size_t k = 0; k < n; k++) {
		size_t i = pa / PAGE_SIZE + k;
		if (pa % PAGE_SIZE || i >= npages || !test_bit(i))
			panic("pmm: freeing page %#lx that is not allocated", (paddr_t)i * PAGE_SIZE);
		clear_bit(i);
	}
	nfree += n;
	spin_unlock_irqrestore(&pmm_lock, flags);
}

void pmm_free(paddr_t pa)
{
	pmm_free_contig(pa, 1);
}
