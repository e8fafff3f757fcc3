/*
 * kernel/signal.c - POSIX-style signals: sending, delivering, sigreturn.
 *
 * What is where (kernel/signal.h): the handlers and the pending set are
 * the process's, the blocked mask is each thread's. Sending sets a pending
 * bit and wakes the threads that would take it, so that a sleeping system
 * call returns -EINTR (current_interrupted, kernel/sched.c). Delivery
 * happens in proc_user_return, the last thing before every return to user
 * mode, with interrupts masked.
 *
 * A handler runs on a frame below the interrupted user stack. The frame
 * holds everything needed to resume (arch/signal.h) and is user memory:
 * it is written with CopyToUser and read back at sigreturn with one
 * CopyFromUser into a kernel copy, which the architecture validates
 * before loading anything -- the user may have rewritten every byte of it
 * in between. Linux's kernel/signal.c and arch/ARCH/kernel/signal.c work
 * the same way (get_signal, setup_rt_frame, rt_sigreturn).
 */
#include "signal.h"
#include "proc.h"
#include "sched.h"
#include "timer.h"
#include "arch/arch.h"
#include "arch/signal.h"
#include "base/lab.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"
#include "uma/usermode_accessors.h"

#define SIG_VALID  0xfffffffeu       /* bits 1 .. NSIG - 1 (NSIG is 32) */

