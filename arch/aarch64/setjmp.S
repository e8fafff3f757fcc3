/*
 * arch/aarch64/setjmp.S - non-local jumps for the kernel's fault recovery.
 * Layout: struct jmp_buf in asm/setjmp.h (x19-x28, x29, x30, sp).
 * Only callee-saved registers need saving: the AAPCS64 (section 6.1.1) lets
 * a call clobber all the others anyway.
 */
	.text
	.global arch_setjmp
	.type arch_setjmp, %function
arch_setjmp:                       // int arch_setjmp(struct jmp_buf *jb)
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	str	x9, [x0, #96]
	mov	w0, #0
	ret
	.size arch_setjmp, . - arch_setjmp

	.global arch_longjmp
	.type arch_longjmp, %function
arch_longjmp:                      // void arch_longjmp(struct jmp_buf *jb, int val)
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x9, [x0, #96]
	mov	sp, x9
	cmp	w1, #0                 // setjmp must never appear to return 0 twice
	csinc	w0, w1, wzr, ne        // w0 = val ? val : 1
	ret                            // "returns" from arch_setjmp again
	.size arch_longjmp, . - arch_longjmp
