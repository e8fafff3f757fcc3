/* kernel/timer.c - the tick count and nanoseconds since boot. */
#include "timer.h"
#include "arch/arch.h"
#include "sched.h"
#include "smp.h"

volatile uint64_t jiffies;

/* Every CPU's tick comes here; only CPU 0's drives time and the
 * scheduler, which runs threads on CPU 0 alone for now (docs/smp.md). */
void timer_tick(void)
{
	smp_tick();
	if (arch_cpu_id() != 0)
		return;
	jiffies++;
	sched_tick();
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
