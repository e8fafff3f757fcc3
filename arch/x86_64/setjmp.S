/*
 * setjmp.S - arch_setjmp / arch_longjmp for struct jmp_buf (asm/setjmp.h).
 *
 * Only the callee-saved registers of the SysV x86-64 ABI (rbx, rbp,
 * r12-r15), rsp and the return address need saving: everything else is
 * dead across a call anyway.
 */
	.text
	/* int arch_setjmp(struct jmp_buf *jb [rdi]) */
	.globl arch_setjmp
	.type arch_setjmp, @function
arch_setjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rax              /* rsp as the caller sees it after we return */
	movq %rax, 48(%rdi)
	movq (%rsp), %rax               /* our return address */
	movq %rax, 56(%rdi)
	xorl %eax, %eax
	ret
	.size arch_setjmp, . - arch_setjmp

	/* void arch_longjmp(struct jmp_buf *jb [rdi], int val [esi]) */
	.globl arch_longjmp
	.type arch_longjmp, @function
arch_longjmp:
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	movl %esi, %eax
	testl %eax, %eax                /* setjmp must not appear to return 0 twice */
	jnz 1f
	movl $1, %eax
1:	jmp *56(%rdi)
	.size arch_longjmp, . - arch_longjmp

	.section .note.GNU-stack, "", @progbits
