/* kernel/kmalloc.c - size-class slabs and page blocks (see kmalloc.h). */
#include "kmalloc.h"
#include "pmm.h"
#include "vm.h"
#include "base/string.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "uapi/errno.h"
#include "failinject.h"

#define SLAB_MAGIC  0x534c4142u   /* "SLAB" */
#define BIG_MAGIC   0x42494721u   /* "BIG!" */
#define NCLASSES    8             /* 16, 32, ..., 2048 bytes */
#define POISON      0x6b          /* freed small objects are filled with this */

/* First bytes of every heap page: what kind of page it is. */
struct page_hdr {
	uint32_t magic;
	uint32_t size;      /* object size (slab) or bytes requested (big) */
	uint64_t pages;     /* big blocks: pages in the block */
};
#define HDR_SIZE 16

struct free_obj { struct free_obj *next; };

static struct free_obj *freelist[NCLASSES];
static size_t bytes_in_use;
static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");

static int class_of(size_t size)
{
	int c = 0;
	while ((16u << c) < size)
		c++;
	return c;
}

/* Carve a fresh page into objects of class c. */
static bool refill(int c)
{
	paddr_t pa = pmm_alloc();
	size_t osize = 16u << c;

	if (!pa)
		return false;
	struct page_hdr *h = phys_to_virt(pa);
	h->magic = SLAB_MAGIC;
	h->size = osize;
	for (size_t off = HDR_SIZE; off + osize <= PAGE_SIZE; off += osize) {
		struct free_obj *o = (void *)((char *)h + off);
		memset(o, POISON, osize);
		o->next = freelist[c];
		freelist[c] = o;
	}
	return true;
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
	if (!freelist[c] && !refill(c)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	struct free_obj *o = freelist[c];
	freelist[c] = o->next;
	bytes_in_use += 16u << c;
	spin_unlock_irqrestore(&heap_lock, flags);

	/* A byte that is no longer POISON was written after kfree(). */
	const unsigned char *b = (const unsigned char *)o;
	for (size_t i = sizeof(*o); i < (16u << c); i++)
		if (b[i] != POISON)
			panic("kmalloc: object %p (size %u) was written after it was freed",
			      (void *)o, 16u << c);
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
		pmm_free_contig(virt_to_phys(h), h->pages);
		return;
	}
	int c = class_of(h->size);
	struct free_obj *o = p;
	memset(o, POISON, h->size);
	uint64_t flags = spin_lock_irqsave(&heap_lock);
	o->next = freelist[c];
	freelist[c] = o;
	bytes_in_use -= h->size;
	spin_unlock_irqrestore(&heap_lock, flags);
}

size_t kmalloc_bytes_in_use(void)
{
	return bytes_in_use;
}

/* Every free object must sit in a slab page of its class, on a slot
 * boundary, with its poison intact (nobody wrote to it after kfree). */
long kmalloc_check(void)
{
	long bad = 0;
	uint64_t flags = spin_lock_irqsave(&heap_lock);

	for (int c = 0; c < NCLASSES; c++)
		for (struct free_obj *o = freelist[c]; o; o = o->next) {
			struct page_hdr *h = (void *)ALIGN_DOWN((uintptr_t)o, PAGE_SIZE);
			const unsigned char *b = (const unsigned char *)o;
			bool ok = (uintptr_t)o >= DIRECT_MAP && (uintptr_t)o < KERNEL_VMA &&
				  h->magic == SLAB_MAGIC && h->size == (16u << c) &&
				  ((uintptr_t)o - (uintptr_t)h - HDR_SIZE) % h->size == 0;
			for (size_t i = sizeof(*o); ok && i < h->size; i++)
				ok = b[i] == POISON;
			if (!ok) {
				kprintf("kcheck: free heap object %p (class %u) is corrupt\n",
					(void *)o, 16u << c);
				bad++;
				break;
			}
		}
	spin_unlock_irqrestore(&heap_lock, flags);
	return bad ? -EIO : 0;
}
