/*
 * kernel/uapi/failinject.h - test-only fault injection (kernel/failinject.h):
 *     long failinject(int op, int kinds, unsigned long nth)
 *                                       (__syscall(SYS_failinject, ...))
 *
 * FI_ARM makes the nth allocation of the given kinds, counted from now,
 * fail (once): pmm_alloc/pmm_alloc_contig return 0, kmalloc returns NULL.
 * With FI_SELF only allocations made while the calling process runs are
 * counted, i.e. those of its own system calls. FI_DISARM stops counting
 * and returns 1 if the failure happened since FI_ARM, 0 if not: a test
 * walks nth = 1, 2, ... over a system call until it returns 0 (the call
 * made fewer than nth allocations and met no failure).
 * The command-line word `fail=page:N`, `fail=heap:N` or `fail=any:N` arms
 * the same at boot, counting every allocation of the kernel.
 */
#ifndef UAPI_FAILINJECT_H
#define UAPI_FAILINJECT_H

/* op */
#define FI_DISARM 0   /* returns 1 if the armed failure happened, else 0 */
#define FI_ARM    1   /* kinds, nth (>= 1); returns 0, EINVAL for a bad kinds or nth 0 */
#define FI_COUNT  2   /* allocations counted since FI_ARM */

/* kinds (a mask) */
#define FI_PAGE   1   /* physical pages: pmm_alloc, pmm_alloc_contig */
#define FI_HEAP   2   /* kmalloc, kzalloc */
#define FI_SELF   4   /* only while the calling process runs (its system calls) */

#endif
