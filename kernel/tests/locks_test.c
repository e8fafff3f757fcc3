/*
 * kernel/tests/locks_test.c - the lab `locks` (docs/labs/09-locks.md): what
 * a spinlock records while it is held (kernel/base/spinlock.c) and which
 * CPUs a TLB shootdown interrupts (kernel/tlb.c).
 *
 * Every check here is exact and needs no luck: a lock either records its
 * holder or it does not, and a shootdown either asks a CPU or it does not
 * (each CPU counts the requests it ran, tlb_calls_served). The companions
 * in kernel/tests/smp_test.c provoke recursion, a foreign unlock and a
 * switch while holding, and hammer one lock from every CPU.
 */
#include "ktest.h"
#include "tests/spin_bug.h"
#include "arch/arch.h"
#include "base/ksym.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "base/string.h"
#include "smp.h"
#include "tlb.h"
#include "vm.h"

/* ---- what a held lock says about its holder ----------------------------- */

struct look {
	struct spinlock *l;
	bool irq_before, irq_held, irq_after;
	int locked, cpu, cpu_after, locked_after;
	unsigned depth, depth_held, depth_after;
	bool last, here, here_after;
	uint64_t pc;
};

/* Take the lock, look at it, give it back, look again. Not inlined: the
 * lock must record a call site in this very function. */
static __attribute__((noinline)) void take_and_look(void *arg)
{
	struct look *k = arg;
	unsigned me = arch_cpu_id();

	k->depth = spin_held_count();
	k->irq_before = arch_irq_enabled();
	uint64_t f = spin_lock_irqsave(k->l);
	k->irq_held = arch_irq_enabled();
	k->locked = k->l->locked;
	k->cpu = k->l->cpu;
	k->pc = k->l->pc;
	k->depth_held = spin_held_count();
	k->last = spin_last[me] == k->l;
	k->here = spin_held_here(k->l);
	spin_unlock_irqrestore(k->l, f);
	k->irq_after = arch_irq_enabled();
	k->locked_after = k->l->locked;
	k->cpu_after = k->l->cpu;
	k->depth_after = spin_held_count();
	k->here_after = spin_held_here(k->l);
}

static void expect_look(const struct look *k, unsigned cpu)
{
	const char *name = NULL;
	uint64_t off = 0;

	KEXPECT_EQ(k->locked, 1);
	KEXPECT_EQ(k->cpu, (int)cpu);                 /* the holder's CPU */
	KEXPECT(!k->irq_held);                        /* interrupts off while held */
	KEXPECT_EQ(k->depth_held, k->depth + 1);
	KEXPECT(k->last);
	KEXPECT(k->here);
	/* where: a return address inside take_and_look, which ksym names */
	KEXPECT(ksym_lookup(k->pc, &name, &off));
	KEXPECT(name && !strncmp(name, "take_and_look", 13));
	KEXPECT_EQ(k->locked_after, 0);
	KEXPECT_EQ(k->cpu_after, -1);                 /* forgotten */
	KEXPECT_EQ(k->depth_after, k->depth);
	KEXPECT(!k->here_after);
	KEXPECT_EQ(k->irq_after, k->irq_before);      /* exactly as they were */
}

KTEST(locks_owner_recorded_while_held)
{
	static struct spinlock l = SPINLOCK_INIT("owner");
	struct look k = { .l = &l };
	unsigned me = arch_cpu_id();       /* the test's thread stays here: no switch */

	arch_irq_enable();                 /* taken with interrupts on ... */
	take_and_look(&k);
	KEXPECT(k.irq_before);
	expect_look(&k, me);
	arch_irq_disable();                /* ... and off: they stay off after */
	take_and_look(&k);
	arch_irq_enable();
	KEXPECT(!k.irq_before);
	expect_look(&k, me);
	for (unsigned i = 0; i < ncpus; i++) {      /* every CPU records itself */
		struct look o = { .l = &l };
		if (i == me)
			continue;
		KASSERT(smp_call_start(i, take_and_look, &o) == 0);
		smp_call_wait(i);
		expect_look(&o, i);
	}
}

/* ---- a lock held by one CPU, given back by another ------------------------ */

static struct spinlock theirs = SPINLOCK_INIT("held by another cpu");
static volatile int holding, may_go;

/* On the other CPU: hold the lock until the test has tried to free it. */
static void hold_until_told(void *arg)
{
	(void)arg;
	uint64_t f = spin_lock_irqsave(&theirs);
	__atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&may_go, __ATOMIC_ACQUIRE))
		cpu_relax();
	spin_unlock_irqrestore(&theirs, f);
}

