/* kernel/mutex.c - sleeping locks (see mutex.h). */
#include "mutex.h"
#include "arch/arch.h"
#include "base/printk.h"

void mutex_lock(struct mutex *m)
{
	uint64_t f = arch_irq_save();

	if (m->owner == current_thread())
		panic("mutex %s: locked twice by %s", m->name, current_thread()->name);
	while (m->locked)
		sleep_on(&m->waiters);
	m->locked = true;
	m->owner = current_thread();
	arch_irq_restore(f);
}

void mutex_unlock(struct mutex *m)
{
	uint64_t f = arch_irq_save();

	if (m->owner != current_thread())
		panic("mutex %s: unlocked by %s, not its owner", m->name, current_thread()->name);
	m->locked = false;
	m->owner = NULL;
	wake_up(&m->waiters);     /* they race for it again; one wins */
	arch_irq_restore(f);
}

bool mutex_held(const struct mutex *m)
{
	return m->locked && m->owner == current_thread();
}
