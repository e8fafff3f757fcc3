/* kernel/bkl.c - the big kernel lock (bkl.h). */
#include "bkl.h"
#include "smp.h"
#include "base/printk.h"

static struct {
	volatile int locked;
	volatile int owner;              /* CPU, -1 when free */
	unsigned depth[MAX_CPUS];
	volatile uint32_t halted;        /* CPUs halted until the lock is free */
	volatile uint64_t contended;
} bkl = { 0, -1, { 0 }, 0, 0 };

/* How many times a CPU looks at a taken lock before it halts. Spinning
 * is right on hardware, where each CPU is a core; under QEMU several
 * emulated CPUs share a few host cores, and a spinning one takes host
 * time from the one holding the lock. */
#define BKL_SPINS 64

/*
 * Wait, halted, for the holder's bkl_exit to send an IPI (or for any
 * other interrupt). The bit is set, then the lock looked at: bkl_exit
 * clears the lock, then looks at the bits. Both with full barriers, so at
 * least one of the two sees the other (the store-load pattern of Dekker's
 * algorithm, Arm ARM B2.3, Intel SDM Vol.3 8.2.3.4). Interrupts masked on
 * entry; arch_idle returns with them on.
 */
static void halt_until_free(unsigned cpu)
{
	__atomic_fetch_or(&bkl.halted, 1u << cpu, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&bkl.locked, __ATOMIC_SEQ_CST))
		arch_idle();
	arch_irq_disable();
	__atomic_fetch_and(&bkl.halted, ~(1u << cpu), __ATOMIC_SEQ_CST);
}

/*
 * While it waits, a CPU lets interrupts in if its caller had them on (its
 * timer and IPIs must not stall for as long as another CPU stays in the
 * kernel), then halts until the lock is given back. With interrupts
 * masked it cannot halt, but it still runs the smp_call the holder may be
 * waiting for.
 */
void bkl_enter(void)
{
	bool may_halt = arch_irq_enabled();
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (bkl.owner == (int)cpu) {
		bkl.depth[cpu]++;
		arch_irq_restore(f);
		return;
	}
	if (__atomic_exchange_n(&bkl.locked, 1, __ATOMIC_ACQUIRE)) {
		unsigned spins = 0;
		__atomic_fetch_add(&bkl.contended, 1, __ATOMIC_RELAXED);
		do {
			arch_irq_restore(f);
			smp_poll();
			cpu_relax();
			arch_irq_save();
			if (may_halt && ++spins == BKL_SPINS) {
				halt_until_free(cpu);
				spins = 0;
			}
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
		__atomic_store_n(&bkl.locked, 0, __ATOMIC_SEQ_CST);
		uint32_t h = __atomic_load_n(&bkl.halted, __ATOMIC_SEQ_CST);
		if (h)                       /* wake one waiter; it clears its own bit */
			arch_ipi_send((unsigned)__builtin_ctz(h));
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
