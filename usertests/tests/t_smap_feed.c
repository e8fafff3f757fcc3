/*
 * t_smap_feed - lab 05 (docs/labs/05-smap.md), DEMO_SMAP_FEED: the driver
 * reads `len` bytes of the caller's buffer and counts them (bytes and
 * their sum, read back with DEMO_SMAP_QUERY).
 *
 * A buffer over several pages, one that ends on the last mapped byte, and
 * an empty one give exact counts; a buffer that runs into an unmapped page,
 * or any bad pointer or length, is EFAULT and counts nothing.
 */
#include "drvtest.h"

#define BIG 5000        /* two page boundaries */

static long q(int what)
{
	return demo(DEMO_SMAP_QUERY, NULL, what);
}

static long feed(void *p, unsigned long n)
{
	return demo(DEMO_SMAP_FEED, p, n);
}

static void good(void)
{
	unsigned char *buf = t_pages(3);
	long sum = 0;

	for (int i = 0; i < BIG; i++)
		sum += buf[100 + i] = (unsigned char)(i * 7 + 3);
	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(feed(buf + 100, BIG), BIG, "feed 5000 bytes over two page boundaries");
	c_expect(q(DEMO_SMAP_Q_BYTES), BIG, "then the byte count");
	c_expect(q(DEMO_SMAP_Q_SUM), sum, "then the sum");
	c_expect(feed(buf, 0), 0, "feed 0 bytes");
	c_expect(q(DEMO_SMAP_Q_BYTES), BIG, "then the byte count");

	unsigned char *edge = (unsigned char *)t_page_before_hole() + t_si.page_size - 100;
	memset(edge, 2, 100);
	c_expect(feed(edge, 100), 100, "feed the last 100 bytes before an unmapped page");
	c_expect(q(DEMO_SMAP_Q_BYTES), BIG + 100, "then the byte count");
	c_expect(q(DEMO_SMAP_Q_SUM), sum + 200, "then the sum");
	c_expect(q(DEMO_SMAP_Q_CALLS), 3, "successful calls");
}

static void bad_probe(void)
{
	unsigned char *edge = (unsigned char *)t_page_before_hole() + t_si.page_size - 100;

	memset(edge, 1, 100);
	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(feed((void *)t_si.kernel_data, 16), -EFAULT, "feed 16 bytes of kernel data");
	c_expect(feed(NULL, 16), -EFAULT, "feed 16 bytes from NULL");
	c_expect(feed(edge, 101), -EFAULT, "feed 101 bytes of which the last is unmapped");
	c_expect(q(DEMO_SMAP_Q_BYTES) + q(DEMO_SMAP_Q_SUM) + q(DEMO_SMAP_Q_CALLS), 0,
		 "bytes + sum + calls after them (nothing counted)");
}

int main(void)
{
	t_sysinfo();
	t_child("good buffers: exact counts (bytes read through UMA)", good);
	int clean = t_child("kernel data, NULL, a buffer running into an unmapped page: EFAULT, "
			    "the caller lives", bad_probe) == 0;
	if (clean) {
		t_bad("DEMO_SMAP_FEED", feed, 64, BAD_SRC | BAD_LEN);
		t_ok(q(DEMO_SMAP_Q_BYTES) == 0 && q(DEMO_SMAP_Q_CALLS) == 0,
		     "no bad pointer or length was counted");
	} else {
		t_ok(0, "every bad pointer and length of the battery: not tried, the driver does "
		     "not yet survive the three above");
	}
	demo(DEMO_SMAP_RESET, NULL, 0);
	return t_done();
}
