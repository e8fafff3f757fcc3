/*
 * kernel/sys/sysproc.c - system calls about processes, time and the kernel itself.
 * User memory only through uma/ (usermode_accessors.h).
 */
#include "sys/syscall.h"
#include "proc.h"
#include "mm.h"
#include "pmm.h"
#include "vm.h"
#include "kmalloc.h"
#include "timer.h"
#include "smp.h"
#include "arch/arch.h"
#include "base/string.h"
#include "base/lab.h"
#include "uma/usermode_accessors.h"
#include "uapi/sysinfo.h"
#include "uapi/procinfo.h"
#include "uapi/fs.h"
#include <asm/pte.h>

#define ARG_MAX 4096   /* bytes of argument strings for exec/spawn */

long sys_exit(const struct syscall_args *a)
{
	proc_exit(arg_int(a, 0));
}

long sys_fork(const struct syscall_args *a)
{
	return proc_fork();
}

long sys_getpid(const struct syscall_args *a)
{
	return current_proc()->pid;
}

long sys_getcpu(const struct syscall_args *a)
{
	return arch_cpu_id();
}

/*
 * User bytes already copied for this call: a program may pass the same
 * bytes twice (argv[0] == path is the common case, one argument inside
 * another, or argv's own array of pointers inside a string). Such bytes
 * are taken from the first copy, so every user byte is read exactly once
 * (the double-fetch detector, uma/doublefetch.h, holds the kernel to that;
 * /bin/fuzz found the array case).
 */
struct copied {
	uintptr_t user;      /* where the bytes are in user memory */
	const char *kernel;  /* our copy */
	size_t len;          /* bytes (a string's NUL included) */
};

static char arg_byte(const char __user *x, const struct copied *seen, int nseen)
{
	for (int i = 0; i < nseen; i++)
		if ((uintptr_t)x - seen[i].user < seen[i].len)
			return seen[i].kernel[(uintptr_t)x - seen[i].user];
	return ReadCharFromUser(x);
}

static bool arg_seen(uintptr_t x, size_t len, const struct copied *seen, int nseen)
{
	for (int i = 0; i < nseen; i++)
		if (x < seen[i].user + seen[i].len && seen[i].user < x + len)
			return true;
	return false;
}

/* argv[n]: one read of the pointer, or byte by byte where it overlaps
 * bytes already copied (both architectures are little-endian). */
static uintptr_t arg_pointer(char *const __user *slot, const struct copied *seen, int nseen)
{
	uintptr_t v = 0;

	if (!arg_seen((uintptr_t)slot, sizeof(v), seen, nseen))
		return (uintptr_t)ReadPointerFromUser((PVOID __user *)slot);
	for (size_t i = 0; i < sizeof(v); i++)
		v |= (uintptr_t)(unsigned char)arg_byte((const char __user *)slot + i,
							 seen, nseen) << (8 * i);
	return v;
}

/*
 * Copy path and argv (a NULL-terminated array of user string pointers)
 * into one kernel block: [kargv pointers | strings]. Each user pointer and
 * byte is read once. Returns the block (kfree it) or NULL with *err set.
 */
static char **copy_args(const char __user *upath, char *const __user *uargv, char *path,
			long *err)
{
	char **kargv = kzalloc((MAXARG + 1) * sizeof(char *) + ARG_MAX);
	char *strings = (char *)(kargv + MAXARG + 1);
	/* seen[0]: the path, [1]: the argv slots read so far, [2 + k]: argv[k] */
	struct copied seen[MAXARG + 2];
	uintptr_t slots[MAXARG + 1];
	volatile size_t used = 0;
	volatile int n = 0;

	if (!kargv) {
		*err = -ENOMEM;
		return NULL;
	}
	if ((*err = copy_path_from_user(path, upath)))
		goto fail;
	seen[0] = (struct copied){ (uintptr_t)upath, path, strlen(path) + 1 };
	seen[1] = (struct copied){ (uintptr_t)uargv, (const char *)slots, 0 };
	*err = 0;   /* argv == NULL is an empty list, as on Linux */
	__try {
		for (; uargv && !*err; n++) {
			/* the value read is itself a user pointer */
			slots[n] = arg_pointer(&uargv[n], seen, n + 2);
			seen[1].len += sizeof(slots[n]);
			const char __user *s = (__force const char __user *)slots[n];
			if (!s)
				break;
			if (n == MAXARG) {
				*err = -E2BIG;
				break;
			}
			kargv[n] = strings + used;
			for (size_t i = 0;; i++) {
				if (used == ARG_MAX) {
					*err = -E2BIG;
					break;
				}
				char c = arg_byte(s + i, seen, n + 2);
				strings[used++] = c;
				if (!c) {
					seen[n + 2] = (struct copied){ (uintptr_t)s, kargv[n], i + 1 };
					break;
				}
			}
		}
	} __except (UmaExceptionFilter(UserMode)) {
		*err = -EFAULT;
	}
	if (*err)
		goto fail;
	kargv[n] = NULL;
	return kargv;
fail:
	kfree(kargv);
	return NULL;
}

/* exec and spawn take the same arguments; only what happens next differs. */
static long exec_or_spawn(const struct syscall_args *a, bool spawn)
{
	char path[PATH_MAX];
	long err;
	char **kargv = copy_args(arg_ptr(a, 0), arg_ptr(a, 1), path, &err);

	if (!kargv)
		return err;
	err = spawn ? proc_spawn(current_proc(), path, kargv) : proc_exec(path, kargv);
	kfree(kargv);
	return err;
}

long sys_exec(const struct syscall_args *a)
{
	return exec_or_spawn(a, false);
}

long sys_spawn(const struct syscall_args *a)
{
	return exec_or_spawn(a, true);
}

