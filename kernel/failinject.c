/* kernel/failinject.c - fault injection for allocations (see failinject.h). */
#include "failinject.h"
#include "proc.h"
#include "base/cmdline.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"

bool failinject_armed;
static unsigned fi_kinds;          /* FI_PAGE | FI_HEAP */
static unsigned long fi_nth;       /* the allocation that fails */
static unsigned long fi_seen;      /* allocations counted since arming */
static int fi_pid;                 /* 0: every allocation counts */
static bool fi_fired;
static bool fi_verbose;            /* armed from the command line: say when it fires */

/*
 * The kernel runs on one CPU and is not preemptive, and no interrupt
 * handler allocates, so these counters need no lock.
 */
bool failinject_count(unsigned kind)
{
	if (!(fi_kinds & kind))
		return false;
	if (fi_pid) {
		struct proc *p = current_proc();
		if (!p || p->pid != fi_pid)
			return false;
	}
	if (++fi_seen != fi_nth)
		return false;
	failinject_armed = false;          /* once: the next allocation succeeds */
	fi_fired = true;
	if (fi_verbose)
		kprintf("failinject: failing %s allocation %lu\n",
			kind == FI_PAGE ? "page" : "heap", fi_nth);
	return true;
}

long failinject_arm(unsigned kinds, unsigned long nth, int pid)
{
	if (!nth || !(kinds & (FI_PAGE | FI_HEAP)) || (kinds & ~(FI_PAGE | FI_HEAP)))
		return -EINVAL;
	failinject_armed = false;
	fi_kinds = kinds;
	fi_nth = nth;
	fi_seen = 0;
	fi_pid = pid;
	fi_fired = false;
	fi_verbose = false;                /* tests arm it thousands of times: quietly */
	failinject_armed = true;
	return 0;
}

bool failinject_disarm(void)
{
	bool fired = fi_fired;

	failinject_armed = false;
	fi_fired = false;
	return fired;
}

unsigned long failinject_counted(void)
{
	return fi_seen;
}

/* fail=page:N, fail=heap:N or fail=any:N */
void failinject_init(void)
{
	char v[32];
	unsigned kinds = 0;

	if (!cmdline_value("fail", v, sizeof(v)))
		return;
	if (!strncmp(v, "page:", 5))
		kinds = FI_PAGE;
	else if (!strncmp(v, "heap:", 5))
		kinds = FI_HEAP;
	else if (!strncmp(v, "any:", 4))
		kinds = FI_PAGE | FI_HEAP;
	const char *num = strchr(v, ':');
	unsigned long n = 0;
	for (const char *c = num ? num + 1 : ""; *c >= '0' && *c <= '9'; c++)
		n = n * 10 + (unsigned long)(*c - '0');
	if (failinject_arm(kinds, n, 0)) {
		kprintf("failinject: ignoring \"fail=%s\" (want page:N, heap:N or any:N)\n", v);
		return;
	}
	fi_verbose = true;
	kprintf("failinject: fail=%s: allocation %lu of that kind since boot will fail\n", v, n);
}
