/*
 * t_smap_stats - lab 05 (docs/labs/05-smap.md), DEMO_SMAP_GET_STATS: the
 * driver writes a struct demo_smap_stats to the caller.
 *
 * After DEMO_SMAP_RESET every byte of the struct is known (the defaults,
 * zero counters, "lab0" and zeros after it); the bytes around it must stay
 * as they were. A bad destination is EFAULT, never a killed process:
 * NULL, a struct running into an unmapped page, a read-only page, kernel
 * text. Kernel data, heap and stack come only after those passed: a driver
 * that stores through the pointer itself would overwrite the kernel there.
 */
#include "drvtest.h"

#define GUARD 0xaa

static long get(void *st)
{
	return demo(DEMO_SMAP_GET_STATS, st, 0);
}

/* The stats right after DEMO_SMAP_RESET, byte for byte. */
static void expected(struct demo_smap_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->mode = DEMO_SMAP_DEFAULT_MODE;
	st->threshold = DEMO_SMAP_DEFAULT_THRESHOLD;
	st->name_len = strlen(DEMO_SMAP_DEFAULT_NAME);
	strcpy(st->name, DEMO_SMAP_DEFAULT_NAME);
}

static void compare(const struct demo_smap_stats *got, const char *where)
{
	struct demo_smap_stats want;

	expected(&want);
	if (c_check(!memcmp(got, &want, sizeof want), "%s: the struct differs from the defaults:", where))
		return;
	printf("#   calls %llu bytes %llu cookie %llu mode %u threshold %u sum %u name_len %u "
	       "name \"%.32s\"\n", got->calls, got->bytes, got->cookie, got->mode, got->threshold,
	       got->sum, got->name_len, got->name);
	for (unsigned i = 0; i < sizeof want; i++)
		if (((unsigned char *)got)[i] != ((unsigned char *)&want)[i])
			printf("#   first wrong byte at offset %u: 0x%02x, expected 0x%02x\n", i,
			       ((unsigned char *)got)[i], ((unsigned char *)&want)[i]);
}

static void good(void)
{
	static unsigned char buf[sizeof(struct demo_smap_stats) + 64] __attribute__((aligned(16)));
	struct demo_smap_stats *st = (void *)(buf + 32);

	memset(buf, GUARD, sizeof buf);
	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(get(st), 0, "get the stats after a reset");
	compare(st, "after a reset");
	int around = 1;
	for (unsigned i = 0; i < 32; i++)
		around &= buf[i] == GUARD && buf[sizeof buf - 1 - i] == GUARD;
	c_check(around, "the 32 bytes before and after the struct changed: the driver wrote "
		"more than sizeof(struct demo_smap_stats)");

	/* The struct in the last bytes before an unmapped page. */
	struct demo_smap_stats *edge =
		(void *)((char *)t_page_before_hole() + t_si.page_size - sizeof(*edge));
	memset(edge, GUARD, sizeof(*edge));
	c_expect(get(edge), 0, "get the stats into the last bytes before an unmapped page");
	compare(edge, "there");
}

static void bad_probe(void)
{
	char *ro = t_pages(1), *edge = (char *)t_page_before_hole() + t_si.page_size - 8;

	memset(ro, GUARD, t_si.page_size);
	mprotect(ro, t_si.page_size, PROT_READ);
	c_expect(get(NULL), -EFAULT, "get into NULL");
	c_expect(get(edge), -EFAULT, "get into a struct whose last 8 bytes are unmapped");
	c_expect(get(ro), -EFAULT, "get into a read-only page");
	c_check(ro[0] == (char)GUARD && ro[sizeof(struct demo_smap_stats) - 1] == (char)GUARD,
		"the read-only page changed");
	c_expect(get((void *)t_si.kernel_text_start), -EFAULT, "get into kernel text");
}

static long get_bad(void *p, unsigned long n)
{
	(void)n;
	return get(p);
}

int main(void)
{
	t_sysinfo();
	t_child("good pointers: every byte of the struct exact (written through UMA)", good);
	int clean = t_child("NULL, a struct running into an unmapped page, a read-only page, "
			    "kernel text: EFAULT, the caller lives", bad_probe) == 0;
	if (clean)
		t_bad("DEMO_SMAP_GET_STATS", get_bad, sizeof(struct demo_smap_stats), BAD_DST);
	else
		t_ok(0, "every bad pointer of the battery (kernel data, heap, stack, ...): not tried, "
		     "the driver does not yet survive the four above");
	return t_done();
}
