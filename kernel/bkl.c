/* kernel/bkl.c - the big kernel lock (bkl.h). */
#include "bkl.h"
#include "smp.h"
#include "base/printk.h"

static struct {
	volatile int locked;
	volatile int owner;              /* CPU, -1 when free */
	unsigned depth[MAX_CPUS];
	volatile uint64_t contended;
} bkl = { 0, -1, { 0 }, 0 };

/*
 * While it waits, a CPU lets interrupts in if its caller had them on (its
 * timer and IPIs must not stall for as long as another CPU stays in the
 * kernel), and with them masked it still runs the smp_call the holder
 * may be waiting for.
 */
void bkl_enter(void)
{
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (bkl.owner == (int)cpu) {
		bkl.depth[cpu]++;
		arch_irq_restore(f);
		return;
	}
	if (__atomic_exchange_n(&bkl.locked, 1, __ATOMIC_ACQUIRE)) {
		__atomic_fetch_add(&bkl.contended, 1, __ATOMIC_RELAXED);
		do {
			arch_irq_restore(f);
			smp_poll();
			cpu_relax();
			arch_irq_save();
		} while (__atomic_exchange_n(&bkl.locked, 1, __ATOMIC_ACQUIRE));
	}
	bkl.owner = (int)cpu;
	bkl.depth[cpu] = 1;
	arch_irq_restore(f);
}

void bkl_exit(void)
{
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (bkl.owner != (int)cpu || !bkl.depth[cpu])
		panic("BKL released on cpu %u, which does not hold it (owner %d)", cpu, bkl.owner);
	if (--bkl.depth[cpu] == 0) {
		bkl.owner = -1;
		__atomic_store_n(&bkl.locked, 0, __ATOMIC_RELEASE);
	}
	arch_irq_restore(f);
}

bool bkl_held(void)
{
	return bkl.owner == (int)arch_cpu_id();
}

unsigned bkl_depth(void)
{
	return bkl_held() ? bkl.depth[arch_cpu_id()] : 0;
}

void bkl_set_depth(unsigned depth)
{
	if (!bkl_held() || !depth)
		panic("BKL: a thread switch on cpu %u without the lock", arch_cpu_id());
	bkl.depth[arch_cpu_id()] = depth;
}

uint64_t bkl_contended(void)
{
	return bkl.contended;
}
