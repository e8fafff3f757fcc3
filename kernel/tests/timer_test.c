/* kernel/tests/timer_test.c - the periodic tick and the counter agree. */
#include "ktest.h"
#include "timer.h"
#include "arch/arch.h"

KTEST(timer_ticks_at_its_rate)
{
	KASSERT(arch_irq_enabled());
	uint64_t j0 = jiffies, t0 = time_ns();
	while (time_ns() - t0 < 100 * 1000000ull)   /* 100 ms by the counter */
		cpu_relax();
	uint64_t ticks = jiffies - j0;
	/* TIMER_HZ * 0.1 s = 10 ticks; allow for emulation jitter */
	KEXPECT(ticks >= TIMER_HZ / 10 - 3);
	KEXPECT(ticks <= TIMER_HZ / 10 + 3);
}

KTEST(timer_time_is_monotonic)
{
	uint64_t last = time_ns();
	unsigned backwards = 0;
	for (int i = 0; i < 10000; i++) {
		uint64_t now = time_ns();
		backwards += now < last;
		last = now;
	}
	KEXPECT_EQ(backwards, 0);
}

KTEST(timer_wfi_wakes_on_tick)
{
	uint64_t j0 = jiffies;
	arch_wait_for_interrupt();   /* the next tick must wake us */
	arch_wait_for_interrupt();
	KEXPECT(jiffies > j0);
}
