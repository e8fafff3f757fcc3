/*
 * usertests/lib/ulock.c - a user-mode lock for the library's shared state
 * (the malloc free list, whole printf lines, the TAP counters).
 *
 * One atomic exchange takes the lock. A thread that finds it taken calls
 * yield() instead of spinning: the kernel runs one CPU, so the holder can
 * only make progress (and release it) when we give the CPU away; spinning
 * would burn the rest of our time slice for nothing.
 */

#include "ulib.h"

void ulock_acquire(struct ulock *l)
{
	/* ACQUIRE: what the previous holder wrote is visible once we own it */
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		yield();
}

void ulock_release(struct ulock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}
