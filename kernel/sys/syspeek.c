/*
 * kernel/sys/syspeek.c - peek and poke: another process's memory, in the
 * manner of Linux's process_vm_readv/process_vm_writev, for a debugger, a
 * `peek` tool, or a driver that must read the PEB of a target process (the
 * seed forum's third question: docs/faq.md).
 *
 *   long peek(int pid, const void *addr, void *buf, unsigned long n);
 *   long poke(int pid, void *addr, const void *buf, unsigned long n);
 *
 * Only the caller's own descendants (EPERM otherwise, the caller itself
 * included; ESRCH if there is no such live process). Both ranges are
 * checked against the top of user space before anything moves (EFAULT);
 * then CHUNK bytes at a time go through a buffer on the kernel stack: attach
 * to the target, copy with UMA, detach, copy with UMA on the caller's side.
 * Never is the caller's memory touched while attached, nor the target's
 * while not. A fault on either side returns EFAULT (as read() does, see
 * kernel/sys/uio.c): the chunks before the faulting one were moved, nothing
 * of it or after it. Success returns n.
 */
#include "sys/syscall.h"
#include "sys/uio.h"
#include "attach.h"
#include "uapi/errno.h"

#define CHUNK 512

static long target_of(int pid, struct proc **out)
{
	struct proc *p = proc_find(pid);

	if (!p || p->state != PROC_ALIVE || p->exiting)
		return -ESRCH;
	if (!proc_is_descendant(p, current_proc()))
		return -EPERM;
	*out = p;
	return 0;
}

/* Move n bytes between the target's `theirs` and the caller's `mine`. */
static long transfer(const struct syscall_args *a, bool to_target)
{
	char __user *theirs = arg_ptr(a, 1), *mine = arg_ptr(a, 2);
	size_t n = arg_ulong(a, 3);
	char kbuf[CHUNK];
	struct proc *p;
	long err = target_of(arg_int(a, 0), &p);

	if (err)
		return err;
	if (!uio_range_ok(theirs, n) || !uio_range_ok(mine, n))
		return -EFAULT;
	for (size_t done = 0; done < n; done += CHUNK) {
		size_t c = n - done < CHUNK ? n - done : CHUNK;
		bool ok;

		if (to_target && !uio_copy_in(kbuf, mine + done, c))
			return -EFAULT;
		if ((err = proc_attach(p)))
			return err;             /* it is exiting now: ESRCH */
		ok = to_target ? uio_copy_out(theirs + done, kbuf, c)
			       : uio_copy_in(kbuf, theirs + done, c);
		proc_detach();
		if (!ok || (!to_target && !uio_copy_out(mine + done, kbuf, c)))
			return -EFAULT;
	}
	return n;
}

long sys_peek(const struct syscall_args *a)
{
	return transfer(a, false);
}

long sys_poke(const struct syscall_args *a)
{
	return transfer(a, true);
}
