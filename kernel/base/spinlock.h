/*
 * kernel/base/spinlock.h - spinlocks that mask interrupts on this CPU.
 *
 * Masking matters even on one CPU: an interrupt handler that takes a lock
 * its interrupted code already holds would spin forever. The atomic
 * exchange comes from the compiler (GCC __atomic builtins), which emits the
 * right instruction for each architecture.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "base/types.h"
#include <asm/cpu.h>

struct spinlock {
	volatile int locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, (n) }

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = arch_irq_save();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
}

#endif
