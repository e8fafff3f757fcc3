/*
 * kernel/callback.c - user-mode callbacks: a driver asks user mode to run
 * the process's registered function and continues with its result
 * (kernel/callback.h says why it is two halves; docs/syscalls.md,
 * "User-mode callbacks").
 *
 * It is signal delivery with a different ending. The frame is the signal
 * frame (arch/signal.h), written with CopyToUser below the user stack and
 * read back with one CopyFromUser into a kernel copy that
 * arch_sig_restore checks before loading anything -- the callback may have
 * rewritten every byte of it. The kernel only ever RETURNS to user mode
 * (SYSRET/IRETQ, ERET) at the function's address: it never calls or jumps
 * to a user address, which SMEP (Intel SDM Vol.3 4.6.1) and PXN (Arm ARM
 * D8.4.2, stage 1 execute permissions) would refuse anyway.
 */
#include "callback.h"
#include "proc.h"
#include "signal.h"
#include "arch/arch.h"
#include "arch/signal.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"
#include "uma/usermode_accessors.h"

long callback_register(uint64_t fn, uint64_t trampoline)
{
	struct proc *p = current_proc();

	/* fn becomes the user pc and the trampoline its return address: a
	 * kernel or non-canonical one is refused now, as signal() does. */
	if (fn >= USER_VA_LIMIT || trampoline >= USER_VA_LIMIT || (fn && !trampoline))
		return -EINVAL;
	p->cb_fn = fn;
	p->cb_trampoline = fn ? trampoline : 0;
	return 0;
}

/* The frame to user memory, in its own __try: false if the range faulted
 * or is not user memory. (kernel/signal.c's frame_out is a twin that the
 * signals lab cuts out: a stub there must not break callbacks. The way
 * back is signal_frame_in, shared.) */
static bool cb_frame_out(uint64_t frame, const struct sigframe *kf)
{
	__try {
		CopyToUser((void __user *)frame, kf, sizeof(*kf));
	} __except (UmaExceptionFilter(UserMode)) {
		return false;
	}
	return true;
}

long callback_call(struct trapframe *tf, uint64_t arg, callback_done_fn done, uint64_t cookie)
{
	struct thread *t = current_thread();
	struct proc *p = t->proc;
	struct sigframe kf;
	uint64_t frame;

	if (!p->cb_fn)
		return -EINVAL;
	if (t->cb_done)                   /* one per thread: see callback.h */
		return -EBUSY;
	frame = arch_sig_frame_addr(tf);
	memset(&kf, 0, sizeof(kf));       /* no stale kernel byte goes out */
	arch_sig_save(tf, &kf, p->cb_trampoline);
	kf.blocked = t->sig_blocked;      /* sig 0: a callback, not a signal */
	if (!cb_frame_out(frame, &kf))
		return -EFAULT;
	/* fn(arg, frame), returning to the trampoline: a return to user
	 * mode, not a call (the kernel's pc never holds a user address). */
	arch_sig_enter(tf, frame, p->cb_fn, p->cb_trampoline, 0);
	arch_tf_set_arg0(tf, arg);
	t->cb_done = done;
	t->cb_cookie = cookie;
	t->cb_frame = frame;
	return (long)arch_sig_retval(tf);
}

/* A frame the kernel cannot take back ends the process, named. */
static void __noreturn cb_die(struct proc *p, const char *why)
{
	kprintf("pid %d (%s): callback_return: %s: killed\n", p->pid, p->name, why);
	p->kill_sig = SIGSEGV;
	arch_irq_enable();
	proc_exit(-1);
}

/*
 * The frame is read where the kernel wrote it (t->cb_frame), not where
 * the stack pointer says: a trampoline called from anywhere still finds
 * the one frame, and only its contents are the program's to change.
 */
long callback_return(struct trapframe *tf, long result)
{
	struct thread *t = current_thread();
	struct proc *p = t->proc;
	callback_done_fn done = t->cb_done;
	struct sigframe kf;
	char why[96], reason[64];
	bool read;

	if (!done)                        /* unpaired, or returned twice */
		return -EINVAL;
	t->cb_done = NULL;
	read = signal_frame_in(&kf, t->cb_frame);
	arch_irq_disable();               /* as signal_return: cb_die and the load want them masked */
	if (!read) {
		ksnprintf(why, sizeof(why), "cannot read the frame at %p", (void *)t->cb_frame);
		cb_die(p, why);
	}
	if (!arch_sig_restore(tf, &kf, reason, sizeof(reason)))
		cb_die(p, reason);
	arch_irq_enable();
	/* The mask is never taken from the frame: a callback changes none. */
	return done(t->cb_cookie, result);
}

void callback_fork(struct proc *child, const struct proc *parent)
{
	child->cb_fn = parent->cb_fn;
	child->cb_trampoline = parent->cb_trampoline;
}

void callback_exec(struct proc *p)
{
	p->cb_fn = 0;
	p->cb_trampoline = 0;
	current_thread()->cb_done = NULL;  /* its frame went with the old program */
}
