/*
 * kernel/tests/infoleak_test.c - the info-leak detector (uma/infoleak.h,
 * kernel/infoleak.h).
 *
 * Each test turns the detector on, runs a function as a pretend system
 * call (il_call_poisoned: number NSYSCALLS, named "infoleak_test" so that
 * these deliberate reports are easy to tell apart in a log) on a poisoned
 * stack, and reads the change in il_count() and the last report. The
 * detector's previous state is restored at the end of each test.
 */
#include "ktest.h"
#include "infoleak.h"
#include "kmalloc.h"
#include "thread.h"
#include "sched.h"
#include "arch/arch.h"
#include "timer.h"
#include "vm.h"
#include "sys/syscall.h"
#include "base/ksym.h"
#include "base/printk.h"
#include "base/string.h"
#include "uma/usermode_accessors.h"

#define FAKE_NAME "infoleak_test"
#define P INFOLEAK_POISON
/* The pretend system calls take their user pointer as a plain void *. */
#define UARG(arg) ((__force uint8_t __user *)(arg))

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

/*
 * The self-tests run on the boot thread, whose stack is not one of
 * kernel/kstack.c's (the detector poisons only those), so each pretend
 * system call runs on a kernel thread of its own, in the self-tests' user
 * address space (ktest_user_map_at with no flags only makes it current
 * on the CPU the thread runs on); this thread waits for it.
 */
struct pretend {
	long (*fn)(void *);
	void *arg;
	long ret;
	volatile bool done;
};

static void pretend_thread(void *p)
{
	struct pretend *c = p;

	ktest_user_map_at(0x10000000, 0, 0);
	/* Interrupts masked: a tick taken between the fill and fn's first
	 * frame would put its frame on the poison fn's locals are to start
	 * with (an ARM64 noprot boot once saw no report from stack_hole). */
	uint64_t flags = arch_irq_save();
	c->ret = il_call_poisoned(c->fn, c->arg, NSYSCALLS, FAKE_NAME);
	arch_irq_restore(flags);
	c->done = true;
}

static long pretend_syscall(long (*fn)(void *), void *arg)
{
	struct pretend c = { fn, arg, -1, false };

	if (!kthread_create("infoleak_test", pretend_thread, &c))
		return -1;
	while (!c.done)
		yield();
	return c.ret;
}

/* fn(arg) as a pretend system call on a poisoned stack: the reports it made. */
static unsigned long leaks_in(long (*fn)(void *), void *arg)
{
	unsigned long before = il_count();

	KEXPECT_EQ(pretend_syscall(fn, arg), 0);
	return il_count() - before;
}

/* The report says this much: "<run> poisoned bytes at +<off> of a <len>-byte". */
static bool last_says(size_t run, size_t off, size_t len)
{
	char want[80];

	ksnprintf(want, sizeof(want), " %lu poisoned bytes at +%lu of a %lu-byte ",
		  (unsigned long)run, (unsigned long)off, (unsigned long)len);
	return contains(il_last_report(), want);
}

/* A heap block with bytes 16..19 never written. */
static __attribute__((noipa)) long heap_hole(void *arg)
{
	uint8_t *k = kmalloc(64);

	if (!k)
		return -1;
	memset(k, 1, 16);
	memset(k + 20, 2, 44);
	CopyToUser(UARG(arg), k, 64);
	kfree(k);
	return 0;
}

KTEST(infoleak_heap_hole_reported_with_offset_length_and_site)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = il_set(true);
	char who[64];

	KEXPECT_EQ(leaks_in(heap_hole, (__force void *)u), 1);
	il_set(was);
	kprintf("# %s\n", il_last_report());
	KEXPECT(last_says(4, 16, 64));
	KEXPECT(contains(il_last_report(), "copy to user"));
	ksnprintf(who, sizeof(who), "syscall %lu (%s) in kernel thread infoleak_test", (unsigned long)NSYSCALLS,
		  FAKE_NAME);
	KEXPECT(contains(il_last_report(), who));
	const char *name;
	uint64_t off;
	if (ksym_lookup((uintptr_t)heap_hole, &name, &off))
		KEXPECT(contains(il_last_report(), "at heap_hole+0x"));
	/* What the user got: the poison, exactly there. */
	const uint8_t *k = ktest_user_kaddr(u);
	KEXPECT(k[15] == 1 && k[16] == P && k[19] == P && k[20] == 2);
}

