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
	ventry 4
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
