/* kernel/tests/redzone_test.c - guard bytes see overflows and name the object. */
#include "ktest.h"
#include "redzone.h"
#include "kmalloc.h"
#include "base/printk.h"
#include "base/string.h"

static bool report_is(const void *p, const char *want)
{
	char got[256];
	redzone_describe(p, got, sizeof(got));
	if (!strcmp(got, want))
		return true;
	kprintf("# got \"%s\", want \"%s\"\n", got, want);
	return false;
}

KTEST(redzone_intact_object_passes)
{
	size_t before = kmalloc_bytes_in_use();
	uint8_t *p = kmalloc_redzone(24, "intact");
	KASSERT(p != NULL);
	KEXPECT(((uintptr_t)p & 15) == 0);
	KEXPECT_EQ(redzone_size(p), 24);
	memset(p, REDZONE_PATTERN ^ 0xff, 24);     /* every byte of the object is fair game */
	KEXPECT(redzone_check(p));
	KEXPECT(report_is(p, ""));
	kfree_redzone(p);
	KEXPECT_EQ(kmalloc_bytes_in_use(), before);
}

KTEST(redzone_overflow_is_named_and_measured)
{
	uint8_t *p = kmalloc_redzone(24, "MySysCall LocalData");
	KASSERT(p != NULL);
	memset(p, 'A', 24 + 16);                   /* 16 bytes too many */
	KEXPECT(report_is(p, "redzone: 'MySysCall LocalData' (24 bytes): 16 bytes written "
			     "past the end (first bad byte at +24)\n"));
	KEXPECT(!redzone_check(p));                /* prints the same line to the console */
	kfree_redzone(p);                          /* reports again, then frees */
}

KTEST(redzone_sees_a_stray_byte_and_an_underflow)
{
	uint8_t *p = kmalloc_redzone(5, "stray");
	KASSERT(p != NULL);
	p[5 + 9] = 0;                              /* one byte, 10th after the end */
	KEXPECT(report_is(p, "redzone: 'stray' (5 bytes): 10 bytes written past the end "
			     "(first bad byte at +14)\n"));
	p[5 + 9] = REDZONE_PATTERN;
	KEXPECT(redzone_check(p));                 /* repaired: clean again */
	p[-3] = 1;
	KEXPECT(report_is(p, "redzone: 'stray' (5 bytes): 3 bytes written before the start "
			     "(first bad byte at -3)\n"));
	p[-3] = REDZONE_PATTERN;
	kfree_redzone(p);
}

KTEST(redzone_zero_bytes_and_big_objects)
{
	uint8_t *z = kmalloc_redzone(0, "empty");
	KASSERT(z != NULL);
	KEXPECT(redzone_check(z));
	z[0] = 7;                                  /* any byte is past the end */
	KEXPECT(report_is(z, "redzone: 'empty' (0 bytes): 1 byte written past the end "
			     "(first bad byte at +0)\n"));
	z[0] = REDZONE_PATTERN;
	kfree_redzone(z);

	uint8_t *b = kmalloc_redzone(3 * 4096, "big");
	KASSERT(b != NULL);
	memset(b, 0, 3 * 4096);
	KEXPECT(redzone_check(b));
	b[3 * 4096 + REDZONE_BYTES - 1] = 0;       /* the guard's last byte counts too */
	KEXPECT(!redzone_check(b));
	b[3 * 4096 + REDZONE_BYTES - 1] = REDZONE_PATTERN;
	kfree_redzone(b);
	KEXPECT(kmalloc_redzone(SIZE_MAX - 8, "absurd") == NULL);
}
