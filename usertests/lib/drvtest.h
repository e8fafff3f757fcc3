/*
 * usertests/lib/drvtest.h - testing a driver that may kill its caller.
 *
 * The lab drivers (kernel/sys/lab_smap.c, lab_doublefetch.c) are tested
 * while they are still being written: a driver that dereferences a user
 * pointer gets the calling process killed by an oops (SMAP/PAN, or a
 * fault no exception-table entry covers). So each group of checks runs in
 * a child process: the child checks quietly, printing `# ...` lines for
 * what went wrong, and exits with the number of failures; the parent turns
 * the child's end into one TAP line, and says so when it was killed.
 */
#ifndef DRVTEST_H
#define DRVTEST_H

#include "testlib.h"
#include "flipper.h"

/* In the child: count a failure if !cond and print `# what` with the
 * message. Returns cond. */
int c_check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* In the child: r must be exactly want (a value; want < 0 means -1 with
 * errno -want). Prints what came back otherwise. */
int c_expect(long r, long want, const char *what);

/* Run fn in a child; one TAP line "what". ok only if the child exited 0
 * with no failed c_check. Returns the child's exit status (-1: killed). */
int t_child(const char *what, void (*fn)(void));

/*
 * A race against a driver that reads user memory (docs/labs/06-doublefetch.md):
 * calls demo(op, arg, 0) up to `tries` times while a flipper thread
 * (flipper.h) keeps writing one of two values to f->word, with the
 * driver's race window open (DEMO_SET_WINDOW flip_window(), set back after).
 * A result equal to `value` is right; -1 with errno `refusal` is the
 * driver refusing what its check saw; anything else is an escape: the
 * driver used a value it never checked. Stops at the first escape.
 * With several CPUs the flipper runs on another CPU without yielding
 * (flip_init) and the window is narrower, so `tries` counts 40 times over.
 */
struct race_result {
	int tries;              /* calls made */
	int right, refused, escapes;
	long escaped_with;      /* the first escape's result (-errno if it failed) */
};
struct race_result t_race_op(int op, void *arg, struct flip *f, int tries, long value,
			     int refusal);

#endif