/* A struct with a hole, and a buffer only partly written, on the stack. */
struct il_pair {
	uint32_t a;             /* 4 bytes of padding after it */
	uint64_t b;
};

static __attribute__((noipa)) long stack_hole(void *arg)
{
	struct il_pair s;
	uint8_t buf[32];

	s.a = 1;
	s.b = 2;
	WriteStructToUser((struct il_pair __user *)UARG(arg), &s);
	memset(buf, 7, 8);
	CopyToUser(UARG(arg) + 64, buf, sizeof(buf));
	return 0;
}

KTEST(infoleak_stack_padding_and_unwritten_locals_reported)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = il_set(true);
	unsigned long before = il_count();

	KEXPECT_EQ(pretend_syscall(stack_hole, (__force void *)u), 0);
	KEXPECT_EQ(il_count() - before, 2);
	kprintf("# %s\n", il_last_report());
	KEXPECT(last_says(24, 8, 32));           /* the buffer, reported last */
	il_set(was);
	const uint8_t *k = ktest_user_kaddr(u);
	KEXPECT(k[0] == 1 && k[4] == P && k[7] == P && k[8] == 2);
}

/* Every byte under a pretend system call's frame is poison, from a little
 * below this function's frame (its own locals and spills) down to the
 * lowest byte of the stack. No call in here, and interrupts masked: a
 * callee's or an interrupt's frame would land on the bytes looked at. */
static __attribute__((noipa)) long stack_all_poison(void *arg)
{
	const volatile uint8_t *lo = current_thread()->kstack;
	const volatile uint8_t *top = (const uint8_t *)__builtin_frame_address(0) - 256;
	size_t bad = 0;

	for (const volatile uint8_t *b = lo; b < top; b++)
		bad += *b != P;
	((size_t *)arg)[0] = bad;
	((size_t *)arg)[1] = (size_t)(top - lo);
	return 0;
}

KTEST(infoleak_stack_poisoned_down_to_its_lowest_byte)
{
	bool was = il_set(true);
	size_t r[2] = { 1, 0 };

	KEXPECT_EQ(pretend_syscall(stack_all_poison, r), 0);
	kprintf("# %lu bytes below the frame looked at\n", (unsigned long)r[1]);
	KEXPECT_EQ(r[0], 0);
	KEXPECT(r[1] > KSTACK_SIZE / 2);
	il_set(was);
}

/* Every UMA form that writes kernel bytes to the user, each given bytes
 * (or a value) from a fresh heap block nobody wrote. */
enum { F_COPY, F_COPY_MODE, F_COPY_ALIGNED, F_COPY_MODE_ALIGNED, F_STRUCT, F_STRUCT_MODE,
       F_STRUCT_ALIGNED, F_ULONG, F_ULONG64_RELEASE, F_LONG_MODE, F_POINTER, F_GENERIC,
       F_LARGE, F_UNICODE, F_CMPXCHG, F_OR64, F_FORMS };
static const struct { const char *name; size_t run, len; } forms[F_FORMS] = {
	{ "CopyToUser", 16, 16 },            { "CopyToMode", 16, 16 },
	{ "CopyToUserAligned", 16, 16 },     { "CopyToModeAligned", 16, 16 },
	{ "WriteStructToUser", 16, 16 },     { "WriteStructToMode", 16, 16 },
	{ "WriteStructToUserAligned", 16, 16 },
	{ "WriteULongToUser", 4, 4 },        { "WriteULong64ToUserRelease", 8, 8 },
	{ "WriteLongToMode", 4, 4 },         { "WritePointerToUser", 8, 8 },
	{ "WriteToUser (_Generic)", 8, 8 },  { "WriteLargeIntegerToUser", 8, 8 },
	{ "WriteUnicodeStringToUser (Buffer)", 8, 8 },
	{ "InterlockedCompareExchangeToUser", 4, 4 }, { "InterlockedOr64ToUser", 8, 8 },
};

