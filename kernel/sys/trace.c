/*
 * kernel/sys/trace.c - `trace`: one line per system call of a traced process.
 *
 * trace_me(fd) makes the calling process traced: proc->trace_file keeps a
 * reference to the open file behind fd (closing fd does not end the
 * trace), files_fork() hands it to every child made later by fork or
 * spawn, and exec keeps it. /bin/trace forks, calls trace_me() in the
 * child and execs the program. The dispatcher (kernel/sys/syscall.c) sends
 * every system call of a traced process through trace_syscall(), which
 * writes one line per call:
 *
 *     [pid 7] open("/etc/motd", O_RDONLY) = 3 <0.000021>
 *     [pid 7] read(3, 0x1, 64) = -1 EFAULT (bad address) <0.000015>
 *
 * The arguments are decoded BEFORE the call runs: exec replaces the memory
 * its path lives in and exit never comes back, so afterwards is too late;
 * and the line shows what the call was given. The call then reads its
 * path again itself. Nothing compares the two reads, so that is not a
 * double fetch, and decoding happens outside the double-fetch detector's
 * log of the call (uma/doublefetch.h), where it is not recorded.
 *
 * A bad pointer cannot change the traced call: decoding catches its own
 * faults (the argument is then printed as its address), reads only the
 * bytes it prints and writes no user memory; the call runs exactly as it
 * would untraced and its result is returned untouched.
 *
 * The line is written after the call, with no lock held, by file_write():
 * a kernel function, not a system call, so writing it is not traced in
 * turn. Like any writer, a traced process waits while a trace pipe is
 * full, so whoever reads the pipe must keep reading (a kill ends the wait;
 * that line is then lost).
 */
#include "sys/trace.h"
#include "proc.h"
#include "timer.h"
#include "fs/file.h"

bool trace_in_use;

/* trace_me(fd): log this process's system calls, and its future
 * children's, to fd; -1 stops (for this process only). */
long sys_trace_me(const struct syscall_args *a)
{
	struct proc *p = current_proc();
	int fd = arg_int(a, 0);
	struct file *f = NULL;

	if (fd != -1) {
		f = fd_file(p, fd);
		if (!f || !f->writable)
			return -EBADF;
		file_dup(f);
	}
	if (p->trace_file)
		file_close(p->trace_file);
	p->trace_file = f;
	if (f)
		trace_in_use = true;
	return 0;
}

/* Write the line and drop our reference to the file. */
static void emit(struct file *out, const struct trace_line *l)
{
	file_write(out, l->buf, l->len);
	file_close(out);
}

long trace_syscall(struct proc *p, struct syscall_args *a, syscall_run_fn run)
{
	/* Our own reference: the call may end the trace (trace_me(-1)). */
	struct file *out = file_dup(p->trace_file);
	struct trace_line l = { .len = 0 };
	uint64_t t0;
	long r;

	/* No system call is under way yet, so the double-fetch detector has
	 * no log open for this thread: decoding's reads are recorded nowhere. */
	trace_format_call(&l, p->pid, a);
	if (trace_never_returns(a->nr)) {
		trace_format_noreturn(&l);
		emit(out, &l);
		return run(a);
	}
	t0 = time_ns();
	r = run(a);
	trace_format_result(&l, a->nr, r, time_ns() - t0);
	emit(out, &l);
	return r;
}
