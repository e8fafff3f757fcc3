/*
 * kernel/failinject.h - make the Nth page or heap allocation fail, on
 * purpose, to prove that every caller copes (as Linux's fail_page_alloc
 * and failslab, FreeBSD's fail points).
 *
 * pmm_alloc_contig and kmalloc each start with one check,
 *     if (failinject_hit(FI_PAGE)) return 0;
 * which costs one load while nothing is armed. What arms it: the test-only
 * system call failinject (kernel/sys/sysdebug.c, kernel/uapi/failinject.h)
 * or `fail=page:N`, `fail=heap:N`, `fail=any:N` on the command line.
 */
#ifndef KERNEL_FAILINJECT_H
#define KERNEL_FAILINJECT_H

#include "base/types.h"
#include "uapi/failinject.h"

extern bool failinject_armed;

bool failinject_count(unsigned kind);   /* the slow part of failinject_hit */

/* Must this allocation (FI_PAGE or FI_HEAP) fail? */
static inline bool failinject_hit(unsigned kind)
{
	return unlikely(failinject_armed) && failinject_count(kind);
}

/* Arm: the nth allocation of `kinds` from now fails once. pid != 0 counts
 * only allocations made while that process runs. 0 or -EINVAL. */
long failinject_arm(unsigned kinds, unsigned long nth, int pid);
/* Disarm; true if the armed failure happened. */
bool failinject_disarm(void);
unsigned long failinject_counted(void);
/* Read `fail=KIND:N` from the command line (before the first allocation). */
void failinject_init(void);

#endif
