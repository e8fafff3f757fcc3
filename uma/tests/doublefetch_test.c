/*
 * uma/tests/doublefetch_test.c - the double-fetch detector (uma/doublefetch.h).
 *
 * Each test plays the dispatcher: df_syscall_enter() starts a pretend
 * system call (number NSYSCALLS, named "doublefetch_test" so these
 * deliberate reports are easy to tell apart in a log), the test reads user
 * memory through UMA, and the change in df_count() says what was found.
 * The detector's previous state is restored at the end of each test.
 */
#include "uma/tests/uma_test.h"
#include "uma/doublefetch.h"
#include "sys/syscall.h"
#include "base/ksym.h"

#define FAKE_NR   NSYSCALLS
#define FAKE_NAME "doublefetch_test"

static volatile ULONG sink1, sink2;

/* Two call sites in two functions, so that a report can be checked to
 * name both. noipa keeps each read in its own function: no inlining, and
 * no merging of the two identical bodies into one (GCC's -fipa-icf); the
 * store after the call rules out a tail call. */
static __attribute__((noipa)) void df_test_first_read(const ULONG __user *p)
{
	sink1 = ReadULongFromUser(p);
}

static __attribute__((noipa)) void df_test_second_read(const ULONG __user *p)
{
	sink2 = ReadULongFromUser(p);
}

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

/* Start a pretend system call with the detector on; returns the
 * detector's previous state for df_end(). */
static bool df_begin(void)
{
	bool was = df_set(true);
	df_syscall_enter(FAKE_NR, FAKE_NAME);
	return was;
}

static void df_end(bool was)
{
	df_syscall_exit();
	df_set(was);
}

KTEST(uma_doublefetch_same_word_twice_is_one_report)
{
	ULONG __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = df_begin();
	unsigned long before = df_count();

	KEXPECT_EQ(UMA_CATCH(df_test_first_read(u); df_test_second_read(u)), OK);
	KEXPECT_EQ(df_count() - before, 1);
	/* A third read in the same system call adds nothing: once per call. */
	KEXPECT_EQ(UMA_CATCH(df_test_second_read(u)), OK);
	KEXPECT_EQ(df_count() - before, 1);
	df_end(was);

	const char *r = df_last_report();
	kprintf("# %s\n", r);
	KEXPECT(contains(r, "syscall ") && contains(r, "(" FAKE_NAME ")"));
	KEXPECT(contains(r, "+4)"));
	const char *name;
	uint64_t off;
	if (ksym_lookup((uintptr_t)df_test_first_read, &name, &off)) {
		KEXPECT(contains(r, "first at df_test_first_read+"));
		KEXPECT(contains(r, "again at df_test_second_read+"));
	}
}

KTEST(uma_doublefetch_disjoint_and_adjacent_reads_are_fine)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t k[16];
	bool was = df_begin();
	unsigned long before = df_count();

	KEXPECT_EQ(UMA_CATCH(ReadULongFromUser((ULONG __user *)u);
			     ReadULongFromUser((ULONG __user *)(u + 4));    /* right after */
			     ReadULonglongFromUser((ULONGLONG __user *)(u + 64));
			     CopyFromUser(k, u + 8, 16);                    /* 8..23 */
			     CopyFromUser(k, u + 100, 16)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	df_end(was);
}

KTEST(uma_doublefetch_copy_over_an_earlier_scalar_read)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t k[32];
	bool was = df_begin();
	unsigned long before = df_count();

	/* The seed's UMA example: read Size, then copy the struct it heads. */
	KEXPECT_EQ(UMA_CATCH(ReadULongFromUser((ULONG __user *)(u + 16));
			     CopyFromUser(k, u, sizeof(k))), OK);
	KEXPECT_EQ(df_count() - before, 1);
	KEXPECT(contains(df_last_report(), "+4)"));     /* the overlap: Size */
	df_end(was);
}