/*
 * The status is written before the child is freed: a bad status pointer
 * costs nothing (the dispatcher turns the exception into -EFAULT, and the
 * child can still be waited for).
 */
static long wait_child(int pid, int __user *status)
{
	long err;
	struct proc *c = proc_wait(pid, &err);

	if (!c)
		return err;
	if (status)
		WriteLongToUser(status, c->exit_status);
	pid = c->pid;
	proc_reap(c);
	return pid;
}

long sys_wait(const struct syscall_args *a)
{
	return wait_child(-1, arg_ptr(a, 0));
}

long sys_waitpid(const struct syscall_args *a)
{
	return wait_child(arg_int(a, 0), arg_ptr(a, 1));
}

long sys_kill(const struct syscall_args *a)
{
	return proc_signal(arg_int(a, 0), arg_int(a, 1));
}

long sys_yield(const struct syscall_args *a)
{
	yield();
	return 0;
}

long sys_sleep_ms(const struct syscall_args *a)
{
	sleep_ns((uint64_t)(unsigned)arg_int(a, 0) * 1000000);
	return current_interrupted() ? -EINTR : 0;
}

long sys_uptime_ms(const struct syscall_args *a)
{
	return time_ns() / 1000000;
}

extern char __text_start[], __text_end[];
static uint64_t sysinfo_data_word = 0x5359534946ull;   /* a kernel .data object */
static void *sysinfo_heap_object;                      /* a kernel heap object */

// LAB syscall BEGIN: sys_procinfo: proc_info() into a zeroed struct, out with one CopyToUser
/*
 * The struct is filled in the kernel and copied out in one piece. It is
 * zeroed first: proc_info() sets each field but not the bytes of name
 * after its NUL, and every byte that reaches the user must be one the
 * kernel chose, never what an earlier call left on this stack. A bad
 * pointer raises inside CopyToUser; syscall_run's __try makes that
 * -EFAULT. With no process to report nothing is written at all.
 */
long sys_procinfo(const struct syscall_args *a)
{
	struct procinfo pi;

	memset(&pi, 0, sizeof(pi));
	if (!proc_info(arg_int(a, 0), &pi))
		return 0;
	CopyToUser(arg_ptr(a, 1), &pi, sizeof(pi));
	return pi.pid;
}
// LAB syscall STUB
// long sys_procinfo(const struct syscall_args *a);   /* until the table line declares it */
//
// long sys_procinfo(const struct syscall_args *a)
// {
// 	LAB_MISSING("syscall", "sys_procinfo, the handler of system call 40");
// 	return -ENOSYS;
// }
// LAB syscall END

long sys_sysinfo(const struct syscall_args *a)
{
	struct sysinfo si;
	volatile uint64_t on_stack = 0;

	if (!sysinfo_heap_object)
		sysinfo_heap_object = kmalloc(64);
	memset(&si, 0, sizeof(si));   /* no stale stack bytes reach the user */
	strlcpy(si.arch, arch_name(), sizeof(si.arch));
	si.page_size = PAGE_SIZE;
	si.user_va_limit = USER_VA_LIMIT;
	si.kernel_base = KERNEL_VMA;
	si.kernel_text_start = (uintptr_t)__text_start;
	si.kernel_text_end = (uintptr_t)__text_end;
	si.kernel_data = (uintptr_t)&sysinfo_data_word;
	si.kernel_heap = (uintptr_t)sysinfo_heap_object;
	si.kernel_stack = (uintptr_t)&on_stack;
	si.uptime_ms = time_ns() / 1000000;
	si.total_pages = pmm_total_pages();
	si.free_pages = pmm_free_pages();
	si.heap_bytes = kmalloc_bytes_in_use();
	si.heap_pages = kmalloc_pages();
	si.nprocs = proc_count();
	si.protection = (arch_user_access_protected() ? 1 : 0) | (arch_user_exec_protected() ? 2 : 0);
	si.ncpus = ncpus;
	si.max_procs = MAXPROC;
	si.max_threads_per_proc = MAXTHREAD;
	si.max_map_bytes_per_proc = MAX_MAP_BYTES;
	si.oopses = proc_oops_count();
	WriteStructToUser((struct sysinfo __user *)arg_ptr(a, 0), &si);
	return 0;
}

/*
 * The thread pointer lives in a CPU register (arch_tls_set): no user
 * memory is touched, so the value is only checked to be a user address.
 * x86-64 needs that (the FS base must be canonical, or WRMSR faults); ARM64
 * keeps the same rule so that the call means the same on both.
 */
long sys_tls_set(const struct syscall_args *a)
{
	uint64_t p = arg_ulong(a, 0);

	if (p >= USER_VA_LIMIT)
		return -EINVAL;
	arch_tls_set(p);
	return 0;
}

long sys_tls_get(const struct syscall_args *a)
{
	return (long)arch_tls_get();
}

/* Test-only: are the kernel heap and the caller's page tables consistent? */
/* First free the orphaned zombies the idle loop has not got to yet: the
 * idle loop runs when a CPU has nothing to do, so without this a test's
 * memory count would depend on when that was. */
long sys_kcheck(const struct syscall_args *a)
{
	proc_reap_orphans();
	long heap = kmalloc_check(), tables = mm_check(current_proc()->mm);

	return heap ? heap : tables;
}

long sys_thread_create(const struct syscall_args *a)
{
	return proc_thread_create(arg_ulong(a, 0), arg_ulong(a, 1), arg_ulong(a, 2));
}

long sys_thread_join(const struct syscall_args *a)
{
	return proc_thread_join(arg_int(a, 0));
}

long sys_thread_exit(const struct syscall_args *a)
{
	proc_thread_exit();
}
