/*
 * kernel/sys/trace.h - `trace`: one line per system call of a traced
 * process (trace.c), and how that line is built (trace_fmt.c).
 */
#ifndef KERNEL_SYS_TRACE_H
#define KERNEL_SYS_TRACE_H

#include "sys/syscall.h"

struct proc;

/* Set by the first trace_me() and never cleared: until then no process
 * can be traced, and the dispatcher does not look. */
extern bool trace_in_use;

/* The dispatcher's own path for one call: its handler inside __try. */
typedef long (*syscall_run_fn)(struct syscall_args *a);

/* For a process with a trace_file: run the call and log it. Returns what
 * run() returned, untouched. */
long trace_syscall(struct proc *p, struct syscall_args *a, syscall_run_fn run);

/* One line of the log; a line too long for it is cut, keeping its '\n'. */
struct trace_line {
	size_t len;
	char buf[512];
};

/* "[pid 7] open("/etc/motd", O_RDONLY": the call and its arguments, each
 * printed by its kind in kernel/uapi/syscall_table.h. Paths, argv and the
 * buffers of calls like write() are read through UMA here, each byte at
 * most once; one that faults is printed as its address. */
void trace_format_call(struct trace_line *l, int pid, const struct syscall_args *a);
/* ") = 3 <0.000021>\n" or ") = -1 EFAULT (bad address) <0.000015>\n" */
void trace_format_result(struct trace_line *l, uint64_t nr, long r, uint64_t ns);
/* exit and thread_exit do not come back: their line ends ") = ?\n" and is
 * written before they run. */
bool trace_never_returns(uint64_t nr);
void trace_format_noreturn(struct trace_line *l);

#endif
