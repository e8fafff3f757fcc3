/*
 * kernel/mutex.h - sleeping locks.
 *
 * A spinlock (kernel/base/spinlock.h) masks interrupts and must be held only for
 * a few instructions. A mutex may be held across anything that sleeps (a
 * copy from user memory, waiting for a pipe): a thread that finds it taken
 * goes to sleep until the owner unlocks it. Only threads may use one, never
 * an interrupt handler.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include "sched.h"

struct mutex {
	bool locked;
	struct thread *owner;
	struct wait_queue waiters;
	const char *name;
};

#define MUTEX_INIT(n) { false, NULL, WAIT_QUEUE_INIT, (n) }

void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);     /* only by the owner: a BUG otherwise */
bool mutex_held(const struct mutex *m); /* by the current thread */

#endif
