/*
 * arch/generic/smp_claim.h - who owns a CPU number when a started CPU is
 * late: the boot CPU, which gave up on it, or the CPU, which just arrived.
 *
 * The boot CPU starts a CPU as number n and waits about a second for it
 * (arch/smp.h). On a loaded host QEMU may run the new CPU's thread only
 * after that. Without an agreement the two could each think they won: the
 * boot CPU reports "did not start" and goes on, while the late CPU enters
 * the kernel as number n on a stack the kernel is about to free. So both
 * sides end with a compare-and-swap on one word, and exactly one succeeds:
 *
 *   boot CPU, before starting it:   claim = n | CLAIM_WAITING
 *   the CPU, when set up:           WAITING(n) -> n          (it is CPU n)
 *   boot CPU, at the time limit:    WAITING(n) -> CLAIM_ABANDONED
 *
 * A CPU that loses parks for good, interrupts masked, touching nothing
 * shared; it keeps its stack, which the kernel therefore never frees.
 * After giving up on one CPU, the boot CPU starts no more: the next
 * would reuse the boot block or trampoline the late one may still read.
 *
 * `cpulate` on the command line makes the first CPU started late for
 * certain, to test this: the boot CPU gives up at once, and the CPU waits
 * for that before it claims (docs/smp.md).
 */
#ifndef ARCH_GENERIC_SMP_CLAIM_H
#define ARCH_GENERIC_SMP_CLAIM_H

#include "base/types.h"
#include <asm/cpu.h>           /* cpu_relax */

#define CLAIM_WAITING   0x80000000u
#define CLAIM_ABANDONED 0xffffffffu

/* Boot CPU: number n is about to be started. */
static inline void smp_claim_offer(volatile unsigned *claim, unsigned n)
{
	__atomic_store_n(claim, n | CLAIM_WAITING, __ATOMIC_RELEASE);
}

/* Boot CPU, waiting: has CPU n arrived? */
static inline bool smp_claim_arrived(volatile unsigned *claim, unsigned n)
{
	return __atomic_load_n(claim, __ATOMIC_ACQUIRE) == n;
}

/* Boot CPU, at the time limit: true if it gave up on n, false if n
 * arrived after all (the CPU won the race and runs). */
static inline bool smp_claim_abandon(volatile unsigned *claim, unsigned n)
{
	unsigned want = n | CLAIM_WAITING;
	return __atomic_compare_exchange_n(claim, &want, CLAIM_ABANDONED, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The started CPU, set up: true if it is CPU n, false if it is too late
 * and must park. */
static inline bool smp_claim_take(volatile unsigned *claim, unsigned n)
{
	unsigned want = n | CLAIM_WAITING;
	return __atomic_compare_exchange_n(claim, &want, n, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The started CPU, under `cpulate`: wait until the boot CPU has given up. */
static inline void smp_claim_wait_abandoned(volatile unsigned *claim)
{
	while (__atomic_load_n(claim, __ATOMIC_ACQUIRE) != CLAIM_ABANDONED)
		cpu_relax();
}

#endif
