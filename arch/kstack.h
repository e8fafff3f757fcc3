/*
 * arch/kstack.h - where kernel stacks live, and the guard below each.
 *
 * Every thread's kernel stack (kernel/kstack.c) sits in the stack area, a
 * range of the kernel half that holds nothing else. The area is cut into
 * slots of 2 * KSTACK_SIZE; a stack takes the lower half of its slot,
 * mapped page by page, and the upper half is never mapped: it is the
 * guard of the stack in the next slot up.
 *
 *   slot n base                   +KSTACK_SIZE                 slot n+1 base
 *   | stack n: 16 KiB mapped      | guard of stack n+1: 16 KiB | stack n+1 ...
 *   |          grows down <- top  |   unmapped                 |
 *
 * A stack that runs past its bottom writes into its guard, and the MMU
 * faults at once instead of letting it overwrite whatever lies below (on
 * the old direct-map stacks: the next page of RAM, another thread's stack
 * or the heap). The trap code recognises such a fault (kstack_in_guard)
 * and reports a kernel stack overflow (arch/trap.h, trap_stack_overflow).
 *
 * The sizes are powers of two for ARM64's entry check (vectors.S): every
 * stack the kernel runs on in EL1 is KSTACK_SIZE bytes at an address
 * aligned to 2 * KSTACK_SIZE, so bit KSTACK_SHIFT of a good stack pointer
 * is 0 and it is 1 in the 16 KiB below the stack -- one TBNZ tells them
 * apart, the test Linux makes (arch/arm64/kernel/entry.S, kernel_ventry).
 */
#ifndef ARCH_KSTACK_H
#define ARCH_KSTACK_H

#define KSTACK_SHIFT  14
#define KSTACK_SIZE   (1 << KSTACK_SHIFT)        /* 16 KiB */
#define KSTACK_SLOT   (2 * KSTACK_SIZE)          /* stack + the next one's guard */
#define KSTACK_SLOTS  2048                       /* threads at once: 64 MiB of addresses */

#ifdef __ASSEMBLY__
#define KSTACK_AREA   0xffffc00000000000
#else
#include "base/types.h"
#define KSTACK_AREA   ((uint64_t)0xffffc00000000000)  /* below it: the direct map */
#define KSTACK_AREA_END (KSTACK_AREA + (uint64_t)KSTACK_SLOTS * KSTACK_SLOT)

/* Is va in the guard below the stack whose top is `top`? */
static inline bool kstack_in_guard(uint64_t va, uint64_t top)
{
	return va >= top - KSTACK_SLOT && va < top - KSTACK_SIZE;
}
#endif

#endif