KTEST(locks_unlock_by_another_cpu_is_caught)
{
	volatile unsigned other = ncpus == 1 ? 1 : (arch_cpu_id() + 1) % ncpus;   /* 1: a CPU none has */

	holding = may_go = 0;
	if (ncpus == 1) {                  /* no other CPU: its record stands in */
		theirs.locked = 1;
		theirs.cpu = other;
	} else {
		KASSERT(smp_call_start(other, hold_until_told, NULL) == 0);
		while (!__atomic_load_n(&holding, __ATOMIC_ACQUIRE))
			cpu_relax();
	}
	spin_bug_catch();
	if (!arch_setjmp(&spin_bug_jb))
		spin_unlock_irqrestore(&theirs, arch_irq_save());
	spin_set_bug_hook(NULL);
	arch_irq_enable();
	KEXPECT(spin_bug_lock == &theirs);
	KEXPECT(spin_bug_says("does not hold"));
	KEXPECT_EQ(theirs.locked, 1);      /* still held, by its holder */
	KEXPECT_EQ(theirs.cpu, (int)other);
	KEXPECT_EQ(spin_held_count(), 0);
	if (ncpus == 1) {
		theirs.locked = 0;
		theirs.cpu = -1;
	} else {
		__atomic_store_n(&may_go, 1, __ATOMIC_RELEASE);
		smp_call_wait(other);
	}
	KEXPECT_EQ(theirs.locked, 0);
}

/* ---- which CPUs a shootdown interrupts ---------------------------------- */

static void activate(void *arg)
{
	vm_activate_user(*(const paddr_t *)arg);
}

/* Each CPU ran exactly want[i] requests since snap: else name it. */
static unsigned unexpected(const uint64_t *snap, const unsigned *want, const char *what)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < ncpus; i++) {
		uint64_t got = tlb_calls_served[i] - snap[i];
		if (got != want[i]) {
			kprintf("# %s: cpu %u was asked %lu times, expected %u\n", what, i, got, want[i]);
			bad++;
		}
	}
	return bad;
}

static void snapshot(uint64_t *snap, unsigned *want)
{
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		snap[i] = tlb_calls_served[i];
		want[i] = 0;
	}
}

KTEST(locks_tlb_shootdown_interrupts_only_the_cpus_using_it)
{
	static char kpage[PAGE_SIZE] __aligned(PAGE_SIZE);
	uint64_t snap[MAX_CPUS];
	unsigned want[MAX_CPUS];
	bool hw = arch_tlb_flush_broadcasts() || ncpus == 1;   /* then no IPI at all */
	vaddr_t va = 0x40000000;           /* any user page: nothing is mapped there */
	paddr_t r = vm_user_root_create(), mine = vm_active_user();
	unsigned me = arch_cpu_id();       /* the test's thread stays here: no switch */

	KASSERT(r != 0);
	vm_activate_user(r);               /* active here only */
	snapshot(snap, want);
	tlb_shootdown(r, va, va + PAGE_SIZE);
	KEXPECT_EQ(unexpected(snap, want, "an address space active on this CPU only"), 0);
	vm_activate_user(mine);

	for (unsigned k = 0; k < ncpus; k++) {     /* active on CPU k only */
		if (k == me)
			continue;
		paddr_t old = vm_active_user_on(k);
		KASSERT(smp_call_start(k, activate, &r) == 0);
		smp_call_wait(k);
		snapshot(snap, want);
		want[k] = hw ? 0 : 1;
		tlb_shootdown(r, va, va + PAGE_SIZE);
		KEXPECT_EQ(unexpected(snap, want, "an address space active on one other CPU"), 0);
		snapshot(snap, want);
		want[k] = 1;                   /* forgetting a root asks on every architecture */
		tlb_forget_root(r);
		KEXPECT_EQ(unexpected(snap, want, "forgetting a root active on one other CPU"), 0);
		KEXPECT_EQ(vm_active_user_on(k), 0);
		if (old) {
			KASSERT(smp_call_start(k, activate, &old) == 0);
			smp_call_wait(k);
		}
	}

	snapshot(snap, want);              /* the kernel's mappings: every CPU */
	for (unsigned k = 0; k < ncpus; k++)
		want[k] = hw || k == me ? 0 : 1;
	tlb_shootdown(kernel_root, (vaddr_t)kpage, (vaddr_t)kpage + PAGE_SIZE);
	KEXPECT_EQ(unexpected(snap, want, "the kernel's own mappings"), 0);
	vm_user_root_destroy(r);
	kprintf("# %s, %u CPU%s: a shootdown asks %s\n", arch_name(), ncpus, ncpus == 1 ? "" : "s",
		ncpus == 1 ? "no CPU (there is no other)" :
		hw ? "no CPU (the hardware broadcasts TLBI ...IS)" :
		"only the CPUs running the address space, every other one for the kernel's");
}
