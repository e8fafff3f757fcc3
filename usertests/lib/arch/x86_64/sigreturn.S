/*
 * sigreturn.S (x86-64) - where a signal handler returns to.
 *
 * The kernel puts this address at the handler's return-address slot (the
 * frame's `restorer`, <asm/sigcontext.h>); the handler's RET comes here
 * with rsp 8 bytes above the frame, where sigreturn looks for it. 45 is
 * SYS_sigreturn (kernel/uapi/syscall_table.h); it does not come back here.
 */
	.text
	.globl __sigreturn_trampoline
	.type __sigreturn_trampoline, @function
__sigreturn_trampoline:
	movl $45, %eax
	syscall
	ud2
	.size __sigreturn_trampoline, . - __sigreturn_trampoline

	.section .note.GNU-stack, "", @progbits
