/*
 * kernel/kcov.h - kernel coverage, KCOV-style (docs/detectors.md,
 * "Coverage (KCOV)").
 *
 * In a coverage build (`make COVER=1`) GCC's -fsanitize-coverage=trace-pc
 * puts a call to __sanitizer_cov_trace_pc() at the start of every basic
 * block of kernel/ and uma/. That hook (kernel/kcov.c) records the block's
 * address when the running thread is inside a system call and either
 *   - the thread turned coverage on with kcov_enable(buf, n): the PC goes
 *     into the thread's kernel buffer, which kernel/sys/syskcov.c copies to
 *     the user's buf when the call ends; or
 *   - the global record is on (`kcov=record` on the command line, used by
 *     `make cover`): the pair (system call number, PC) goes into one set
 *     for the whole kernel, printed at power-off for tools/cover.py.
 * Not in interrupts (kcov_irq_enter/exit), not in other threads.
 *
 * The hook touches no user memory: a user buffer may be unmapped under
 * it at any time. Only the system call's own entry and exit, through UMA,
 * do that, with recording off.
 */
#ifndef KERNEL_KCOV_H
#define KERNEL_KCOV_H

#include "base/types.h"
#include "base/percpu.h"

/* The most unsigned longs a kcov_enable() buffer may have: 512 KiB of
 * kernel memory per thread, enough for any one system call here (exec, the
 * longest, runs a few thousand blocks). Larger n: EINVAL. */
#define KCOV_MAX_ENTRIES (64UL * 1024)

/* A function the coverage compiler must not instrument: it runs where a
 * recorded PC would be wrong (GCC 12's attribute; kcov.c itself is built
 * without the flag). */
#define __nocov __attribute__((no_sanitize_coverage))

/* Per thread, inside struct thread (kernel/thread.h), zero in a new one. */
struct kcov_thread {
	unsigned long *area;          /* kernel buffer of `size` longs; NULL: off */
	unsigned long size;           /* n of kcov_enable */
	unsigned long __user *ubuf;   /* the user's buf */
	unsigned long pos;            /* PCs in area[1..pos] */
	unsigned long start;          /* pos when this system call began */
	unsigned long nr;             /* the system call running */
	uintptr_t prev;               /* its last PC, 0 at its start: the record's edges */
	bool in_call;                 /* inside a system call: record it */
	bool collect;                 /* and append to area (its entry read buf[0]) */
};

struct thread;

/* Nonzero while anyone needs the hook: the threads with kcov enabled plus
 * one for the global record. The hook's fast path is one load of it. */
extern volatile unsigned long kcov_users;
/* Is the kernel built with coverage? (false: kcov_enable says ENOSYS) */
extern const bool kcov_built;

/* Interrupt handlers: nothing they run is the thread's system call. */
extern unsigned kcov_irq_depth[MAX_CPUS];
void kcov_irq_enter(void);
void kcov_irq_exit(void);

/* The hook GCC's -fsanitize-coverage=trace-pc calls (and the self-test). */
void __sanitizer_cov_trace_pc(void);

/* Start and stop recording t's system call nr (kernel/sys/syskcov.c). */
void kcov_record_start(struct thread *t, unsigned long nr);
void kcov_record_stop(struct thread *t);

/* Give t's kernel buffer a size, or take it away (0 or -ENOMEM). */
long kcov_attach(struct thread *t, unsigned long __user *ubuf, unsigned long n);
/* At kcov_disable, exec and when the thread is freed: no buffer, no leak. */
void kcov_detach(struct thread *t);

/* The global (nr, PC) record: `kcov=record` turns it on at boot. */
void kcov_init(void);
void kcov_record_dump(void);     /* "kcov: ..." lines on the console */

#endif
