/*
 * kernel/tlb.h - TLB shootdown: after a mapping changes, no CPU may go on
 * using the old translation.
 *
 * vm.c flushes this CPU's TLB for each page it changes. Whether that
 * reaches the other CPUs depends on the architecture: ARM64's TLBI ...IS
 * forms are broadcast by the hardware to every CPU of the inner-shareable
 * domain (Arm ARM D8.13), x86's INVLPG touches only the CPU that runs it
 * (Intel SDM Vol.3 4.10.5), so there the other CPUs are asked to flush by
 * IPI and the caller waits until they have: when munmap returns, a thread
 * spinning on another CPU faults on its next access.
 */
#ifndef KERNEL_TLB_H
#define KERNEL_TLB_H

#include "base/types.h"
#include "base/percpu.h"

/* [start, end) of the address space under root changed: make every other
 * CPU that may hold a translation for it forget it, and wait. root is a
 * user root (the CPUs running it) or the kernel's (every CPU). */
void tlb_shootdown(paddr_t root, vaddr_t start, vaddr_t end);
/* root is about to be freed: every CPU still pointing at it (an idle CPU
 * whose last thread was of that process) moves to no user space. */
void tlb_forget_root(paddr_t root);

/* Per CPU: how many shootdown or forget requests it has run for another
 * CPU. The self-tests (kernel/tests/locks_test.c) read it to check that a
 * shootdown interrupts exactly the CPUs it must. */
extern volatile uint64_t tlb_calls_served[MAX_CPUS];

#endif
