/*
 * asm/cpu.h - ARM64 interrupt masking, idling, barriers and the counter.
 *
 * Interrupt masking is PSTATE.DAIF.I (Arm ARM, "Process state, PSTATE"): "daifset/daifclr #2"
 * sets/clears only I, leaving debug, SError and FIQ masks alone.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "base/types.h"

#define DAIF_I (1ull << 7)   /* bit position of I in the DAIF register view */

static inline uint64_t arch_irq_save(void)
{
	uint64_t daif;
	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) : : "memory");
	return daif;
}

static inline void arch_irq_restore(uint64_t daif)
{
	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

static inline void arch_irq_enable(void)  { __asm__ volatile("msr daifclr, #2" : : : "memory"); }
static inline void arch_irq_disable(void) { __asm__ volatile("msr daifset, #2" : : : "memory"); }

static inline bool arch_irq_enabled(void)
{
	uint64_t daif;
	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return !(daif & DAIF_I);
}

/* WFI wakes on a pending interrupt even while it is masked (Arm ARM, "Wait For Interrupt"). */
static inline void arch_wait_for_interrupt(void) { __asm__ volatile("wfi" : : : "memory"); }
/* Called with interrupts masked: wait for one, then unmask so it is taken.
 * An interrupt that became pending before the WFI ends it at once (Arm ARM
 * D1.6.2), so none is lost in between. Returns with interrupts on. */
static inline void arch_idle(void) { __asm__ volatile("wfi\n\tmsr daifclr, #2" : : : "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("yield" : : : "memory"); }

/* The ISB stops the counter read being hoisted above earlier instructions
 * (Arm ARM, CNTVCT_EL0: reads can occur speculatively and out of order). */
static inline uint64_t arch_counter(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline void arch_mb(void) { __asm__ volatile("dsb sy" : : : "memory"); }

/*
 * Spectre v1 for an array index (kernel/base/nospec.h): all ones if
 * idx < size, else 0, without a branch: CMP clears C when idx < size (a
 * borrow), SBC gives 0 - 0 - (1 - C), and CSDB keeps later instructions
 * from using a value computed from predicted flags (Arm ARM C6.2, CSDB).
 * Linux: arch/arm64/include/asm/barrier.h, array_index_mask_nospec.
 */
static inline uint64_t arch_index_mask_nospec(uint64_t idx, uint64_t size)
{
	uint64_t mask;

	__asm__ volatile("cmp %[idx], %[size]\n\t"
			 "sbc %[m], xzr, xzr\n\t"
			 "hint #20"             /* CSDB */
			 : [m] "=r"(mask) : [idx] "r"(idx), [size] "r"(size) : "cc");
	return mask;
}

/*
 * This CPU's number (kernel/base/percpu.h), kept in TPIDR_EL1, the EL1
 * software thread ID register (Arm ARM, TPIDR_EL1: no architectural
 * meaning, not reachable from EL0). entry.S sets it to 0 on the boot CPU
 * before kmain, secondary.S to the CPU's index before its first C.
 * Volatile: a thread may move to another CPU between two reads.
 */
static inline unsigned arch_cpu_id(void)
{
	uint64_t id;
	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(id));
	return (unsigned)id;
}

#endif
