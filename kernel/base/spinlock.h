/*
 * kernel/base/spinlock.h - spinlocks that mask interrupts on this CPU and
 * know who holds them.
 *
 * Masking matters even on one CPU: an interrupt handler that takes a lock
 * its interrupted code already holds would spin forever. The atomic
 * exchange comes from the compiler (GCC __atomic builtins), which emits the
 * right instruction for each architecture (x86 XCHG, ARM64 LDAXR/STXR or
 * SWPA): acquire on taking, release on giving back, so what the holder
 * wrote is seen by the next holder (Arm ARM B2.3, Intel SDM Vol.3 8.2).
 *
 * Each lock records its holder's CPU, so three bugs are caught and named
 * instead of hanging the machine (spin_bug, kernel/base/spinlock.c):
 *   - taking a lock this CPU already holds ("recursion"): it would spin
 *     forever, since nothing on this CPU can run to release it;
 *   - giving back a lock this CPU does not hold;
 *   - sleeping or switching threads while holding one (schedule() asks
 *     spin_held_count()): the next thread on this CPU could spin on it.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "base/types.h"
#include "base/percpu.h"
#include <asm/cpu.h>

struct spinlock {
	volatile int locked;
	volatile int cpu;            /* the holder's CPU; -1 when free */
	const char *name;
	uint64_t pc;                 /* where the holder took it */
};

#define SPINLOCK_INIT(n) { 0, -1, (n), 0 }

/* Per CPU: how many spinlocks it holds, and the last one it took. */
extern unsigned spin_depth[MAX_CPUS];
extern struct spinlock *spin_last[MAX_CPUS];

/* A locking bug: panic naming the lock, what was wrong, its holder and
 * where it was taken. Tests may catch it instead (spin_set_bug_hook). */
void spin_bug(struct spinlock *l, const char *what);
void spin_set_bug_hook(void (*hook)(struct spinlock *l, const char *what));

static inline bool spin_held_here(const struct spinlock *l)
{
	return l->locked && l->cpu == (int)arch_cpu_id();
}

static inline unsigned spin_held_count(void)
{
	return spin_depth[arch_cpu_id()];
}

/*
 * Take l: interrupts off on this CPU, then spin until the atomic exchange
 * finds it free. Returns the interrupt state to give back to
 * spin_unlock_irqrestore. Out of line (kernel/base/spinlock.c), so the
 * "taken at" it records is the caller's call site, which ksym can name.
 */
uint64_t spin_lock_irqsave(struct spinlock *l);
/* Give l back and put interrupts as they were when it was taken. */
void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags);

#endif
