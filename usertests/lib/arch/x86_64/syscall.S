/*
 * syscall.S - long __syscall(long nr, long a0, ..., long a5) for x86-64.
 *
 * C passes nr, a0..a4 in rdi rsi rdx rcx r8 r9 and a5 on the stack; the
 * kernel wants the number in rax and the arguments in rdi rsi rdx r10 r8
 * r9 (kernel/uapi/syscalls.h; rcx cannot carry one: SYSCALL overwrites it
 * with the return rip, and r11 with rflags). The raw result (-errno on
 * failure) comes back in rax; the C library sets errno.
 */
	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9               /* a5: the 7th argument, above the return address */
	syscall
	ret
	.size __syscall, . - __syscall

	.section .note.GNU-stack, "", @progbits
