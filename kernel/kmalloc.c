/* kernel/kmalloc.c - size-class slabs and page blocks (see kmalloc.h). */
#include "kmalloc.h"
#include "pmm.h"
#include "vm.h"
#include "base/string.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "uapi/errno.h"
#include "failinject.h"
#include "infoleak.h"

#define SLAB_MAGIC  0x534c4142u   /* "SLAB" */
#define BIG_MAGIC   0x42494721u   /* "BIG!" */
#define NCLASSES    8             /* 16, 32, ..., 2048 bytes */
#define POISON      0x6b          /* freed small objects are filled with this */

struct free_obj { struct free_obj *next; };

/*
 * First bytes of every heap page: what kind of page it is. A slab page
 * keeps its own free objects and counts the ones in use; a page with free
 * objects sits on its class's `partial` list. When its last object comes
 * back, the page goes back to the page allocator at once, so the heap
 * never keeps an empty slab page (partly used ones, yes: kmalloc_pages).
 */
struct page_hdr {
	uint32_t magic;
	uint32_t size;              /* object size (slab) or bytes requested (big) */
	uint64_t pages;             /* big blocks: pages in the block */
	struct free_obj *free;      /* slab: this page's free objects */
	struct page_hdr *next, *prev;   /* slab: the partial list of its class */
	uint32_t used, total;       /* slab: objects handed out / that fit */
};
#define HDR_SIZE 48                 /* sizeof(struct page_hdr), 16-aligned */
_Static_assert(sizeof(struct page_hdr) <= HDR_SIZE && HDR_SIZE % 16 == 0,
	       "objects after the header must stay 16-byte aligned");

static struct page_hdr *partial[NCLASSES];   /* slab pages with a free object */
static size_t bytes_in_use;
static size_t heap_pages;                    /* slab pages and big blocks' pages */
static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");

static int class_of(size_t size)
{
	int c = 0;
	while ((16u << c) < size)
		c++;
	return c;
}

static void partial_add(int c, struct page_hdr *h)
{
	h->prev = NULL;
	h->next = partial[c];
	if (h->next)
		h->next->prev = h;
	partial[c] = h;
}

static void partial_remove(int c, struct page_hdr *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		partial[c] = h->next;
	if (h->next)
		h->next->prev = h->prev;
}

/* A fresh page carved into objects of class c, on the partial list. */
static struct page_hdr *slab_new(int c)
{
	paddr_t pa = pmm_alloc();
	size_t osize = 16u << c;

	if (!pa)
		return NULL;
	struct page_hdr *h = phys_to_virt(pa);
	*h = (struct page_hdr){ .magic = SLAB_MAGIC, .size = osize };
	heap_pages++;                            /* under heap_lock, as kfree's -- */
	for (size_t off = HDR_SIZE; off + osize <= PAGE_SIZE; off += osize) {
		struct free_obj *o = (void *)((char *)h + off);
		memset(o, POISON, osize);
		o->next = h->free;
		h->free = o;
		h->total++;
	}
	partial_add(c, h);
	return h;
}

static void *big_alloc(size_t size)
{
	size_t pages = ALIGN_UP(size + HDR_SIZE, PAGE_SIZE) / PAGE_SIZE;
	paddr_t pa = pmm_alloc_contig(pages);

	if (!pa)
		return NULL;
	struct page_hdr *h = phys_to_virt(pa);
	h->magic = BIG_MAGIC;
	h->size = size;
	h->pages = pages;
	__atomic_add_fetch(&bytes_in_use, pages * PAGE_SIZE, __ATOMIC_RELAXED);
	__atomic_add_fetch(&heap_pages, pages, __ATOMIC_RELAXED);
	il_poison_heap((char *)h + HDR_SIZE, size);     /* the info-leak detector */
	return (char *)h + HDR_SIZE;
}

