/*
 * usertests/lib/malloc.c - malloc and free over sbrk.
 *
 * The classic design (Kernighan & Ritchie, section 8.7): every block starts
 * with a 16-byte header holding its size in 16-byte units; free blocks sit
 * on a circular list sorted by address, so free() can merge a block with
 * both neighbours (coalescing) in one pass. Every pointer returned is
 * 16-byte aligned, enough for any scalar type.
 *
 * Threads share one heap, so malloc and free run under __ulib_heap_lock;
 * the unlocked bodies (heap_free, heap_alloc) call each other freely.
 */
#include "ulib.h"

#define UNIT 16
#define GROW_UNITS 1024         /* ask sbrk for at least 16 KiB at a time */

typedef union header {
	struct {
		union header *next;     /* next free block (free blocks only) */
		size_t units;           /* size of this block, header included */
	} h;
	char align[UNIT];
} header_t;

_Static_assert(sizeof(header_t) == UNIT, "header must be one unit");

static header_t base;           /* a zero-size block: the list never empties */
static header_t *freep;         /* where the last search stopped */

struct ulock __ulib_heap_lock;

static void heap_free(void *ap)
{
	header_t *b = (header_t *)ap - 1, *p;
	/* Find p with p < b < p->next; the list wraps once at the top. */
	for (p = freep; !(b > p && b < p->h.next); p = p->h.next)
		if (p >= p->h.next && (b > p || b < p->h.next))
			break;
	if (b + b->h.units == p->h.next) {          /* merge with the next block */
		b->h.units += p->h.next->h.units;
		b->h.next = p->h.next->h.next;
	} else {
		b->h.next = p->h.next;
	}
	if (p + p->h.units == b) {                  /* merge with the previous one */
		p->h.units += b->h.units;
		p->h.next = b->h.next;
	} else {
		p->h.next = b;
	}
	freep = p;
}

/* Get at least units more from the kernel and put them on the free list. */
static header_t *grow(size_t units)
{
	if (units < GROW_UNITS)
		units = GROW_UNITS;
	/* The first break is wherever the program's .bss ends: align it. */
	uintptr_t brk = (uintptr_t)sbrk(0);
	if (brk == (uintptr_t)-1)
		return NULL;
	size_t skew = (UNIT - brk % UNIT) % UNIT;
	if (units > ((size_t)-1 - skew) / UNIT)
		return NULL;
	char *p = sbrk((long)(units * UNIT + skew));
	if (p == (char *)-1)
		return NULL;
	header_t *b = (header_t *)(p + skew);
	b->h.units = units;
	heap_free(b + 1);
	return freep;
}

static void *heap_alloc(size_t n)
{
	size_t units = (n + UNIT - 1) / UNIT + 1;
	if (!freep) {
		base.h.next = freep = &base;
		base.h.units = 0;
	}
	header_t *prev = freep;
	for (header_t *p = prev->h.next;; prev = p, p = p->h.next) {
		if (p->h.units >= units) {
			if (p->h.units == units) {
				prev->h.next = p->h.next;
			} else {                    /* hand out the tail end */
				p->h.units -= units;
				p += p->h.units;
				p->h.units = units;
			}
			freep = prev;
			return p + 1;
		}
		if (p == freep && !(p = grow(units))) {
			errno = ENOMEM;
			return NULL;
		}
	}
}

void *malloc(size_t n)
{
	if (n == 0 || n > ((size_t)-1 >> 1))
		return NULL;
	ulock_acquire(&__ulib_heap_lock);
	void *p = heap_alloc(n);
	ulock_release(&__ulib_heap_lock);
	return p;
}

void free(void *ap)
{
	if (!ap)
		return;
	ulock_acquire(&__ulib_heap_lock);
	heap_free(ap);
	ulock_release(&__ulib_heap_lock);
}