struct form_arg { uint8_t __user *u; int form; };

static __attribute__((noipa)) long write_form(void *arg)
{
	const struct form_arg *f = arg;
	uint64_t *k = kmalloc(32);
	void __user *u = f->u;

	if (!k)
		return -1;
	switch (f->form) {
	case F_COPY:              CopyToUser(u, k, 16); break;
	case F_COPY_MODE:         CopyToMode(u, k, 16, UserMode); break;
	case F_COPY_ALIGNED:      CopyToUserAligned(u, k, 16, 8); break;
	case F_COPY_MODE_ALIGNED: CopyToModeAligned(u, k, 16, 8, UserMode); break;
	case F_STRUCT:            WriteStructToUser((struct il_pair __user *)u, (struct il_pair *)k); break;
	case F_STRUCT_MODE:       WriteStructToMode((struct il_pair __user *)u, (struct il_pair *)k, UserMode); break;
	case F_STRUCT_ALIGNED:    WriteStructToUserAligned((struct il_pair __user *)u, (struct il_pair *)k, 8); break;
	case F_ULONG:             WriteULongToUser((ULONG __user *)u, (ULONG)k[0]); break;
	case F_ULONG64_RELEASE:   WriteULong64ToUserRelease((ULONG64 __user *)u, k[0]); break;
	case F_LONG_MODE:         WriteLongToMode((LONG __user *)u, (LONG)k[0], UserMode); break;
	case F_POINTER:           WritePointerToUser((PVOID __user *)u, (PVOID)k[0]); break;
	case F_GENERIC:           WriteToUser((ULONG64 __user *)u, (ULONG64)k[0]); break;
	case F_LARGE:             WriteLargeIntegerToUser((LARGE_INTEGER __user *)u,
							  (LARGE_INTEGER){ .QuadPart = (LONGLONG)k[0] }); break;
	case F_UNICODE:           WriteUnicodeStringToUser((UNICODE_STRING __user *)u,
				  (UNICODE_STRING){ .Length = 2, .MaximumLength = 4, .Buffer = (PWCH)k[0] }); break;
	case F_CMPXCHG:           InterlockedCompareExchangeToUser((LONG __user *)u, (LONG)k[0], 0); break;
	case F_OR64:              InterlockedOr64ToUser((LONG64 __user *)u, (LONG64)k[0]); break;
	}
	kfree(k);
	return 0;
}

KTEST(infoleak_every_uma_write_form_is_checked)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = il_set(true);

	for (int i = 0; i < F_FORMS; i++) {
		struct form_arg f = { u, i };
		memset(ktest_user_kaddr(u), 0, 64);
		unsigned long n = leaks_in(write_form, &f);
		bool says = last_says(forms[i].run, 0, forms[i].len);
		if (n != 1 || !says)
			kprintf("# %s: %lu reports, last: %s\n", forms[i].name, n, il_last_report());
		KEXPECT_EQ(n, 1);
		KEXPECT(says);
	}
	il_set(was);
}

/* Copies that carry no run of IL_MIN_RUN poison bytes. */
static __attribute__((noipa)) long clean_copies(void *arg)
{
	uint8_t __user *u = UARG(arg);
	uint8_t *z = kzalloc(64), buf[48];

	if (!z)
		return -1;
	CopyToUser(u, z, 64);                         /* kzalloc: zeros */
	memset(buf, 0x42, sizeof(buf));
	CopyToUser(u, buf, sizeof(buf));              /* a stack buffer set whole */
	memset(z + 5, P, IL_MIN_RUN - 1);             /* one byte short of a run */
	memset(z + 30, P, IL_MIN_RUN - 1);
	CopyToUser(u, z, 64);
	WriteUShortToUser((USHORT __user *)u, 0xbdbd);   /* 2 bytes: below the threshold */
	FillUserMemory(u, 64, P);                     /* the fill byte is not checked */
	CopyToUserFromUser(u + 64, u, 64);            /* user bytes, not kernel ones */
	MoveToUserFromUser(u + 8, u, 64);
	kfree(z);
	return 0;
}

