/*
 * arch/aarch64/entry.S - kernel entry point.
 *
 * The loader jumps here at KERNEL_VMA on its hand-over page tables with
 * x0 = physical address of struct boot_info and interrupts masked. We only
 * need a stack we own, and TPIDR_EL1 = 0 (this is CPU 0), before C can run.
 */
#include "arch/kstack.h"

	.section .text.entry, "ax"
	.global _start
_start:
	msr	daifset, #0xf          // mask D, A, I, F until the vectors exist
	mrs	x9, CurrentEL          // CurrentEL[3:2] = EL (Arm ARM, CurrentEL)
	cmp	x9, #(1 << 2)
	b.ne	hang                   // the hand-over contract is EL1 only
	msr	spsel, #1              // use SP_EL1, the stack exceptions use too
	msr	tpidr_el1, xzr         // arch_cpu_id() = 0 (asm/cpu.h): UEFI may leave anything
	adrp	x9, boot_stack_top     // PC-relative: we run at the link address
	add	x9, x9, :lo12:boot_stack_top
	mov	sp, x9
	mov	x29, #0                // end of the frame-pointer chain for backtraces
	mov	x30, #0
	bl	kmain                  // x0 still holds the boot_info address
hang:
	wfi
	b	hang

	// KSTACK_SIZE at twice its alignment, as vectors.S expects of every
	// stack the kernel runs on (arch/kstack.h).
	.section .bss
	.balign KSTACK_SLOT
boot_stack:
	.space	KSTACK_SIZE
boot_stack_top:
