/*
 * asm/cpu.h - x86-64: interrupt flag, halt, barriers and the cycle counter.
 *
 * Everything here is one instruction (or two) wrapped in a static inline so
 * kernel/ can use it without knowing the CPU. RFLAGS.IF (bit 9) is the one
 * bit that lets maskable interrupts in (Intel SDM Vol.3 6.8.1).
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "base/types.h"

#define X86_RFLAGS_IF (1ull << 9)
#define X86_RFLAGS_AC (1ull << 18)   /* SMAP: user pages reachable (SDM Vol.3 4.6.1) */

static inline uint64_t arch_irq_save(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_irq_restore(uint64_t flags)
{
	if (flags & X86_RFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

static inline void arch_irq_enable(void)  { __asm__ volatile("sti" : : : "memory"); }
static inline void arch_irq_disable(void) { __asm__ volatile("cli" : : : "memory"); }

static inline bool arch_irq_enabled(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return (flags & X86_RFLAGS_IF) != 0;
}

/* Sleep until the next interrupt. With IF=0 this sleeps until NMI/reset. */
static inline void arch_wait_for_interrupt(void) { __asm__ volatile("hlt" : : : "memory"); }

/* Called with interrupts masked: unmask them and halt as one step. STI
 * takes effect only after the next instruction (SDM Vol.2B STI), so an
 * interrupt pending now wakes the HLT instead of slipping in before it.
 * Returns with interrupts on. */
static inline void arch_idle(void) { __asm__ volatile("sti; hlt" : : : "memory"); }

/* PAUSE tells the core (and the sibling hyperthread) we are spinning. */
static inline void cpu_relax(void) { __asm__ volatile("pause" : : : "memory"); }

/*
 * RDTSC is not ordered against earlier instructions; LFENCE before it
 * makes the reading happen after everything before it has completed
 * (Intel SDM Vol.2B RDTSC). Frequency: arch_counter_hz().
 */
static inline uint64_t arch_counter(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void arch_mb(void) { __asm__ volatile("mfence" : : : "memory"); }

/*
 * Spectre v1 for an array index (kernel/base/nospec.h): all ones if
 * idx < size, else 0, without a branch: CMP sets CF when idx < size, SBB
 * spreads CF over the register (Linux: arch/x86/include/asm/barrier.h,
 * array_index_mask_nospec).
 */
static inline uint64_t arch_index_mask_nospec(uint64_t idx, uint64_t size)
{
	uint64_t mask;

	__asm__("cmp %[size], %[idx]\n\t"   /* idx - size: CF = 1 iff idx < size */
		"sbb %[m], %[m]"
		: [m] "=r"(mask) : [idx] "r"(idx), [size] "r"(size) : "cc");
	return mask;
}

/*
 * This CPU's number (kernel/base/percpu.h): one load from the per-CPU
 * area the GS base points at in the kernel (struct x86_percpu in
 * arch/x86_64/x86_64.h; the offset is checked in syscall.c). volatile:
 * a thread may move to another CPU between two calls, so the compiler
 * must not reuse an earlier result.
 */
#define X86_PERCPU_CPU 24
static inline unsigned arch_cpu_id(void)
{
	unsigned id;

	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(id) : "i"(X86_PERCPU_CPU));
	return id;
}

#endif
