/* kernel/sys/sysdebug.c - system call names and the double-fetch switch. */
#include "sys/sysdebug.h"
#include "uma/doublefetch.h"
#include "uapi/dfdetect.h"

/* For reports that name a system call ("syscall 14 (read)"). */
static const char *const names[NSYSCALLS] = {
	[SYS_exit] = "exit",           [SYS_fork] = "fork",
	[SYS_exec] = "exec",           [SYS_spawn] = "spawn",
	[SYS_wait] = "wait",           [SYS_waitpid] = "waitpid",
	[SYS_kill] = "kill",           [SYS_getpid] = "getpid",
	[SYS_sbrk] = "sbrk",           [SYS_mmap] = "mmap",
	[SYS_munmap] = "munmap",       [SYS_mprotect] = "mprotect",
	[SYS_open] = "open",           [SYS_read] = "read",
	[SYS_write] = "write",         [SYS_close] = "close",
	[SYS_dup] = "dup",             [SYS_pipe] = "pipe",
	[SYS_lseek] = "lseek",         [SYS_unlink] = "unlink",
	[SYS_link] = "link",           [SYS_mkdir] = "mkdir",
	[SYS_chdir] = "chdir",         [SYS_fstat] = "fstat",
	[SYS_thread_create] = "thread_create",
	[SYS_thread_join] = "thread_join",
	[SYS_yield] = "yield",         [SYS_sleep_ms] = "sleep_ms",
	[SYS_uptime_ms] = "uptime_ms", [SYS_sysinfo] = "sysinfo",
	[SYS_kcheck] = "kcheck",       [SYS_demo] = "demo",
	[SYS_getdents] = "getdents",   [SYS_thread_exit] = "thread_exit",
	[SYS_dfdetect] = "dfdetect",
};

const char *syscall_name(unsigned long nr)
{
	return nr < NSYSCALLS && names[nr] ? names[nr] : "?";
}

/* Any process may call this: it is a test aid, like kcheck. */
long sys_dfdetect(const struct syscall_args *a)
{
	switch (arg_int(a, 0)) {
	case DF_OFF:   return df_set(false);
	case DF_ON:    return df_set(true);
	case DF_COUNT: return (long)df_count();
	case DF_RESET: df_reset_count(); return 0;
	default:       return -EINVAL;
	}
}
