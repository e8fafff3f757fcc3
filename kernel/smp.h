/*
 * kernel/smp.h - the CPUs: how many run, what each is doing, and running
 * a function on another one.
 *
 * CPU 0 boots the kernel and starts the others (kernel/smp.c, through
 * arch/smp.h); then every CPU runs threads from the one run queue
 * (kernel/sched.c) under the big kernel lock (kernel/bkl.h), and runs what
 * smp_call asks of it from its IPI handler (docs/smp.md).
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include "base/types.h"
#include "arch/smp.h"

struct boot_info;

struct cpu {
	unsigned id;
	volatile bool online;
	volatile uint64_t ticks;             /* timer interrupts taken here */
	volatile uint64_t ipis;              /* inter-processor interrupts taken here */
	volatile bool idle;                  /* halted in the idle loop: kick it with an IPI */
	volatile bool resched;               /* its tick asks the running thread to yield */
	/* smp_call: the one function this CPU is asked to run, and two
	 * counters that say whether it has (asked == done: idle). */
	void (*volatile call_fn)(void *);
	void *volatile call_arg;
	volatile uint64_t call_asked, call_done;
};

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus;                   /* CPUs running, 1..MAX_CPUS */

static inline struct cpu *this_cpu(void)
{
	return &cpus[arch_cpu_id()];
}

/* Start the other CPUs (at most `maxcpus=N` from the command line). */
void smp_init(const struct boot_info *bi);
void smp_tick(void);                     /* timer_tick: count this CPU's tick */
void smp_ipi(void);                      /* the IPI upcall */
void smp_poll(void);                     /* run a pending smp_call now (bkl.c's wait) */

/*
 * Ask CPU cpu (not the caller's) to run fn(arg) from its IPI handler,
 * with interrupts masked and without the BKL, and return at once; smp_call_wait waits until it
 * has run. One call per CPU at a time: -EBUSY if the last has not finished,
 * -EINVAL for a CPU that is not online or the caller's own.
 */
int smp_call_start(unsigned cpu, void (*fn)(void *), void *arg);
void smp_call_wait(unsigned cpu);
/* After a panic: every other CPU stops where it is (without waiting). */
void smp_stop_others(void);

#endif
