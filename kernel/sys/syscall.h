/*
 * kernel/sys/syscall.h - the system call table and what a handler receives.
 *
 * The arch entry code saves the user registers in a trapframe and calls
 * syscall_dispatch(), which looks the number up in the table and runs the
 * handler inside __try: a UMA exception that the handler did not catch
 * itself becomes -EFAULT. Handlers return a value or -errno
 * (kernel/uapi/errno.h).
 *
 * Handlers receive the raw argument words and read them with the typed
 * helpers below, so every user pointer is typed __user from the start:
 *
 *     long sys_read(const struct syscall_args *a)
 *     {
 *         int fd = arg_int(a, 0);
 *         void __user *buf = arg_ptr(a, 1);
 *         ...
 *
 * A handler that allocates kernel memory and then touches user memory must
 * catch the exception itself (its own __try) to free what it holds: the
 * dispatcher's __except cannot know about it.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "base/types.h"
#include "arch/arch.h"      /* struct syscall_args */
#include "uapi/syscalls.h"
#include "uapi/errno.h"

struct trapframe;

static inline int arg_int(const struct syscall_args *a, int i) { return (int)a->arg[i]; }
static inline long arg_long(const struct syscall_args *a, int i) { return (long)a->arg[i]; }
static inline unsigned long arg_ulong(const struct syscall_args *a, int i) { return a->arg[i]; }
static inline void __user *arg_ptr(const struct syscall_args *a, int i)
{
	return (void __user *)(uintptr_t)a->arg[i];
}

typedef long (*syscall_fn)(const struct syscall_args *a);

/* Called by the arch syscall entry; returns the value for the user. */
long syscall_dispatch(struct syscall_args *a);
bool syscall_lockless(const struct syscall_args *a);   /* may skip the BKL */

/* Copy a NUL-terminated path from user memory into buf (PATH_MAX bytes):
 * 0, -EFAULT, or -ENAMETOOLONG if no NUL within PATH_MAX bytes. Raises
 * nothing: it catches its own exceptions. Each user byte is read once. */
long copy_path_from_user(char *buf, const char __user *upath);

/* The handlers: one per line of kernel/uapi/syscall_table.h, in
 * sysproc.c, sysmem.c, sysfile.c, sysdebug.c, demo_driver.c and trace.c. */
#define SYSCALL(nr, name, ...) long sys_##name(const struct syscall_args *a);
#include "uapi/syscall_table.h"
#undef SYSCALL

#endif
