/* kernel/ktest.c - the self-test runner (see ktest.h). */
#include "ktest.h"
#include "arch/arch.h"
#include "base/printk.h"
#include "base/string.h"
#include "timer.h"
#include "thread.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static bool running;
static const struct ktest *current;
static unsigned current_failures;
static const char *skip_reason;
static struct jmp_buf test_jb;        /* where a test that must stop goes */

/* An armed expectation (ktest_expect_fault). */
static bool expect_armed;
static struct jmp_buf expect_jb;
static struct fault *expect_out;

static bool resume_armed;
static unsigned breakpoints_seen;

bool ktest_running(void) { return running; }

void ktest_check(bool ok, const char *expr, const char *file, int line, bool fatal)
{
	if (ok)
		return;
	current_failures++;
	kprintf("# FAIL %s:%d: %s\n", file, line, expr);
	if (fatal)
		arch_longjmp(&test_jb, 1);
}

void ktest_check_eq(uint64_t a, uint64_t b, const char *expr, const char *file, int line)
{
	if (a == b)
		return;
	current_failures++;
	kprintf("# FAIL %s:%d: %s (%#lx != %#lx)\n", file, line, expr, a, b);
}

void ktest_skip(const char *reason)
{
	skip_reason = reason;
	arch_longjmp(&test_jb, 1);
}

static void expect_landing(void)
{
	arch_longjmp(&expect_jb, 1);
}

static void test_landing(void)
{
	arch_longjmp(&test_jb, 1);
}

bool ktest_expect_fault(void (*fn)(void *), void *arg, struct fault *got)
{
	struct fault scratch;

	expect_out = got ? got : &scratch;
	if (arch_setjmp(&expect_jb) == 0) {
		expect_armed = true;
		fn(arg);
		expect_armed = false;
		return false;
	}
	return true;   /* expect_armed was cleared by the hook */
}

void ktest_resume_next_breakpoint(void) { resume_armed = true; }
unsigned ktest_breakpoints_seen(void) { return breakpoints_seen; }

/*
 * The fault hook: while a test runs, faults are either expected (report as
 * diagnostics, resume in the test) or a test failure (report, end the test).
 */
static bool ktest_fault_hook(struct trapframe *tf, const struct fault *f)
{
	if (!running || !current)
		return false;
	if (f->kind == FAULT_BREAKPOINT && resume_armed) {
		resume_armed = false;
		breakpoints_seen++;
		kprintf("# breakpoint at %p, resuming at %p\n", (void *)f->pc, (void *)f->next_pc);
		arch_tf_set_pc(tf, f->next_pc);
		return true;
	}
	printk_set_prefix("# ");
	kprintf("%s fault in test %s:\n", expect_armed ? "expected" : "UNEXPECTED", current->name);
	trap_report(tf, f);
	printk_set_prefix(NULL);
	if (expect_armed) {
		expect_armed = false;
		*expect_out = *f;
		arch_tf_call_on_return(tf, expect_landing);
	} else {
		current_failures++;
		arch_tf_call_on_return(tf, test_landing);
	}
	return true;
}

/* Does the comma-separated filter select this test? */
static bool selected(const struct ktest *t, const char *filter)
{
	bool all = !strcmp(filter, "all");

	if (all && !(t->flags & KTEST_EXPLICIT))
		return true;
	for (const char *w = filter; *w; ) {
		size_t n = 0;
		while (w[n] && w[n] != ',')
			n++;
		bool exact = strlen(t->name) == n;
		if (n && !strncmp(t->name, w, n) && (exact || !(t->flags & KTEST_EXPLICIT)))
			return true;
		w += n + (w[n] == ',');
	}
	return false;
}

static bool run_one(const struct ktest *t, unsigned num)
{
	current = t;
	current_failures = 0;
	skip_reason = NULL;
	uint64_t t0 = time_ns();
	struct thread *self = current_thread();
	if (arch_setjmp(&test_jb) == 0)
		t->fn();
	/* A test that ended by longjmp (KASSERT, an unexpected fault) may have
	 * left __try frames behind on its dead stack: drop them. */
	if (self->uma.seh_top) {
		kprintf("# test %s left a __try frame active\n", t->name);
		self->uma.seh_top = NULL;
	}
	expect_armed = resume_armed = false;
	current = NULL;
	ktest_user_reset();
	uint64_t ms = (time_ns() - t0) / 1000000;

	if (skip_reason) {
		kprintf("ok %u - %s # SKIP %s\n", num, t->name, skip_reason);
		return true;
	}
	kprintf("%sok %u - %s (%lu ms)\n", current_failures ? "not " : "", num, t->name, ms);
	return !current_failures;
}

unsigned ktest_run(const char *filter)
{
	unsigned planned = 0, num = 0, failed = 0;

	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		planned += selected(t, filter);
	running = true;
	trap_add_hook(ktest_fault_hook);
	kprintf("TAP version 13\n1..%u\n", planned);
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		if (selected(t, filter) && !run_one(t, ++num))
			failed++;
	kprintf("# ktest: %u passed, %u failed\n", num - failed, failed);
	running = false;
	return failed;
}
