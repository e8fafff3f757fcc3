/* kernel/tests/printk_test.c - the formatter behind every message. */
#include "ktest.h"
#include "base/printk.h"
#include "base/string.h"

static bool fmt_is(const char *want, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!strcmp(buf, want))
		return true;
	kprintf("# got \"%s\", want \"%s\"\n", buf, want);
	return false;
}

KTEST(printk_formats)
{
	KEXPECT(fmt_is("42 -7 ff FF", "%d %d %x %X", 42, -7, 255, 255));
	KEXPECT(fmt_is("0x1f|   12|12   |0007", "%#x|%5d|%-5d|%04d", 31, 12, 12, 7));
	KEXPECT(fmt_is("-0042", "%05d", -42));
	KEXPECT(fmt_is("18446744073709551615", "%lu", ~0ul));
	KEXPECT(fmt_is("-9223372036854775808", "%ld", (long)(1ul << 63)));
	KEXPECT(fmt_is("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul));
	KEXPECT(fmt_is("ab|  abc|abc  |(null)", "%.2s|%5s|%-5s|%s", "abc", "abc", "abc", (char *)NULL));
	KEXPECT(fmt_is("c%", "%c%%", 'c'));
}

KTEST(printk_truncates_safely)
{
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	int n = ksnprintf(buf, 5, "%s", "abcdefgh");
	KEXPECT_EQ(n, 8);                  /* would-be length, like snprintf */
	KEXPECT(!strcmp(buf, "abcd"));
	KEXPECT_EQ(buf[5], 'x');           /* nothing past the given size */
}
