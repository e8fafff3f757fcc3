/*
 * arch/aarch64/context.S - switching kernel threads, and saving/loading
 * the FP/SIMD registers (context.c decides when).
 *
 * aarch64_switch_regs(save, load), the last step of arch_context_switch
 * (context.c), is called like any function, so only
 * the callee-saved registers x19-x29, the return address x30 and SP need
 * to survive (AAPCS64 6.1.1); asm/context.h has the layout. It "returns"
 * on the other thread's stack to where that thread called it -- or, the
 * first time, to context_trampoline (arch_context_init in thread.c).
 */
#include <asm/context.h>

	.text
	.global	aarch64_switch_regs
aarch64_switch_regs:                     // x0 = save, x1 = load
	stp	x19, x20, [x0, #CTX_X19 + 0]
	stp	x21, x22, [x0, #CTX_X19 + 16]
	stp	x23, x24, [x0, #CTX_X19 + 32]
	stp	x25, x26, [x0, #CTX_X19 + 48]
	stp	x27, x28, [x0, #CTX_X19 + 64]
	stp	x29, x30, [x0, #CTX_FP]
	mov	x9, sp
	str	x9, [x0, #CTX_SP]

	ldp	x19, x20, [x1, #CTX_X19 + 0]
	ldp	x21, x22, [x1, #CTX_X19 + 16]
	ldp	x23, x24, [x1, #CTX_X19 + 32]
	ldp	x25, x26, [x1, #CTX_X19 + 48]
	ldp	x27, x28, [x1, #CTX_X19 + 64]
	ldp	x29, x30, [x1, #CTX_FP]
	ldr	x9, [x1, #CTX_SP]
	mov	sp, x9
	ret                                  // to x30 of the loaded thread

/*
 * First run of a new thread: arch_context_init left entry in x19 and a
 * zero frame pointer in x29, so a backtrace from entry stops here.
 * Threads start with interrupts enabled (arch/arch.h); the switch that
 * got us here ran with them masked (the scheduler masks them).
 */
	.global	context_trampoline
context_trampoline:
	msr	daifclr, #2                  // PSTATE.I = 0 (Arm ARM, "DAIFClr")
	blr	x19                          // entry(): never returns
1:	wfi
	b	1b

/*
 * void fpsimd_save(struct fpsimd_state *s) / fpsimd_load(const ... *s):
 * V0-V31, FPCR and FPSR (asm/context.h). Assembly because C compiled with
 * -mgeneral-regs-only cannot name these registers. The kernel runs with
 * CPACR_EL1.FPEN = 0b11 (el0.c), so they do not trap at EL1 either.
 */
	.arch_extension fp
	.arch_extension simd

	/* All 32 vector registers from (op = ldp) or to (stp) the state at x0. */
	.macro	vregs op
	\op	q0, q1, [x0, #FPSIMD_V + 32 * 0]
	\op	q2, q3, [x0, #FPSIMD_V + 32 * 1]
	\op	q4, q5, [x0, #FPSIMD_V + 32 * 2]
	\op	q6, q7, [x0, #FPSIMD_V + 32 * 3]
	\op	q8, q9, [x0, #FPSIMD_V + 32 * 4]
	\op	q10, q11, [x0, #FPSIMD_V + 32 * 5]
	\op	q12, q13, [x0, #FPSIMD_V + 32 * 6]
	\op	q14, q15, [x0, #FPSIMD_V + 32 * 7]
	\op	q16, q17, [x0, #FPSIMD_V + 32 * 8]
	\op	q18, q19, [x0, #FPSIMD_V + 32 * 9]
	\op	q20, q21, [x0, #FPSIMD_V + 32 * 10]
	\op	q22, q23, [x0, #FPSIMD_V + 32 * 11]
	\op	q24, q25, [x0, #FPSIMD_V + 32 * 12]
	\op	q26, q27, [x0, #FPSIMD_V + 32 * 13]
	\op	q28, q29, [x0, #FPSIMD_V + 32 * 14]
	\op	q30, q31, [x0, #FPSIMD_V + 32 * 15]
	.endm

	.global	fpsimd_save
fpsimd_save:
	vregs	stp
	mrs	x1, fpcr
	mrs	x2, fpsr
	str	x1, [x0, #FPSIMD_FPCR]           // beyond STP's offset range
	str	x2, [x0, #FPSIMD_FPSR]
	ret

	.global	fpsimd_load
fpsimd_load:
	vregs	ldp
	ldr	x1, [x0, #FPSIMD_FPCR]
	ldr	x2, [x0, #FPSIMD_FPSR]
	msr	fpcr, x1
	msr	fpsr, x2
	ret
