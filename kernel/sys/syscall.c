/*
 * kernel/sys/syscall.c - from a system call number to its handler.
 *
 * Every handler runs inside __try: if it touches a bad user pointer and
 * does not catch the exception itself, the caller gets -EFAULT and the
 * kernel carries on. Unknown numbers get -ENOSYS.
 */
#include "sys/syscall.h"
#include "sys/sysdebug.h"
#include "uma/doublefetch.h"
#include "uma/usermode_accessors.h"
#include "uapi/fs.h"

static const syscall_fn table[NSYSCALLS] = {
	[SYS_exit] = sys_exit,         [SYS_fork] = sys_fork,
	[SYS_exec] = sys_exec,         [SYS_spawn] = sys_spawn,
	[SYS_wait] = sys_wait,         [SYS_waitpid] = sys_waitpid,
	[SYS_kill] = sys_kill,         [SYS_getpid] = sys_getpid,
	[SYS_sbrk] = sys_sbrk,         [SYS_mmap] = sys_mmap,
	[SYS_munmap] = sys_munmap,     [SYS_mprotect] = sys_mprotect,
	[SYS_open] = sys_open,         [SYS_read] = sys_read,
	[SYS_write] = sys_write,       [SYS_close] = sys_close,
	[SYS_dup] = sys_dup,           [SYS_pipe] = sys_pipe,
	[SYS_lseek] = sys_lseek,       [SYS_unlink] = sys_unlink,
	[SYS_link] = sys_link,         [SYS_mkdir] = sys_mkdir,
	[SYS_chdir] = sys_chdir,       [SYS_fstat] = sys_fstat,
	[SYS_thread_create] = sys_thread_create,
	[SYS_thread_join] = sys_thread_join,
	[SYS_thread_exit] = sys_thread_exit,
	[SYS_yield] = sys_yield,       [SYS_sleep_ms] = sys_sleep_ms,
	[SYS_uptime_ms] = sys_uptime_ms, [SYS_sysinfo] = sys_sysinfo,
	[SYS_kcheck] = sys_kcheck,     [SYS_demo] = sys_demo,
	[SYS_getdents] = sys_getdents, [SYS_dfdetect] = sys_dfdetect,
};

long syscall_dispatch(struct syscall_args *a)
{
	volatile long ret = -ENOSYS;

	if (a->nr >= NSYSCALLS || !table[a->nr])
		return -ENOSYS;
	/* The double-fetch detector (uma/doublefetch.h): each system call
	 * starts with an empty log of the user bytes it has read. */
	if (unlikely(df_enabled))
		df_syscall_enter(a->nr, syscall_name(a->nr));
	__try {
		ret = table[a->nr](a);
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (unlikely(df_enabled))
		df_syscall_exit();
	return ret;
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
