/*
 * kernel/sched.h - a round-robin scheduler for every CPU, and sleeping.
 *
 * The kernel itself is not preemptive: a thread in the kernel runs until it
 * sleeps, yields or returns to user mode. The timer tick only asks for a
 * reschedule, which happens on the way back to user mode (proc_user_return).
 * All of it runs under the big kernel lock (kernel/bkl.h), which a sleeper
 * holds until it has switched, so no other CPU can wake it too early; and
 * work left by interrupt handlers may wake threads on this CPU, so a
 * sleeper checks its condition and goes to sleep with interrupts masked:
 *
 *     uint64_t f = arch_irq_save();
 *     while (!condition)
 *         sleep_on(&wq);            // interrupts stay masked across the switch
 *     arch_irq_restore(f);
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "thread.h"

struct wait_queue {
	struct thread *head;
};
#define WAIT_QUEUE_INIT { NULL }

void sched_init(void);                 /* the boot thread becomes thread 0 */
/* A new kernel thread running fn(arg); it exits when fn returns. */
struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg);
/* A new thread that will start in user mode from the registers in *tf
 * (copied to the top of its kernel stack). */
struct thread *uthread_create(struct proc *p, const struct trapframe *tf);

void schedule(void);                   /* run someone else; current keeps its state */
void yield(void);                      /* stay runnable, let the others run first */
void sleep_on(struct wait_queue *wq);  /* interrupts masked by the caller */
void wake_up(struct wait_queue *wq);   /* wake every sleeper; any context */
void wake_thread(struct thread *t);    /* make a sleeping thread runnable */
/* Make t look at what was just set for it (killed, a signal): wake it if
 * it sleeps; if it runs on another CPU, interrupt that CPU, so it passes
 * through the kernel's return to user mode now, not at its next tick. */
void thread_kick(struct thread *t);
/* Sleep at least ns nanoseconds of the arch counter (time_ns), or until
 * the thread is killed; other wake-ups sleep again. */
void sleep_ns(uint64_t ns);
void thread_exit(void) __noreturn;     /* current becomes a zombie; never returns */
void thread_free(struct thread *t);    /* reap a zombie (not the current thread) */

void sched_tick(void);                 /* CPU 0's tick, BKL held: sleepers, alarms */
void sched_tick_cpu(void);             /* any CPU's tick, no lock: its time slice */
/* Must the current thread stop what it waits for? (its process was
 * killed, a sibling thread is ending the process, or a signal waits that
 * this thread will take: the call returns -EINTR, kernel/signal.h) */
bool current_interrupted(void);
/* Did this CPU's tick ask for a switch? (read on every return to user mode) */
bool sched_need_resched(void);
/* Other CPUs (kernel/smp.c): CPU 0 prepares each one's idle thread, on
 * the stack it will start on (false: no memory), or forgets it if the CPU
 * did not start; the CPU then joins the scheduler and never returns. */
bool sched_prepare_cpu(unsigned cpu, void *stack);
void sched_forget_cpu(unsigned cpu);
void sched_start_cpu(unsigned cpu) __noreturn;
/* Run fn each time the CPU is about to idle (the process layer registers
 * the freeing of orphaned zombies). */
void sched_set_idle_work(void (*fn)(void));

#endif
