/*
 * usertests/lib/testlib.h - helpers for the test programs in usertests/tests.
 *
 * TAP output (SPEC section 7): each check prints `ok N - what` or
 * `not ok N - what`, t_done() prints the plan `1..N` last (TAP allows the
 * plan at the end, so a test need not count its checks in advance) and
 * returns the exit status: 0 only if every check passed.
 *
 * The malicious-pointer helpers build the address classes of SPEC section 8
 * from sysinfo() and from pages the test maps itself, and run one system
 * call against each class, checking errno, sentinel bytes around the
 * buffer and that nothing was written where it must not be.
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include "ulib.h"

int t_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* ok if r == -1 and errno == err; on failure prints what happened. */
int t_err(long r, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void t_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int t_done(void);                       /* prints the plan; exit status */

/* Run fn in a child (fork); returns the child's exit status, e.g. -1 when
 * the kernel killed it for a bad access. */
int t_in_child(void (*fn)(void));

/* Kernel health: kcheck() and the kmalloc / free-page counts. */
struct t_kstate {
	unsigned long heap_bytes;
	unsigned long free_pages;       /* free or the heap's: si_free_or_heap_pages() */
};
void t_kstate(struct t_kstate *s);
/* ok if kcheck() == 0 and heap/free pages are back where `before` was,
 * allowing a small constant. */
int t_kernel_healthy(const struct t_kstate *before, const char *what);

/* ---- malicious pointers (SPEC section 8) -------------------------------- */
#define BAD_SRC   0       /* the kernel reads the buffer */
#define BAD_DST   1       /* the kernel writes the buffer: add read-only pages */
#define BAD_LEN   2       /* the call takes a length: add wrapping/huge lengths */
#define BAD_NULL_OK 4     /* NULL has a meaning here (argv, wait status): skip it */

struct bad {
	const char *name;
	void *p;
	unsigned long n;    /* length to pass (calls with a length) */
};

/* Fill out[] with the bad (pointer, length) cases for an object of `size`
 * bytes; returns how many. Maps the pages it needs on first use. */
int bad_cases(struct bad *out, int max, unsigned long size, int flags);
/* Map those pages now (so a leak check can start after them). */
void bad_init(void);
#define BAD_MAX 32

/* Call fn(p, n) for every bad case: each must return -1 with errno EFAULT,
 * write no byte outside the valid part of the buffer and leave read-only
 * memory untouched. One TAP line per case, named "<what>: <case>". */
typedef long (*bad_fn)(void *p, unsigned long n);
void t_bad(const char *what, bad_fn fn, unsigned long size, int flags);

/* A path of PATH_MAX bytes with no NUL in it, ending exactly at the end of
 * a mapping; a 16-byte string with no NUL at the end of a mapping. */
char *bad_path_max(void);
char *bad_path_unterminated(void);

/* Pages for tests: `n` fresh read-write pages, or one whose next page is
 * unmapped (returns the start of the mapped page). */
void *t_pages(unsigned long n);
void *t_page_before_hole(void);

extern struct sysinfo t_si;             /* filled by the first helper call */
void t_sysinfo(void);

/* Run `sh -c line` with stdout and stderr into a pipe: its output (up to
 * max - 1 bytes, NUL-terminated) in out; returns sh's exit status. */
int t_run_sh(const char *line, char *out, int max);

/* ---- trace logs (usertests/bin/trace.c) ---------------------------------- */
/* Read fd to its end into buf (NUL-terminated) and cut it into lines, at
 * most max; returns how many. */
int t_read_lines(int fd, char *buf, unsigned long size, char **lines, int max);
/* Cut " <0.000123>" (six decimals) off the end of a trace line; false if it
 * is not there. A call that does not return (" = ?") has no time: true. */
int t_trace_strip_time(char *line);

#endif
