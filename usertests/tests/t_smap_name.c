/*
 * t_smap_name - lab 05 (docs/labs/05-smap.md), DEMO_SMAP_SET_NAME: the
 * driver copies a NUL-terminated name in from the caller.
 *
 * 1..DEMO_SMAP_NAME_MAX-1 characters are taken (the result is the length;
 * DEMO_SMAP_QUERY gives back the length and an FNV-1a hash of the name);
 * "" is EINVAL, no NUL within DEMO_SMAP_NAME_MAX bytes is ENAMETOOLONG, and
 * neither changes the name. A name whose NUL is the last byte of a
 * mapping is fine; one that runs into an unmapped page is EFAULT.
 */
#include "drvtest.h"

static long q(int what)
{
	return demo(DEMO_SMAP_QUERY, NULL, what);
}

static long set(const char *name)
{
	return demo(DEMO_SMAP_SET_NAME, (void *)name, 0);
}

static long fnv1a(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The driver's name is exactly s. */
static void is_now(const char *s, const char *after)
{
	char what[96];
	snprintf(what, sizeof what, "the name's length after %s", after);
	c_expect(q(DEMO_SMAP_Q_NAME_LEN), strlen(s), what);
	snprintf(what, sizeof what, "the name's hash after %s (\"%s\")", after, s);
	c_expect(q(DEMO_SMAP_Q_NAME_HASH), fnv1a(s), what);
}

static void good(void)
{
	char longest[DEMO_SMAP_NAME_MAX], too_long[DEMO_SMAP_NAME_MAX + 8];

	memset(longest, 'x', sizeof longest);
	longest[sizeof longest - 1] = 0;
	memset(too_long, 'y', sizeof too_long);
	too_long[sizeof too_long - 1] = 0;

	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	is_now(DEMO_SMAP_DEFAULT_NAME, "a reset");
	c_expect(set("sensor-7"), 8, "set \"sensor-7\"");
	is_now("sensor-7", "it");
	c_expect(set(""), -EINVAL, "set \"\"");
	is_now("sensor-7", "the empty name");
	c_expect(set(longest), DEMO_SMAP_NAME_MAX - 1, "set 31 x's");
	is_now(longest, "it");
	c_expect(set(too_long), -ENAMETOOLONG, "set 39 y's");
	is_now(longest, "the long name");
	c_expect(q(DEMO_SMAP_Q_CALLS), 2, "successful calls");

	/* "edge" and its NUL are the last 5 bytes before an unmapped page. */
	char *edge = (char *)t_page_before_hole() + t_si.page_size - 5;
	memcpy(edge, "edge", 5);
	c_expect(set(edge), 4, "set a name whose NUL is the last mapped byte");
	is_now("edge", "it");
}

static void bad_probe(void)
{
	char *edge = (char *)t_page_before_hole() + t_si.page_size - 6;

	memcpy(edge, "abcdef", 6);              /* no NUL before the hole */
	c_expect(demo(DEMO_SMAP_RESET, NULL, 0), 0, "DEMO_SMAP_RESET");
	c_expect(set((void *)t_si.kernel_data), -EFAULT, "set from kernel data");
	c_expect(set(NULL), -EFAULT, "set from NULL");
	c_expect(set(edge), -EFAULT, "set from 6 characters with no NUL before an unmapped page");
	is_now(DEMO_SMAP_DEFAULT_NAME, "them (nothing changed)");
}

static long set_bad(void *p, unsigned long n)
{
	(void)n;
	return set(p);
}

int main(void)
{
	t_sysinfo();
	t_child("good names: exact lengths and results (string read through UMA)", good);
	int clean = t_child("kernel data, NULL, a name running into an unmapped page: EFAULT, "
			    "the caller lives", bad_probe) == 0;
	if (clean) {
		t_bad("DEMO_SMAP_SET_NAME", set_bad, 16, BAD_SRC);
		t_ok(q(DEMO_SMAP_Q_NAME_LEN) == 4 && q(DEMO_SMAP_Q_CALLS) == 0,
		     "no bad pointer changed the name");
	} else {
		t_ok(0, "every bad pointer of the battery: not tried, the driver does not yet "
		     "survive the three above");
	}
	demo(DEMO_SMAP_RESET, NULL, 0);
	return t_done();
}
