/* kernel/base/spinlock.c - taking and giving back a spinlock, and what its checks report (spinlock.h). */
#include "base/spinlock.h"
#include "base/printk.h"
#include "base/lab.h"

unsigned spin_depth[MAX_CPUS];
struct spinlock *spin_last[MAX_CPUS];

static void (*bug_hook)(struct spinlock *l, const char *what);

void spin_set_bug_hook(void (*hook)(struct spinlock *l, const char *what))
{
	bug_hook = hook;
}

void spin_bug(struct spinlock *l, const char *what)
{
	if (bug_hook) {
		bug_hook(l, what);
		return;
	}
	panic("spinlock \"%s\" %s on cpu %u: holder cpu %d, taken at %#lx",
	      l->name, what, arch_cpu_id(), l->cpu, l->pc);
}

/*
 * Interrupts go off before the lock is taken: were one to come in after
 * the exchange and its handler take the same lock, this CPU would spin on
 * itself. The exchange is an acquire: nothing the holder reads or writes
 * moves before it (Arm ARM B2.3.7 "acquire"; on x86 XCHG is locked and a
 * full barrier, SDM Vol.3 8.2.2). The owner is recorded only once the lock
 * is ours; the recursion check reads it before we spin, where reading our
 * own CPU number there can only be our own earlier write.
 */
uint64_t spin_lock_irqsave(struct spinlock *l)
{
	// LAB locks BEGIN: take the lock: interrupts saved and off, an acquiring atomic exchange, the owner recorded, recursion caught
	uint64_t flags = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (l->locked && l->cpu == (int)cpu)
		spin_bug(l, "taken again by the CPU that holds it (recursion)");
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	l->cpu = (int)cpu;
	l->pc = (uint64_t)__builtin_return_address(0);
	spin_depth[cpu]++;
	spin_last[cpu] = l;
	return flags;
	// LAB locks STUB
	// LAB_MISSING("locks", "spin_lock_irqsave: the owner record and the recursion check");
	// uint64_t flags = arch_irq_save();
	//
	// while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_SEQ_CST))
	// 	cpu_relax();
	// return flags;
	// LAB locks END
}

/*
 * The owner is forgotten before the releasing store: after it another CPU
 * may take the lock and write its own number. The store is a release:
 * everything written under the lock is visible before the lock is seen
 * free (Arm ARM B2.3.7 "release"; an x86 store is never reordered with
 * earlier stores or loads, SDM Vol.3 8.2.3.2-3). Interrupts come back
 * last, as they were, which may be "off": an outer lock still holds them.
 */
void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	// LAB locks BEGIN: give the lock back: only by its holder, the owner forgotten, a releasing store, interrupts as they were
	unsigned cpu = arch_cpu_id();

	if (!l->locked || l->cpu != (int)cpu)
		spin_bug(l, "released by a CPU that does not hold it");
	l->cpu = -1;
	spin_depth[cpu]--;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
	// LAB locks STUB
	// __atomic_store_n(&l->locked, 0, __ATOMIC_SEQ_CST);
	// arch_irq_restore(flags);
	// LAB_MISSING("locks", "spin_unlock_irqrestore: the holder check and the owner record");
	// LAB locks END
}
