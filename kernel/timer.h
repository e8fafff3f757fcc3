/* kernel/timer.h - the periodic tick and monotonic time. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "base/types.h"

#define TIMER_HZ 100

extern volatile uint64_t jiffies;      /* ticks since arch_timer_start() */

void timer_tick(void);                 /* called by the arch timer interrupt */
uint64_t time_ns(void);                /* since kernel entry, from the arch counter */
void timer_mark_boot(uint64_t counter); /* the counter value at kernel entry */
uint64_t counter_to_ns(uint64_t ticks);

#endif