void *kmalloc(size_t size)
{
	if (failinject_hit(FI_HEAP))   /* a test asked for this one to fail */
		return NULL;
	if (size == 0)
		size = 1;
	if (size > (16u << (NCLASSES - 1)))
		return big_alloc(size);

	int c = class_of(size);
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	struct page_hdr *h = partial[c] ? partial[c] : slab_new(c);
	if (!h) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	struct free_obj *o = h->free;
	h->free = o->next;
	if (++h->used == h->total)
		partial_remove(c, h);            /* full: off the list until a kfree */
	bytes_in_use += 16u << c;
	spin_unlock_irqrestore(&heap_lock, flags);

	/* A byte that is no longer POISON was written after kfree(). */
	const unsigned char *b = (const unsigned char *)o;
	for (size_t i = sizeof(*o); i < (16u << c); i++)
		if (b[i] != POISON)
			panic("kmalloc: object %p (size %u) was written after it was freed",
			      (void *)o, 16u << c);
	il_poison_heap(o, 16u << c);     /* the info-leak detector (kernel/infoleak.h) */
	return o;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

static struct page_hdr *header_of(const void *p)
{
	struct page_hdr *h = (void *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE);

	if ((uintptr_t)p < DIRECT_MAP || (uintptr_t)p >= KERNEL_VMA ||
	    (h->magic != SLAB_MAGIC && h->magic != BIG_MAGIC) ||
	    (h->magic == BIG_MAGIC && (const char *)p != (const char *)h + HDR_SIZE) ||
	    (h->magic == SLAB_MAGIC && ((const char *)p - (const char *)h - HDR_SIZE) % h->size))
		panic("kfree: %p was not returned by kmalloc", p);
	return h;
}

size_t kmalloc_usable_size(const void *p)
{
	struct page_hdr *h = header_of(p);
	return h->magic == SLAB_MAGIC ? h->size : h->pages * PAGE_SIZE - HDR_SIZE;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct page_hdr *h = header_of(p);
	if (h->magic == BIG_MAGIC) {
		h->magic = 0;
		__atomic_sub_fetch(&bytes_in_use, h->pages * PAGE_SIZE, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&heap_pages, h->pages, __ATOMIC_RELAXED);
		pmm_free_contig(virt_to_phys(h), h->pages);
		return;
	}
	int c = class_of(h->size);
	struct free_obj *o = p;
	memset(o, POISON, h->size);
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	if (h->used == h->total)
		partial_add(c, h);               /* was full: it has a free object again */
	o->next = h->free;
	h->free = o;
	bytes_in_use -= h->size;
	if (--h->used == 0) {                /* empty: back to the page allocator */
		partial_remove(c, h);
		h->magic = 0;
		__atomic_sub_fetch(&heap_pages, 1, __ATOMIC_RELAXED);
		pmm_free(virt_to_phys(h));
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

size_t kmalloc_bytes_in_use(void)
{
	return bytes_in_use;
}

size_t kmalloc_pages(void)
{
	return __atomic_load_n(&heap_pages, __ATOMIC_RELAXED);
}

/* Every page on a partial list is a slab page of its class whose counts
 * add up, and every free object on it sits on a slot boundary with its
 * poison intact (nobody wrote to it after kfree). */
static bool slab_page_ok(int c, const struct page_hdr *h)
{
	uint32_t nfree = 0;

	if ((uintptr_t)h < DIRECT_MAP || (uintptr_t)h >= KERNEL_VMA || h->magic != SLAB_MAGIC ||
	    h->size != (16u << c) || h->used == 0 || h->used >= h->total)
		return false;
	for (const struct free_obj *o = h->free; o; o = o->next, nfree++) {
		const unsigned char *b = (const unsigned char *)o;
		if ((uintptr_t)o - (uintptr_t)h < HDR_SIZE || (uintptr_t)o - (uintptr_t)h >= PAGE_SIZE ||
		    ((uintptr_t)o - (uintptr_t)h - HDR_SIZE) % h->size || nfree >= h->total)
			return false;
		for (size_t i = sizeof(*o); i < h->size; i++)
			if (b[i] != POISON)
				return false;
	}
	return nfree + h->used == h->total;
}

long kmalloc_check(void)
{
	long bad = 0;
	uint64_t flags = spin_lock_irqsave(&heap_lock);

	for (int c = 0; c < NCLASSES; c++)
		for (const struct page_hdr *h = partial[c]; h; h = h->next)
			if (!slab_page_ok(c, h)) {
				kprintf("kcheck: heap page %p (class %u) is corrupt\n",
					(void *)h, 16u << c);
				bad++;
				break;
			}
	spin_unlock_irqrestore(&heap_lock, flags);
	return bad ? -EIO : 0;
}
