/*
 * arch/aarch64/tests/context_test.c - arch_context_switch and
 * arch_context_init through the scheduler: two kernel threads that take
 * turns, keep their callee-saved registers across switches, start with
 * interrupts on and have a frame-pointer chain that ends.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "sched.h"
#include "base/string.h"

struct turn {
	char id;
	bool irq_on;
	bool fp_chain_ends;
	uint64_t sum;
};

static char order[8];
static volatile int pos, finished;

/* The chain of frame records (AAPCS64 6.2.3) must reach the zero that
 * arch_context_init put in x29, within a few frames. */
static bool chain_ends(void)
{
	uint64_t *fp = __builtin_frame_address(0);

	for (int depth = 0; depth < 8; depth++) {
		if (!fp)
			return true;
		fp = (uint64_t *)fp[0];
	}
	return false;
}

static void take_turns(void *arg)
{
	struct turn *t = arg;
	uint64_t sum = 0;

	t->irq_on = arch_irq_enabled();
	t->fp_chain_ends = chain_ends();
	for (int i = 1; i <= 3; i++) {
		order[pos++] = t->id;
		sum = sum * 31 + (uint64_t)i * t->id;   /* lives across yield() */
		yield();
	}
	t->sum = sum;
	finished++;
}

static uint64_t expected_sum(char id)
{
	uint64_t sum = 0;

	for (int i = 1; i <= 3; i++)
		sum = sum * 31 + (uint64_t)i * id;
	return sum;
}

KTEST(aarch64_context_switch)
{
	static struct turn a = { .id = 'A' }, b = { .id = 'B' };

	memset(order, 0, sizeof(order));
	pos = finished = 0;
	KASSERT(kthread_create("ctx-a", take_turns, &a) != NULL);
	KASSERT(kthread_create("ctx-b", take_turns, &b) != NULL);
	for (int spins = 0; finished < 2 && spins < 100; spins++)
		yield();
	KASSERT(finished == 2);
	KEXPECT(strcmp(order, "ABABAB") == 0);
	KEXPECT_EQ(a.sum, expected_sum('A'));
	KEXPECT_EQ(b.sum, expected_sum('B'));
	KEXPECT(a.irq_on && b.irq_on);
	KEXPECT(a.fp_chain_ends && b.fp_chain_ends);
}