const char *signal_name(int sig)
{
	static const char *const names[NSIG] = {
		[SIGINT] = "SIGINT", [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
		[SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2", [SIGALRM] = "SIGALRM",
		[SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
	};
	static char other[16];

	if (sig > 0 && sig < NSIG && names[sig])
		return names[sig];
	ksnprintf(other, sizeof(other), "signal %d", sig);
	return other;
}

/* Discarded when sent: SIG_IGN, or the default action of SIGCHLD. */
static bool ignored(const struct proc *p, int sig)
{
	uint64_t h = p->sig_handler[sig];

	return h == SIG_IGN || (h == SIG_DFL && sig == SIGCHLD);
}

void signal_send(struct proc *p, int sig)
{
	uint64_t f = arch_irq_save();

	if (sig == SIGKILL) {
		p->killed = true;
		if (!p->kill_sig)
			p->kill_sig = SIGKILL;
	} else if (!ignored(p, sig)) {
		p->sig_pending |= SIG_BIT(sig);
	}
	/* A sleeper that will take it stops sleeping (-EINTR); SIGKILL stops
	 * them all. Sleepers tolerate being woken for nothing. */
	for (int i = 0; i < MAXTHREAD; i++) {
		struct thread *t = p->threads[i];
		if (t && (sig == SIGKILL || signal_pending_for(t)))
			thread_kick(t);
	}
	arch_irq_restore(f);
}

bool signal_pending_for(const struct thread *t)
{
	return t->proc && (t->sig_forced || (t->proc->sig_pending & ~t->sig_blocked));
}

long signal_set(int sig, uint64_t handler, uint64_t restorer)
{
	struct proc *p = current_proc();
	uint64_t old, f;

	if (sig <= 0 || sig >= NSIG || sig == SIGKILL)
		return -EINVAL;
	/* The handler becomes the user pc (x86-64: a non-canonical one would
	 * fault in ring 0 on the way out); the trampoline its return address. */
	if (handler > SIG_IGN && (handler >= USER_VA_LIMIT || restorer >= USER_VA_LIMIT))
		return -EINVAL;
	f = arch_irq_save();
	old = p->sig_handler[sig];
	p->sig_handler[sig] = handler;
	p->sig_restorer[sig] = restorer;
	if (ignored(p, sig))              /* POSIX: a pending one is discarded */
		p->sig_pending &= ~SIG_BIT(sig);
	arch_irq_restore(f);
	return (long)old;
}

/* End the current process for sig, saying so; interrupts are masked. */
static void __noreturn die(struct proc *p, int sig, const char *why)
{
	if (why)
		kprintf("pid %d (%s): %s: killed\n", p->pid, p->name, why);
	else
		kprintf("pid %d (%s): killed by %s\n", p->pid, p->name, signal_name(sig));
	p->kill_sig = sig;
	arch_irq_enable();
	proc_exit(-1);
}

/* The next signal the current thread takes, removed from the pending
 * set; 0 if none. Its own fault first (the faulting instruction cannot
 * go on), then the lowest number. */
static int take_signal(struct thread *t, struct proc *p)
{
	uint32_t set = t->sig_forced ? t->sig_forced : p->sig_pending & ~t->sig_blocked;
	int sig;

	if (!(set & SIG_VALID))
		return 0;
	sig = __builtin_ctz(set & SIG_VALID);
	t->sig_forced &= ~SIG_BIT(sig);
	p->sig_pending &= ~SIG_BIT(sig);
	return sig;
}

/* The frame from user memory, in its own __try: false if the user range
 * faulted (or is not user memory at all). Also the callback's return
 * (kernel/callback.c). */
bool signal_frame_in(struct sigframe *kf, uint64_t frame)
{
	__try {
		CopyFromUser(kf, (const void __user *)frame, sizeof(*kf));   /* once */
	} __except (UmaExceptionFilter(UserMode)) {
		return false;
	}
	return true;
}

// LAB signals BEGIN: write the frame below the user stack and enter the handler (frame_out, run_handler)
/* The frame to user memory, in its own __try: false if the user range
 * faulted (or is not user memory at all). */
static bool frame_out(uint64_t frame, const struct sigframe *kf)
{
	__try {
		CopyToUser((void __user *)frame, kf, sizeof(*kf));
	} __except (UmaExceptionFilter(UserMode)) {
		return false;
	}
	return true;
}

/* Write the frame and enter the handler; a frame that cannot be written
 * (a bad or full stack) ends the process, named. */
static void run_handler(struct trapframe *tf, struct thread *t, struct proc *p, int sig)
{
	struct sigframe kf;
	uint64_t frame = arch_sig_frame_addr(tf);
	char why[96];

	memset(&kf, 0, sizeof(kf));       /* no stale kernel byte goes out */
	arch_sig_save(tf, &kf, p->sig_restorer[sig]);
	kf.sig = (uint32_t)sig;
	kf.blocked = t->sig_blocked;
	if (!frame_out(frame, &kf)) {
		ksnprintf(why, sizeof(why), "cannot write the frame for %s at %p", signal_name(sig),
			  (void *)frame);
		die(p, sig, why);
	}
	arch_sig_enter(tf, frame, p->sig_handler[sig], p->sig_restorer[sig], sig);
	t->sig_blocked |= SIG_BIT(sig);   /* until sigreturn restores kf.blocked */
}
// LAB signals STUB
// /* The frame below the user stack and the handler's entry: yours to write
//  * (lab signals, Step 1). Until then, the default action. */
// static void run_handler(struct trapframe *tf, struct thread *t, struct proc *p, int sig)
// {
// 	LAB_MISSING("signals", "run_handler, the frame and the handler's entry");
// 	die(p, sig, NULL);
// }
// LAB signals END

void signal_deliver(struct trapframe *tf)
{
	struct thread *t = current_thread();
	struct proc *p = t->proc;
	int sig;

	while ((sig = take_signal(t, p))) {
		uint64_t h = p->sig_handler[sig];
		if (h == SIG_IGN || (h == SIG_DFL && sig == SIGCHLD))
			continue;
		if (h == SIG_DFL)
			die(p, sig, NULL);
		run_handler(tf, t, p, sig);   /* the next one nests on this frame */
	}
}

long signal_return(struct trapframe *tf)
{
	struct thread *t = current_thread();
	struct proc *p = t->proc;
	struct sigframe kf;
	uint64_t frame = arch_sig_frame_at_return(tf);
	bool read = signal_frame_in(&kf, frame);
	char why[96], reason[64];

	arch_irq_disable();               /* die() and the return want them masked */
	if (!read) {
		ksnprintf(why, sizeof(why), "sigreturn: cannot read the frame at %p", (void *)frame);
		die(p, SIGSEGV, why);
	}
	if (!arch_sig_restore(tf, &kf, reason, sizeof(reason))) {
		ksnprintf(why, sizeof(why), "sigreturn: %s", reason);
		die(p, SIGSEGV, why);
	}
	/* SIGKILL is never in a mask; the frame may say anything. */
	t->sig_blocked = (uint32_t)kf.blocked & SIG_VALID & ~SIG_BIT(SIGKILL);
	arch_irq_enable();
	return (long)arch_sig_retval(tf);
}

bool signal_fault(int sig)
{
	struct thread *t = current_thread();
	struct proc *p = t->proc;

	if (p->sig_handler[sig] <= SIG_IGN || (t->sig_blocked & SIG_BIT(sig)))
		return false;
	t->sig_forced |= SIG_BIT(sig);
	return true;
}

void signal_fork(struct proc *child, const struct proc *parent)
{
	memcpy(child->sig_handler, parent->sig_handler, sizeof(child->sig_handler));
	memcpy(child->sig_restorer, parent->sig_restorer, sizeof(child->sig_restorer));
}

void signal_exec(struct proc *p)
{
	for (int i = 0; i < NSIG; i++) {
		if (p->sig_handler[i] != SIG_IGN)
			p->sig_handler[i] = SIG_DFL;
		p->sig_restorer[i] = 0;
	}
}

long signal_alarm(uint64_t ms)
{
	struct proc *p = current_proc();
	uint64_t f = arch_irq_save(), now = time_ns(), left = 0;

	if (p->alarm_at > now)            /* rounded up: non-zero while armed */
		left = (p->alarm_at - now + 999999) / 1000000;
	p->alarm_at = ms ? now + ms * 1000000 : 0;
	arch_irq_restore(f);
	return (long)left;
}
