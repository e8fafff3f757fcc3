/*
 * arch/aarch64/context.S - switching kernel threads.
 *
 * arch_context_switch(save, load) is called like any function, so only
 * the callee-saved registers x19-x29, the return address x30 and SP need
 * to survive (AAPCS64 6.1.1); asm/context.h has the layout. It "returns"
 * on the other thread's stack to where that thread called it -- or, the
 * first time, to context_trampoline (arch_context_init in thread.c).
 */
#include <asm/context.h>

	.text
	.global	arch_context_switch
arch_context_switch:                     // x0 = save, x1 = load
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
