/*
 * kernel/bkl.h - the big kernel lock: one CPU in the kernel at a time.
 *
 * The kernel was written for one CPU: its data is protected by masking
 * interrupts (kernel/sched.h). On several CPUs that is not enough, so the
 * kernel takes one lock, the BKL, on every way in -- a system call, a
 * fault, an interrupt -- and gives it back on the way out (the wrappers in
 * kernel/main.c). While one CPU runs kernel code the others run user code,
 * truly in parallel, or wait at the door. Linux 2.0 and FreeBSD's "Giant"
 * started the same way; docs/smp.md says what it costs and what finer
 * locks would take.
 *
 * It is a ticket lock: CPUs get it in the order they asked, so none can
 * be starved by another that makes system calls in a loop. It belongs to
 * the CPU, not the thread: a thread that switches (schedule) hands it to
 * the next thread on that CPU, which gives it back when it leaves the
 * kernel. Each thread remembers its depth (thread->bkl_depth) across the
 * switch, as xv6 remembers `intena`. It is recursive on its holder only
 * for the rare nested way in (an oops while serving a call).
 *
 * Interrupt handlers never wait for it: what they need done under it they
 * leave to the holder (bkl_run_or_defer). So a CPU waiting for its turn
 * keeps taking interrupts -- its ticks, and the IPIs of an smp_call (a TLB
 * shootdown) that the holder may be waiting for.
 */
#ifndef KERNEL_BKL_H
#define KERNEL_BKL_H

#include "base/types.h"

void bkl_enter(void);
void bkl_exit(void);

/* Work an interrupt handler needs done under the lock (kernel/timer.c,
 * kernel/console.c): registered once per slot, then requested with
 * bkl_run_or_defer, which never waits. */
#define BKL_DEFERRED     4
#define BKL_WORK_TICK    0     /* CPU 0's tick: sleepers and alarms (sched_tick) */
#define BKL_WORK_CONSOLE 1     /* bytes the UART received (console_rx_drain) */
void bkl_set_deferred(unsigned slot, void (*fn)(void));
void bkl_run_or_defer(unsigned slot);
bool bkl_held(void);                  /* by this CPU */
unsigned bkl_depth(void);             /* this CPU's depth, 0 when not held */
void bkl_set_depth(unsigned depth);   /* schedule(): the next thread's depth */

#endif
