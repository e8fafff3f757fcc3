/*
 * kernel/tests/smp_test.c - the other CPUs (kernel/smp.c) and the spinlock
 * checks (kernel/base/spinlock.h): every CPU has its own number, timer and
 * protection; IPIs arrive; a lock shared by every CPU at once loses no
 * update; recursion, a foreign unlock and a switch while holding a lock
 * are each caught and named. With one CPU (SMP=1, maxcpus=1) the tests run
 * on CPU 0 alone and still pass.
 */
#include "ktest.h"
#include "tests/spin_bug.h"
#include "arch/arch.h"
#include "base/string.h"
#include "smp.h"
#include "sched.h"
#include "timer.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "uapi/errno.h"

#define SECOND_NS 1000000000ull

/* Spin until *p differs from old, at most about a second. */
static bool changes_within_a_second(volatile uint64_t *p, uint64_t old)
{
	uint64_t end = time_ns() + SECOND_NS;

	while (*p == old && time_ns() < end)
		cpu_relax();
	return *p != old;
}

struct where {
	unsigned id;
	bool smap, smep;
};

static void tell_where(void *arg)
{
	struct where *w = arg;

	w->id = arch_cpu_id();
	w->smap = arch_user_access_protected();
	w->smep = arch_user_exec_protected();
}

KTEST(smp_each_cpu_has_its_number_and_protection)
{
	bool smap = arch_user_access_protected(), smep = arch_user_exec_protected();
	unsigned me = arch_cpu_id();       /* the boot thread may be on any CPU by now */

	kprintf("# %u CPU%s online\n", ncpus, ncpus == 1 ? "" : "s");
	KEXPECT(me < ncpus);
	for (unsigned i = 0; i < ncpus; i++) {
		if (i == me)
			continue;
		struct where w = { 99, !smap, !smep };
		KASSERT(smp_call_start(i, tell_where, &w) == 0);
		smp_call_wait(i);
		KEXPECT_EQ(w.id, i);
		KEXPECT_EQ(w.smap, smap);      /* each CPU turned it on (or off) itself */
		KEXPECT_EQ(w.smep, smep);
	}
	KEXPECT_EQ(smp_call_start(me, tell_where, NULL), -EINVAL);      /* ourselves */
	KEXPECT_EQ(smp_call_start(ncpus, tell_where, NULL), -EINVAL);   /* none such */
}

KTEST(smp_each_cpu_takes_its_own_ticks)
{
	uint64_t before[MAX_CPUS];

	for (unsigned i = 0; i < ncpus; i++)
		before[i] = cpus[i].ticks;
	for (unsigned i = 0; i < ncpus; i++) {
		KEXPECT(changes_within_a_second(&cpus[i].ticks, before[i]));
		KEXPECT(changes_within_a_second(&cpus[i].ticks, before[i] + 1));
	}
}

KTEST(smp_ipi_reaches_each_cpu_and_this_one)
{
	for (unsigned i = 0; i < ncpus; i++) {
		uint64_t before = cpus[i].ipis;
		arch_ipi_send(i);              /* i == 0: to ourselves, interrupts on */
		KEXPECT(changes_within_a_second(&cpus[i].ipis, before));
	}
}

/* ---- a lock every CPU hammers at once ---------------------------------- */

#define TORTURE_ROUNDS 20000

static struct spinlock torture_lock = SPINLOCK_INIT("torture");
static struct {
	uint64_t a, b;                     /* b == 2 * a whenever the lock is free */
	uint64_t torn;                     /* times a holder saw b != 2 * a */
	uint64_t not_owner;                /* times a holder found the lock not saying so */
	volatile uint64_t unlocked;        /* the same increment with no lock */
} shared;

