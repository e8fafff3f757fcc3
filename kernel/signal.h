/*
 * kernel/signal.h - POSIX-style signals (numbers in uapi/signal.h).
 *
 * A process has one handler per signal and one pending set; each thread
 * has its own blocked mask. A signal is delivered on the way back to user
 * mode (proc_user_return) by the first thread of the process that gets
 * there with it unblocked: the default action (SIGCHLD: nothing; any other:
 * the process ends with status -1 and one console line), or a handler,
 * which runs on a frame the kernel writes below the user stack through
 * UMA (arch/signal.h) with its own signal blocked until sigreturn. SIGKILL
 * cannot be caught, ignored or blocked: it is the process's `killed` flag.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "base/types.h"
#include "uapi/signal.h"

struct proc;
struct thread;
struct trapframe;

#define SIG_BIT(s) (1u << (s))

/* Make sig pending for p (SIGKILL kills); wakes the threads it will
 * interrupt. Any context, interrupts included. sig must be valid. */
void signal_send(struct proc *p, int sig);
/* signal(sig, handler): the old handler, or -EINVAL (SIGKILL, a bad
 * number, a handler or trampoline outside user space). */
long signal_set(int sig, uint64_t handler, uint64_t restorer);
/* Is a signal waiting that the current thread will take? (sleepers stop
 * with -EINTR: sched.c's current_interrupted) */
bool signal_pending_for(const struct thread *t);
/* Deliver what the current thread should, on the way to user mode with
 * interrupts masked: may end the process. */
void signal_deliver(struct trapframe *tf);
/* sigreturn: the restored return register, or never returns (killed). */
long signal_return(struct trapframe *tf);
/* Read a frame from user memory once, into *kf: false if it faulted. */
struct sigframe;
bool signal_frame_in(struct sigframe *kf, uint64_t frame);
/* A fault in user mode: true if it became a SIGSEGV for a handler. */
bool signal_fault(int sig);
/* fork: the child gets the handlers (not what is pending); exec: handlers
 * back to SIG_DFL, SIG_IGN kept (POSIX exec). */
void signal_fork(struct proc *child, const struct proc *parent);
void signal_exec(struct proc *p);
/* alarm_ms(ms): the ms left of the previous alarm; ms 0 cancels. */
long signal_alarm(uint64_t ms);
const char *signal_name(int sig);     /* "SIGTERM", or "signal 5" style */

#endif
