/*
 * arch/aarch64/vectors.S - the exception vector table at VBAR_EL1.
 *
 * Arm ARM D1.10 ("Exception vectors"): 16 entries of 0x80 bytes, 2 KiB aligned, in four groups
 * by where the exception came from:
 *   0x000  current EL with SP_EL0   (we never run EL1 on SP_EL0: unexpected)
 *   0x200  current EL with SP_ELx   (the kernel)
 *   0x400  lower EL, AArch64        (user mode: SVC, aborts, IRQs; el0.c)
 *   0x600  lower EL, AArch32        (never)
 * and in each group: +0x00 synchronous, +0x80 IRQ, +0x100 FIQ, +0x180 SError.
 *
 * Every entry saves the same struct trapframe (asm/trapframe.h) on the
 * SP_EL1 stack, notes its index in tf->vector and calls aarch64_trap(tf);
 * trap.c decides what the index means. Returning restores the frame, which
 * C may have edited (pc, x30), and ERETs.
 */
#include <asm/trapframe.h>
#include "arch/kstack.h"
#include "base/percpu.h"

/* tf->vector of an exception whose SP was found in a stack guard (below). */
#define VEC_EL1_STACK_OVERFLOW 16

	.macro	ventry index
	.balign	0x80
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X(0)]
	mov	x0, #\index
	b	trap_common
	.endm

	.text
	.balign	2048                   // VBAR_EL1[10:0] are RES0
	.global	vectors
vectors:
	ventry 0
	ventry 1
	ventry 2
	ventry 3

	/*
	 * Entry 4, a synchronous exception in the kernel, also checks the stack.
	 * An exception taken in EL1 stays on the same stack (SP_EL1, Arm ARM
	 * D1.6): if the kernel overflowed its stack into the guard below it
	 * (arch/kstack.h), the first store here faults again, and again, each
	 * time one frame lower, until SP has walked through the guard into
	 * whatever is mapped below. So before any store: is SP, less the frame,
	 * still on a stack? Every EL1 stack is KSTACK_SIZE bytes aligned to
	 * twice that, so bit KSTACK_SHIFT of a good SP is 0 and of an SP in the
	 * guard is 1. Testing it needs a register, and all of them hold the
	 * interrupted code's values: the sum trick below (Linux's, from
	 * arch/arm64/kernel/entry.S) keeps x0 and SP both recoverable while x0
	 * holds SP. Every other exception that meets the guard ends up here:
	 * an IRQ taken near the bottom faults on its first store.
	 */
	.balign	0x80
	sub	sp, sp, #TF_SIZE
	add	sp, sp, x0                  // sp = sp0 + x0
	sub	x0, sp, x0                  // x0 = sp0 (SP less the frame)
	tbnz	x0, #KSTACK_SHIFT, el1_stack_overflow
	sub	x0, sp, x0                  // x0 = x0 again
	sub	sp, sp, x0                  // sp = sp0
	stp	x0, x1, [sp, #TF_X(0)]
	mov	x0, #4
	b	trap_common

	ventry 5
	ventry 6
	ventry 7
	ventry 8
	ventry 9
	ventry 10
	ventry 11
	ventry 12
	ventry 13
	ventry 14
	ventry 15

/*
 * The stack overflowed: x0 = SP less a frame (in the guard), SP = that
 * plus the interrupted x0. Each CPU has its own overflow stack, top =
 * el1_overflow_stacks + KSTACK_SIZE + cpu * KSTACK_SLOT, and forming that
 * address with x0 and SP the only free registers takes two parking
 * places: SP_EL0 gets the bad SP for the report (in EL1 it is only a
 * value trap_common saves into tf->sp_el0; this frame is never returned
 * to, and a return to EL0 loads the user's SP from the thread's own
 * frame), and TPIDR_EL1 lends itself to the interrupted x0 for five
 * instructions, the CPU number being in SP meanwhile (as cpu * SLOT); it
 * is put back, from the stack's address, once x0 and x1 are saved. Then the
 * frame is saved as usual, with tf->vector = 16; aarch64_trap() reports
 * the overflow (trap.c) and never returns here.
 */
#define SLOT_SHIFT (KSTACK_SHIFT + 1)      /* KSTACK_SLOT = 1 << SLOT_SHIFT */
el1_stack_overflow:
	msr	sp_el0, x0                  // the bad SP less the frame, for the report
	sub	x0, sp, x0                  // x0 = x0 of the interrupted code
	mov	sp, x0                      // sp = x0
	mrs	x0, tpidr_el1               // this CPU's number (asm/cpu.h) ...
	lsl	x0, x0, #SLOT_SHIFT         // ... times KSTACK_SLOT
	add	sp, sp, x0                  // sp = x0 + cpu * SLOT
	sub	x0, sp, x0                  // x0 = x0 again
	msr	tpidr_el1, x0               // lent: the interrupted x0
	sub	sp, sp, x0                  // sp = cpu * SLOT
	adrp	x0, el1_overflow_stacks + KSTACK_SIZE
	add	x0, x0, :lo12:el1_overflow_stacks + KSTACK_SIZE
	add	sp, sp, x0                  // sp = top of this CPU's overflow stack
	mrs	x0, tpidr_el1               // x0 = x0 again
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X(0)]
	add	x0, sp, #TF_SIZE            // TPIDR_EL1 = (top - stack 0's top) / SLOT
	adrp	x1, el1_overflow_stacks + KSTACK_SIZE
	add	x1, x1, :lo12:el1_overflow_stacks + KSTACK_SIZE
	sub	x0, x0, x1
	lsr	x0, x0, #SLOT_SHIFT
	msr	tpidr_el1, x0
	mov	x0, #VEC_EL1_STACK_OVERFLOW
	b	trap_common

