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
 * The lock is recursive on its holder (an interrupt taken in the kernel
 * enters again), and it belongs to the CPU, not the thread: a thread that
 * switches (schedule) hands it to the next thread on that CPU, which gives
 * it back when it leaves the kernel. Each thread remembers its depth
 * (thread->bkl_depth) across the switch, as xv6 remembers `intena`.
 *
 * A CPU waiting for the lock keeps answering smp_call requests (TLB
 * shootdowns), because the holder may be waiting for exactly that.
 */
#ifndef KERNEL_BKL_H
#define KERNEL_BKL_H

#include "base/types.h"

void bkl_enter(void);
void bkl_exit(void);
bool bkl_held(void);                  /* by this CPU */
unsigned bkl_depth(void);             /* this CPU's depth, 0 when not held */
void bkl_set_depth(unsigned depth);   /* schedule(): the next thread's depth */
uint64_t bkl_contended(void);         /* entries that had to wait, for bench */

#endif