static void hammer(void *arg)
{
	for (int i = 0; i < TORTURE_ROUNDS; i++) {
		uint64_t f = spin_lock_irqsave(&torture_lock);
		if (shared.b != 2 * shared.a)
			shared.torn++;
		if (torture_lock.cpu != (int)arch_cpu_id() || spin_held_count() != 1 ||
		    arch_irq_enabled())
			shared.not_owner++;
		shared.a++;
		shared.b += 2;
		spin_unlock_irqrestore(&torture_lock, f);
		shared.unlocked = shared.unlocked + 1;
	}
}

KTEST(spinlock_torture_every_cpu_at_once)
{
	unsigned me = arch_cpu_id();       /* the boot thread may be on any CPU by now */

	shared.a = shared.b = shared.torn = shared.not_owner = shared.unlocked = 0;
	for (unsigned i = 0; i < ncpus; i++)
		if (i != me)
			KASSERT(smp_call_start(i, hammer, NULL) == 0);
	hammer(NULL);
	for (unsigned i = 0; i < ncpus; i++)
		if (i != me)
			smp_call_wait(i);
	KEXPECT_EQ(shared.a, (uint64_t)TORTURE_ROUNDS * ncpus);
	KEXPECT_EQ(shared.b, 2 * shared.a);
	KEXPECT_EQ(shared.torn, 0);
	KEXPECT_EQ(shared.not_owner, 0);   /* each holder: its CPU recorded, interrupts off */
	KEXPECT_EQ(torture_lock.locked, 0);
	KEXPECT_EQ(torture_lock.cpu, -1);
	KEXPECT_EQ(spin_held_count(), 0);
	kprintf("# %u CPUs x %u rounds: the locked counter is exact; the same increment "
		"without the lock lost %lu\n", ncpus, TORTURE_ROUNDS,
		(uint64_t)TORTURE_ROUNDS * ncpus - shared.unlocked);
}

/* ---- the bugs the checks catch ----------------------------------------- */

KTEST(spinlock_recursion_is_caught_and_named)
{
	static struct spinlock l = SPINLOCK_INIT("recursive");
	uint64_t f = spin_lock_irqsave(&l);

	/* A lock that does not record its holder cannot see the recursion:
	 * the second take would spin for ever, so do not try it. */
	KEXPECT_EQ(l.cpu, (int)arch_cpu_id());
	spin_bug_catch();
	if (l.cpu == (int)arch_cpu_id() && !arch_setjmp(&spin_bug_jb))
		spin_lock_irqsave(&l);         /* would spin for ever */
	spin_set_bug_hook(NULL);
	KEXPECT(spin_bug_lock == &l);
	KEXPECT(spin_bug_says("recursion"));
	KEXPECT_EQ(l.cpu, (int)arch_cpu_id());
	spin_unlock_irqrestore(&l, f);
	KEXPECT_EQ(l.locked, 0);
	KEXPECT_EQ(spin_held_count(), 0);
}

KTEST(spinlock_foreign_unlock_is_caught)
{
	static struct spinlock l = SPINLOCK_INIT("never taken");

	spin_bug_catch();
	if (!arch_setjmp(&spin_bug_jb))
		spin_unlock_irqrestore(&l, arch_irq_save());
	spin_set_bug_hook(NULL);
	arch_irq_enable();
	KEXPECT(spin_bug_lock == &l);
	KEXPECT(spin_bug_says("does not hold"));
	KEXPECT_EQ(spin_held_count(), 0);
}

KTEST(spinlock_held_across_a_switch_is_caught)
{
	static struct spinlock l = SPINLOCK_INIT("held while sleeping");
	uint64_t f = spin_lock_irqsave(&l);

	spin_bug_catch();
	if (!arch_setjmp(&spin_bug_jb))
		yield();                       /* another thread here could spin on l */
	spin_set_bug_hook(NULL);
	KEXPECT(spin_bug_lock == &l);
	KEXPECT(spin_bug_says("thread switch"));
	spin_unlock_irqrestore(&l, f);
	KEXPECT_EQ(spin_held_count(), 0);
}
