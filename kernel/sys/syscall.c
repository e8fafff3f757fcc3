/*
 * kernel/sys/syscall.c - from a system call number to its handler.
 *
 * Every handler runs inside __try: if it touches a bad user pointer and
 * does not catch the exception itself, the caller gets -EFAULT and the
 * kernel carries on. Unknown numbers get -ENOSYS. The table of handlers is
 * made from the list of system calls, kernel/uapi/syscall_table.h.
 */
#include "sys/syscall.h"
#include "sys/sysdebug.h"
#include "sys/trace.h"
#include "sys/syskcov.h"
#include "kcov.h"
#include "proc.h"
#include "uma/doublefetch.h"
#include "uma/usermode_accessors.h"
#include "uapi/fs.h"
#include "base/nospec.h"

/* SYS_NAME -> sys_NAME, from kernel/uapi/syscall_table.h. A number used
 * twice or beyond NSYSCALLS does not compile. */
static const syscall_fn table[NSYSCALLS] = {
#define SYSCALL(nr, name, ...) [nr] = sys_##name,
#include "uapi/syscall_table.h"
#undef SYSCALL
};

static long syscall_run(struct syscall_args *a)
{
	volatile long ret = -ENOSYS;
	uint64_t nr = a->nr;
	syscall_fn fn;

	if (nr >= NSYSCALLS)
		return -ENOSYS;
	/* The user chose nr: a CPU that mispredicts the check above would
	 * load table[nr] from far beyond the table and call what it found,
	 * speculatively (Spectre v1). Clamped by data, not by a branch, the
	 * index stays in the table even then (base/nospec.h). */
	nr = array_index_nospec(nr, NSYSCALLS);
	fn = table[nr];
	if (!fn)
		return -ENOSYS;
	/* The double-fetch detector (uma/doublefetch.h): each system call
	 * starts with an empty log of the user bytes it has read. */
	if (unlikely(df_enabled))
		df_syscall_enter(nr, syscall_name(nr));
	if (unlikely(kcov_users))          /* coverage (kernel/kcov.h) */
		kcov_syscall_enter(nr);
	__try {
		ret = fn(a);
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (unlikely(kcov_users))
		kcov_syscall_exit();
	if (unlikely(df_enabled))
		df_syscall_exit();
	return ret;
}

/*
 * The calls that may run without the big kernel lock (kernel/bkl.h): they
 * read only the caller's own state, which no other CPU changes while it
 * runs (a process's pid, the CPU's number), or the clock. Not while the
 * trace or the double-fetch detector is on: their logs are shared.
 */
bool syscall_lockless(const struct syscall_args *a)
{
	return (a->nr == SYS_getpid || a->nr == SYS_getcpu || a->nr == SYS_uptime_ms) &&
	       !trace_in_use && !df_enabled;
}

long syscall_dispatch(struct syscall_args *a)
{
	/* A traced process's calls are logged on the way (kernel/sys/trace.c).
	 * Until the first trace_me() no process can be traced: one load. */
	if (unlikely(trace_in_use)) {
		struct proc *p = current_proc();   /* NULL for the kernel's self-tests */
		if (p && p->trace_file)
			return trace_syscall(p, a, syscall_run);
	}
	return syscall_run(a);
}

/*
 * Byte by byte, each user byte read exactly once: a path may end right
 * before an unmapped page, so reading ahead in bigger pieces could fault
 * on bytes that are not part of it.
 */
long copy_path_from_user(char *buf, const char __user *upath)
{
	volatile long ret = -ENAMETOOLONG;

	__try {
		for (size_t i = 0; i < PATH_MAX; i++) {
			buf[i] = ReadCharFromUser(upath + i);
			if (!buf[i]) {
				ret = 0;
				break;
			}
		}
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (ret)
		buf[0] = 0;
	return ret;
}