KTEST(uma_doublefetch_new_syscall_starts_empty)
{
	ULONG __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = df_begin();
	unsigned long before = df_count();

	KEXPECT_EQ(UMA_CATCH(df_test_first_read(u)), OK);
	df_syscall_exit();
	df_syscall_enter(FAKE_NR, FAKE_NAME);           /* the next system call */
	KEXPECT_EQ(UMA_CATCH(df_test_second_read(u)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	df_end(was);
}

/* A string-length scan records what it scanned; copying the string
 * afterwards (length first, then copy) reads those bytes again. */
KTEST(uma_doublefetch_strlen_then_copy)
{
	char __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	char k[8];
	bool was = df_begin();
	unsigned long before = df_count();

	memcpy(ktest_user_kaddr(u), "hello", 6);
	KEXPECT_EQ(UMA_CATCH(KEXPECT_EQ(StringLengthFromUser(u), 5);
			     CopyFromUser(k, u + 6, 2)), OK);           /* past the NUL: fine */
	KEXPECT_EQ(df_count() - before, 0);
	KEXPECT_EQ(UMA_CATCH(CopyFromUser(k, u, 6)), OK);
	KEXPECT_EQ(df_count() - before, 1);
	df_end(was);
}

/* Writes are not fetches; an interlocked operation is one atomic step and
 * is not recorded; a path read byte by byte is one growing range, not
 * hundreds of entries, and rereading its last byte is still caught. */
KTEST(uma_doublefetch_writes_atomics_and_byte_loops)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = df_begin();
	unsigned long before = df_count();

	KEXPECT_EQ(UMA_CATCH(WriteULongToUser((ULONG __user *)u, 7);
			     ReadULongFromUser((ULONG __user *)u);
			     WriteULongToUser((ULONG __user *)u, 8);
			     InterlockedOrToUser((LONG __user *)u, 1)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	for (int i = 0; i < 1000; i++)
		KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(u + 8 + i)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(u + 8 + 999)), OK);
	KEXPECT_EQ(df_count() - before, 1);
	df_end(was);
}

/* Off, or outside a system call, nothing is recorded. */
KTEST(uma_doublefetch_off_records_nothing)
{
	ULONG __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = df_set(false);
	unsigned long before = df_count();

	df_syscall_enter(FAKE_NR, FAKE_NAME);
	KEXPECT_EQ(UMA_CATCH(df_test_first_read(u); df_test_second_read(u)), OK);
	df_syscall_exit();
	df_set(true);                                   /* on, but no system call */
	KEXPECT_EQ(UMA_CATCH(df_test_first_read(u); df_test_second_read(u)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	df_set(was);
}

/* df_captured(): bytes captured whole may be read again as a new,
 * independent capture; bytes around them are still remembered. */
KTEST(uma_doublefetch_captured_bytes_are_forgotten)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t k[32];
	bool was = df_begin();
	unsigned long before = df_count();

	KEXPECT_EQ(UMA_CATCH(CopyFromUser(k, u, 32)), OK);
	df_captured(u + 8, 8);                          /* a hole in the middle */
	KEXPECT_EQ(UMA_CATCH(CopyFromUser(k, u + 8, 8)), OK);
	KEXPECT_EQ(df_count() - before, 0);
	KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(u + 31)), OK);   /* after the hole */
	KEXPECT_EQ(df_count() - before, 1);
	df_syscall_enter(FAKE_NR, FAKE_NAME);
	KEXPECT_EQ(UMA_CATCH(CopyFromUser(k, u, 32)), OK);
	df_captured(u, 32);                             /* all of it */
	KEXPECT_EQ(UMA_CATCH(CopyFromUser(k, u, 32)), OK);
	KEXPECT_EQ(df_count() - before, 1);
	KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(u + 7)), OK);    /* the second capture */
	KEXPECT_EQ(df_count() - before, 2);
	df_end(was);
}
