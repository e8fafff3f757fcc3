/*
 * cpuregs.S - the x86-64 side of usertests/lib/cpuregs.h: XMM0-15, MXCSR
 * (Intel SDM Vol.1 10.2.3) and the segment selectors.
 */
	.text

	/* void vregs_hold(const void *in [rdi], void *out [rsi], unsigned long loops [rdx]) */
	.globl vregs_hold
	.type vregs_hold, @function
vregs_hold:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu \n*16(%rdi), %xmm\n
	.endr
1:	decq %rdx
	jnz 1b
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu %xmm\n, \n*16(%rsi)
	.endr
	ret
	.size vregs_hold, . - vregs_hold

	/* void vregs_dump(void *out [rdi]) */
	.globl vregs_dump
	.type vregs_dump, @function
vregs_dump:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu %xmm\n, \n*16(%rdi)
	.endr
	ret
	.size vregs_dump, . - vregs_dump

	/* long vregs_fork(const void *in [rdi], void *out [rsi], long nr [rdx]):
	 * SYSCALL keeps every register but rax, rcx and r11 */
	.globl vregs_fork
	.type vregs_fork, @function
vregs_fork:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu \n*16(%rdi), %xmm\n
	.endr
	movq %rdx, %rax
	syscall
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu %xmm\n, \n*16(%rsi)
	.endr
	ret
	.size vregs_fork, . - vregs_fork

	.globl fpctl_get
	.type fpctl_get, @function
fpctl_get:
	subq $8, %rsp
	stmxcsr (%rsp)
	movl (%rsp), %eax
	andl $~0x3f, %eax               /* control bits only */
	addq $8, %rsp
	ret
	.size fpctl_get, . - fpctl_get

	.globl fpctl_set
	.type fpctl_set, @function
fpctl_set:
	subq $8, %rsp
	movl %edi, (%rsp)
	ldmxcsr (%rsp)
	addq $8, %rsp
	ret
	.size fpctl_set, . - fpctl_set

	.globl tp_raw_get
	.type tp_raw_get, @function
tp_raw_get:
	xorl %eax, %eax
	xorl %ecx, %ecx
	movw %fs, %ax
	movw %gs, %cx
	shlq $16, %rcx
	orq %rcx, %rax
	ret
	.size tp_raw_get, . - tp_raw_get

	.globl tp_raw_set
	.type tp_raw_set, @function
tp_raw_set:
	movw %di, %fs
	shrq $16, %rdi
	movw %di, %gs
	ret
	.size tp_raw_set, . - tp_raw_set

	.globl tp_ro_get
	.type tp_ro_get, @function
tp_ro_get:
	xorl %eax, %eax
	xorl %ecx, %ecx
	movw %ds, %ax
	movw %es, %cx
	shlq $16, %rcx
	orq %rcx, %rax
	ret
	.size tp_ro_get, . - tp_ro_get

	.section .note.GNU-stack, "", @progbits
