/*
 * kernel/infoleak.h - the info-leak detector's poison (uma/infoleak.h has
 * the check, docs/detectors.md the whole story).
 *
 * While the detector is on (`infoleak` on the command line, or the
 * test-only system call, kernel/uapi/infoleak.h):
 *   - kmalloc fills every block it hands out with INFOLEAK_POISON
 *     (kzalloc then zeroes it as usual);
 *   - each system call starts by filling its thread's kernel stack, from
 *     just below the dispatcher's frame down to the stack's lowest byte,
 *     so every local of the handler starts as poison;
 * and UMA reports poison that reaches user memory, naming the system call
 * and the process through il_context below.
 *
 * Pages from the page allocator are not poisoned: pmm_alloc_contig zeroes
 * every page it gives, so a user page, a page table or a big heap block
 * never holds a stale byte in the first place (big blocks are poisoned by
 * kmalloc like small ones).
 */
#ifndef KERNEL_INFOLEAK_H
#define KERNEL_INFOLEAK_H

#include "base/types.h"
#include "base/string.h"
#include "uma/infoleak.h"

/* Reads the command line for `infoleak` and registers the report context
 * with UMA (called once at boot, after uma_init). */
void infoleak_init(void);

/* kmalloc: a new block of n bytes. */
static __always_inline void il_poison_heap(void *p, size_t n)
{
	if (unlikely(il_enabled))
		memset(p, INFOLEAK_POISON, n);
}

struct syscall_args;

/* The dispatcher, while the detector is on: run the handler fn(a) of
 * system call nr (named name) on a freshly poisoned stack, and remember
 * the call for reports while it runs. */
long il_syscall(long (*fn)(const struct syscall_args *a), const struct syscall_args *a,
		unsigned long nr, const char *name) __cold;

/* The same for any function (the self-tests' pretend system calls):
 * fn(arg) runs with every byte of the stack below it poisoned. */
long il_call_poisoned(long (*fn)(void *arg), void *arg, unsigned long nr, const char *name);

#endif