KTEST(infoleak_clean_copies_and_short_runs_are_not_reported)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = il_set(true);

	KEXPECT_EQ(leaks_in(clean_copies, (__force void *)u), 0);
	il_set(was);
}

/* il_find_run at the edges: a run at the start, at the end, across an
 * 8-byte boundary, and runs of exactly IL_MIN_RUN - 1 and IL_MIN_RUN. */
KTEST(infoleak_find_run_edges)
{
	uint8_t b[40];
	size_t run;

	memset(b, 0, sizeof(b));
	KEXPECT_EQ(il_find_run(b, sizeof(b), 0, &run), sizeof(b));
	memset(b, P, 4);                              /* [0, 4) */
	memset(b + 6, P, 3);                          /* [6, 9): too short */
	memset(b + 13, P, 6);                         /* [13, 19): across 16 */
	memset(b + 36, P, 4);                         /* [36, 40): the end */
	KEXPECT_EQ(il_find_run(b, sizeof(b), 0, &run), 0);
	KEXPECT_EQ(run, 4);
	KEXPECT_EQ(il_find_run(b, sizeof(b), 4, &run), 13);
	KEXPECT_EQ(run, 6);
	KEXPECT_EQ(il_find_run(b, sizeof(b), 19, &run), 36);
	KEXPECT_EQ(run, 4);
	KEXPECT_EQ(il_find_run(b, 39, 19, &run), 39);     /* cut to 3 bytes: none */
	KEXPECT_EQ(il_find_run(b + 1, 3, 0, &run), 3);    /* a 3-byte copy can never leak */
}

/* Off: kmalloc does not poison, and a copy of poison is not counted. */
static __attribute__((noipa)) long copy_poison(void *arg)
{
	uint8_t *k = kmalloc(64);

	if (!k)
		return -1;
	bool poisoned = k[8] == P && k[63] == P;
	memset(k, P, 64);
	CopyToUser(UARG(arg), k, 64);
	kfree(k);
	return poisoned;
}

KTEST(infoleak_off_poisons_and_reports_nothing)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	bool was = il_set(false);
	unsigned long before = il_count();

	KEXPECT_EQ(pretend_syscall(copy_poison, (__force void *)u), 0);
	KEXPECT_EQ(il_count(), before);
	il_set(true);
	KEXPECT_EQ(pretend_syscall(copy_poison, (__force void *)u), 1);   /* on: poisoned */
	KEXPECT_EQ(il_count(), before + 1);
	il_set(was);
}

/* What the stack poison costs each system call: il_call_poisoned around a
 * function that does nothing, the best of 8 rounds of 200 (the host is
 * shared, and a tick may land in a round: noise only adds; interrupts stay
 * on, a loaded host stretches the rounds to milliseconds). Printed for docs/detectors.md; the check is
 * that the poison is really there afterwards. */
static long nothing(void *arg)
{
	return 0;
}

static __attribute__((noipa)) long time_fill(void *arg)
{
	uint64_t best = ~0ull;

	for (int r = 0; r < 8; r++) {
		uint64_t t0 = arch_counter();
		for (int i = 0; i < 200; i++)
			il_call_poisoned(nothing, NULL, NSYSCALLS, FAKE_NAME);
		uint64_t t = arch_counter() - t0;
		if (t < best)
			best = t;
	}
	*(uint64_t *)arg = counter_to_ns(best) / 200;
	size_t r[2] = { 1, 0 };
	uint64_t flags = arch_irq_save();   /* masked for the check only (see above) */
	il_call_poisoned(stack_all_poison, r, NSYSCALLS, FAKE_NAME);
	arch_irq_restore(flags);
	return (long)r[0];                  /* bytes below that are not poison: 0 */
}

KTEST(infoleak_stack_poison_cost)
{
	uint64_t ns = 0;

	KEXPECT_EQ(pretend_syscall(time_fill, &ns), 0);
	kprintf("# poisoning a %d KiB kernel stack: %lu ns per system call\n", KSTACK_SIZE / 1024,
		(unsigned long)ns);
}
