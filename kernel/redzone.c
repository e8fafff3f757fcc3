/*
 * kernel/redzone.c - guard bytes around heap objects (see redzone.h).
 *
 * One kmalloc block holds, in order:
 *
 *   [ struct rz_head | front guard | the object: n bytes | back guard ]
 *     32 bytes         REDZONE_BYTES  (returned pointer)    REDZONE_BYTES
 *
 * The head sits before the front guard, so a small underflow damages the
 * guard (reported) before it reaches the head; a head whose magic is gone
 * means the pointer was never ours, or the damage went far: that is a
 * kernel bug, and we stop rather than free the wrong block.
 */
#include "redzone.h"
#include "kmalloc.h"
#include "base/printk.h"
#include "base/string.h"

#define RZ_MAGIC 0x524544445a4f4e45ull   /* "REDDZONE" */

struct rz_head {
	uint64_t magic;
	size_t n;                 /* the object's size */
	const char *what;         /* its name, for reports */
	uint64_t unused;          /* keeps the object 16-byte aligned */
};
_Static_assert(sizeof(struct rz_head) % 16 == 0, "object must stay 16-byte aligned");
_Static_assert(REDZONE_BYTES % 16 == 0, "object must stay 16-byte aligned");

static struct rz_head *head_of(const void *p)
{
	struct rz_head *h = (struct rz_head *)((uint8_t *)p - REDZONE_BYTES) - 1;
	if (h->magic != RZ_MAGIC)
		panic("redzone: %p is not a redzone object (or its head was overwritten)", p);
	return h;
}

void *kmalloc_redzone(size_t n, const char *what)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	struct rz_head *h = kmalloc(sizeof(*h) + REDZONE_BYTES + n + REDZONE_BYTES);
	if (!h)
		return NULL;
	*h = (struct rz_head){ .magic = RZ_MAGIC, .n = n, .what = what };
	uint8_t *obj = (uint8_t *)(h + 1) + REDZONE_BYTES;
	memset(obj - REDZONE_BYTES, REDZONE_PATTERN, REDZONE_BYTES);
	memset(obj + n, REDZONE_PATTERN, REDZONE_BYTES);
	return obj;
}

/* First and last byte of g[0..REDZONE_BYTES) that lost the pattern; false if none. */
static bool damaged(const uint8_t *g, size_t *first, size_t *last)
{
	bool any = false;
	for (size_t i = 0; i < REDZONE_BYTES; i++) {
		if (g[i] == REDZONE_PATTERN)
			continue;
		if (!any)
			*first = i;
		*last = i;
		any = true;
	}
	return any;
}

static const char *plural(size_t n)
{
	return n == 1 ? "byte" : "bytes";
}

size_t redzone_describe(const void *p, char *buf, size_t size)
{
	const struct rz_head *h = head_of(p);
	const uint8_t *obj = p;
	size_t first = 0, last = 0, len = 0;

	buf[0] = 0;
	/* Past the end: count from the first byte after the object to the last
	 * damaged one -- that is how far the overflow reached. */
	if (damaged(obj + h->n, &first, &last))
		len += ksnprintf(buf + len, size - len,
				 "redzone: '%s' (%zu bytes): %zu %s written past the end "
				 "(first bad byte at +%zu)\n", h->what, h->n, last + 1,
				 plural(last + 1), h->n + first);
	if (len >= size)
		return size - 1;
	/* Before the start: the reach is measured back from the object. */
	if (damaged(obj - REDZONE_BYTES, &first, &last))
		len += ksnprintf(buf + len, size - len,
				 "redzone: '%s' (%zu bytes): %zu %s written before the start "
				 "(first bad byte at -%zu)\n", h->what, h->n, REDZONE_BYTES - first,
				 plural(REDZONE_BYTES - first), REDZONE_BYTES - first);
	return len < size ? len : size - 1;
}

bool redzone_check(void *p)
{
	char report[256];
	if (redzone_describe(p, report, sizeof(report)) == 0)
		return true;
	kprintf("%s", report);
	return false;
}

size_t redzone_size(const void *p)
{
	return head_of(p)->n;
}

bool kfree_redzone(void *p)
{
	if (!p)
		return true;
	bool ok = redzone_check(p);
	struct rz_head *h = head_of(p);
	h->magic = 0;             /* a second free of p now stops at head_of() */
	kfree(h);
	return ok;
}
