/*
 * kernel/sys/syskcov.c - kcov_enable(buf, n), kcov_disable(), and the two
 * moments the kernel touches buf: a system call's entry and its exit.
 *
 * The user's buf is hostile: another thread may unmap it, mprotect it or
 * write it at any time. So the coverage hook never touches it
 * (kernel/kcov.c appends to the thread's kernel buffer), and it is read and
 * written only here, through UMA, with recording off:
 *   entry  read buf[0] once; that is where this call's PCs go (0: the
 *          user emptied it), clamped to n - 1;
 *   exit   copy this call's PCs to buf[start + 1 ..], then buf[0] = count.
 * A fault at either moment (buf unmapped, made read-only, ...) only loses
 * that call's PCs: the system call itself returns what it returned, and
 * coverage stays enabled (docs/detectors.md).
 */
#include "sys/syscall.h"
#include "sys/syskcov.h"
#include "kcov.h"
#include "thread.h"
#include "uma/usermode_accessors.h"

#define W sizeof(unsigned long)

long sys_kcov_enable(const struct syscall_args *a)
{
	struct thread *t = current_thread();
	unsigned long __user *buf = arg_ptr(a, 0);
	unsigned long n = arg_ulong(a, 1);
	volatile long ret = 0;

	if (!kcov_built)
		return -ENOSYS;
	if (t->kcov.area)
		return -EBUSY;
	if (n < 2 || n > KCOV_MAX_ENTRIES)
		return -EINVAL;
	ret = kcov_attach(t, buf, n);
	if (ret)
		return ret;
	/* An empty buffer to start with (buf[0] = 0), and proof that every
	 * byte of it is user memory we may write: any bad pointer of SPEC
	 * section 8 faults here, before coverage starts. */
	__try {
		ZeroUserMemory(buf, n * W);
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (ret)
		kcov_detach(t);
	return ret;
}

long sys_kcov_disable(const struct syscall_args *a)
{
	struct thread *t = current_thread();

	if (!kcov_built)
		return -ENOSYS;
	if (!t->kcov.area)
		return -EINVAL;
	kcov_detach(t);
	return 0;
}

/* __nocov: these two frame the recording; their own blocks (the tail of
 * one, the head of the other) are no part of the system call. */
void __nocov kcov_syscall_enter(unsigned long nr)
{
	struct thread *t = current_thread();
	struct kcov_thread *k = &t->kcov;
	volatile bool ok = true;
	unsigned long head = 0;

	if (k->area) {
		/* CopyFromUser rather than one 8-byte load: buf need not be
		 * aligned. A torn value (another thread writing it now) is only
		 * a wrong place in the user's own buffer, clamped below. */
		__try {
			CopyFromUser(&head, k->ubuf, W);
		} __except (UmaExceptionFilter(UserMode)) {
			ok = false;
		}
		k->pos = k->start = head < k->size - 1 ? head : k->size - 1;
		k->collect = ok;
	}
	kcov_record_start(t, nr);
}

void __nocov kcov_syscall_exit(void)
{
	struct thread *t = current_thread();
	struct kcov_thread *k = &t->kcov;
	bool collected = k->collect;

	kcov_record_stop(t);          /* nothing below is recorded */
	if (!collected || !k->area)   /* exec or kcov_disable dropped it */
		return;
	unsigned long count = k->pos;
	__try {
		if (count > k->start)
			CopyToUser(k->ubuf + k->start + 1, &k->area[k->start + 1],
				   (count - k->start) * W);
		CopyToUser(k->ubuf, &count, W);
	} __except (UmaExceptionFilter(UserMode)) {
		/* this call's PCs are lost; the call's result stands */
	}
}
