/* kernel/base/spinlock.c - what the spinlock checks report (spinlock.h). */
#include "base/spinlock.h"
#include "base/printk.h"

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
