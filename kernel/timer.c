/* kernel/timer.c - the tick count and nanoseconds since boot. */
#include "timer.h"
#include "arch/arch.h"
#include "sched.h"
#include "smp.h"
#include "bkl.h"

volatile uint64_t jiffies;

/*
 * Every CPU's tick comes here, in its interrupt handler. Only CPU 0's
 * drives time: it counts jiffies and has the sleepers woken and the
 * alarms sent (sched_tick) under the big kernel lock -- at once if the
 * lock is free, else by its holder when it lets go (bkl_run_or_defer).
 * Every CPU asks its running thread to yield when threads wait in the
 * queue, which needs no lock. So a tick never waits for another CPU.
 */
void timer_tick(void)
{
	smp_tick();
	sched_tick_cpu();
	if (arch_cpu_id() != 0)
		return;
	jiffies++;
	bkl_run_or_defer(BKL_WORK_TICK);
}

/* Ticks of the arch counter to nanoseconds, without overflowing 64 bits
 * for any plausible uptime (split into whole seconds and the rest). */
uint64_t counter_to_ns(uint64_t ticks)
{
	uint64_t hz = arch_counter_hz();

	if (!hz)
		return 0;
	return ticks / hz * 1000000000ull + ticks % hz * 1000000000ull / hz;
}

static uint64_t boot_counter;

void timer_mark_boot(uint64_t counter)
{
	boot_counter = counter;
}

uint64_t time_ns(void)
{
	return counter_to_ns(arch_counter() - boot_counter);
}