trap_common:                          // x0 = vector index, x0/x1 already saved
	stp	x2, x3, [sp, #TF_X(2)]
	stp	x4, x5, [sp, #TF_X(4)]
	stp	x6, x7, [sp, #TF_X(6)]
	stp	x8, x9, [sp, #TF_X(8)]
	stp	x10, x11, [sp, #TF_X(10)]
	stp	x12, x13, [sp, #TF_X(12)]
	stp	x14, x15, [sp, #TF_X(14)]
	stp	x16, x17, [sp, #TF_X(16)]
	stp	x18, x19, [sp, #TF_X(18)]
	stp	x20, x21, [sp, #TF_X(20)]
	stp	x22, x23, [sp, #TF_X(22)]
	stp	x24, x25, [sp, #TF_X(24)]
	stp	x26, x27, [sp, #TF_X(26)]
	stp	x28, x29, [sp, #TF_X(28)]
	add	x1, sp, #TF_SIZE            // SP_EL1 as it was before the exception
	stp	x30, x1, [sp, #TF_X(30)]    // x30 and tf->sp are adjacent
	mrs	x1, sp_el0
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	mrs	x4, esr_el1
	mrs	x5, far_el1
	stp	x1, x2, [sp, #TF_SP_EL0]
	stp	x3, x4, [sp, #TF_SPSR]
	stp	x5, x0, [sp, #TF_FAR]       // far, vector

	mov	x0, sp
	bl	aarch64_trap
	// fall through: trap_return

/*
 * Restore the frame at SP and ERET. Also the way into user mode for the
 * first time (arch_return_to_user, below). Popping the frame leaves
 * SP_EL1 = tf + TF_SIZE: for a frame from EL0 that is the top of the
 * thread's kernel stack, exactly where the next entry from EL0 must put
 * its frame (kernel/thread.h: utf sits at the top of the stack).
 * Interrupts are masked here (exception entry masked them, or the caller).
 */
trap_return:
	// Restore what C may have changed: return address, PSTATE, user SP.
	ldp	x1, x2, [sp, #TF_SP_EL0]
	ldr	x3, [sp, #TF_SPSR]
	msr	sp_el0, x1
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp, #TF_X(0)]
	ldp	x2, x3, [sp, #TF_X(2)]
	ldp	x4, x5, [sp, #TF_X(4)]
	ldp	x6, x7, [sp, #TF_X(6)]
	ldp	x8, x9, [sp, #TF_X(8)]
	ldp	x10, x11, [sp, #TF_X(10)]
	ldp	x12, x13, [sp, #TF_X(12)]
	ldp	x14, x15, [sp, #TF_X(14)]
	ldp	x16, x17, [sp, #TF_X(16)]
	ldp	x18, x19, [sp, #TF_X(18)]
	ldp	x20, x21, [sp, #TF_X(20)]
	ldp	x22, x23, [sp, #TF_X(22)]
	ldp	x24, x25, [sp, #TF_X(24)]
	ldp	x26, x27, [sp, #TF_X(26)]
	ldp	x28, x29, [sp, #TF_X(28)]
	ldr	x30, [sp, #TF_X(30)]
	add	sp, sp, #TF_SIZE
	eret                                // PC = ELR_EL1, PSTATE = SPSR_EL1

/*
 * void user_eret(struct trapframe *tf): leave for EL0 with the registers
 * in tf. Called by arch_return_to_user (el0.c) with interrupts masked,
 * after it checked tf->spsr, so SP can be moved onto the frame safely.
 */
	.global	user_eret
user_eret:
	mov	sp, x0
	b	trap_return

/*
 * Where an overflow is reported, one stack per CPU: each KSTACK_SIZE
 * bytes at the bottom of a KSTACK_SLOT aligned to KSTACK_SLOT, like every
 * EL1 stack (arch/kstack.h), so that a fault while reporting passes the
 * check of entry 4 above. (The upper half of each slot is unused.)
 */
	.section .bss
	.balign	KSTACK_SLOT
el1_overflow_stacks:
	.space	KSTACK_SLOT * MAX_CPUS
