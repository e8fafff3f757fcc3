/*
 * t_smap_config - lab 05 (docs/labs/05-smap.md), DEMO_SMAP_SET_CONFIG:
 * the driver reads a struct demo_smap_config from the caller.
 *
 * Good pointers give exact results (checked with DEMO_SMAP_QUERY, which
 * takes no pointer); an out-of-range field is EINVAL and changes nothing;
 * a bad pointer is EFAULT -- never a killed process -- and changes nothing.
 * A driver that dereferences the pointer itself gets each child here
 * killed by an SMAP/PAN violation (or by a page fault it cannot fix up).
 */
#include "drvtest.h"

static long q(int what)
{
	return demo(DEMO_SMAP_QUERY, NULL, what);
}

static long set(void *cfg)
{
	return demo(DEMO_SMAP_SET_CONFIG, cfg, 0);
}

static void good(void)
{
	struct demo_smap_config cfg = { 2, 500, 0x1122334455667788ull };

	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(set(&cfg), 0, "set {mode 2, threshold 500, cookie 0x1122334455667788}");
	c_expect(q(DEMO_SMAP_Q_MODE), 2, "then the mode");
	c_expect(q(DEMO_SMAP_Q_THRESHOLD), 500, "then the threshold");
	c_expect(q(DEMO_SMAP_Q_COOKIE), 0x1122334455667788L, "then the cookie");
	c_expect(q(DEMO_SMAP_Q_CALLS), 1, "then the call count");

	/* The struct in the last bytes of a page whose next page is unmapped:
	 * the driver reads exactly sizeof(struct demo_smap_config) bytes. */
	struct demo_smap_config *edge =
		(void *)((char *)t_page_before_hole() + t_si.page_size - sizeof(*edge));
	*edge = (struct demo_smap_config){ 0, 1000, 42 };
	c_expect(set(edge), 0, "set {0, 1000, 42} from the last bytes before an unmapped page");
	c_expect(q(DEMO_SMAP_Q_MODE) * 10000 + q(DEMO_SMAP_Q_THRESHOLD), 1000,
		 "then mode * 10000 + threshold");
	c_expect(q(DEMO_SMAP_Q_COOKIE), 42, "then the cookie");
}

static void invalid(void)
{
	struct demo_smap_config ok = { 1, 7, 99 }, bad[] = {
		{ DEMO_SMAP_MODE_MAX + 1, 7, 1 }, { 1, 0, 2 },
		{ 1, DEMO_SMAP_THRESHOLD_MAX + 1, 3 }, { ~0u, ~0u, 4 },
	};

	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(set(&ok), 0, "set {1, 7, 99}");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[80];
		snprintf(what, sizeof what, "set {%u, %u, %llu}", bad[i].mode, bad[i].threshold,
			 bad[i].cookie);
		c_expect(set(&bad[i]), -EINVAL, what);
	}
	c_expect(q(DEMO_SMAP_Q_THRESHOLD) * 1000 + q(DEMO_SMAP_Q_COOKIE), 7099,
		 "after the refusals, threshold * 1000 + cookie (unchanged)");
	c_expect(q(DEMO_SMAP_Q_CALLS), 1, "and the call count");
}

static void bad_probe(void)
{
	char *edge = (char *)t_page_before_hole() + t_si.page_size - 8;

	c_expect(set((void *)t_si.kernel_data), -EFAULT, "set from kernel data");
	c_expect(set(NULL), -EFAULT, "set from NULL");
	c_expect(set(edge), -EFAULT, "set from a struct whose last 8 bytes are unmapped");
	c_expect(q(DEMO_SMAP_Q_CALLS), 0, "the call count after them (nothing changed)");
}

static long set_bad(void *p, unsigned long n)
{
	(void)n;
	return set(p);
}

int main(void)
{
	t_sysinfo();
	t_child("good pointers: exact results (struct read through UMA)", good);
	t_child("out-of-range fields: EINVAL, nothing changes", invalid);
	demo(DEMO_SMAP_RESET, NULL, 0);
	int clean = t_child("kernel data, NULL, a struct running into an unmapped page: "
			    "EFAULT, the caller lives", bad_probe) == 0;
	if (clean) {
		t_bad("DEMO_SMAP_SET_CONFIG", set_bad, sizeof(struct demo_smap_config), BAD_SRC);
		t_ok(q(DEMO_SMAP_Q_CALLS) == 0, "no bad pointer changed the device (%ld calls)",
		     q(DEMO_SMAP_Q_CALLS));
	} else {
		t_ok(0, "every bad pointer of the battery: not tried, the driver does not yet "
		     "survive the three above");
	}
	demo(DEMO_SMAP_RESET, NULL, 0);
	return t_done();
}
