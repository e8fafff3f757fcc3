/*
 * callback.S (x86-64) - where a user-mode callback returns to.
 *
 * The kernel puts this address in the callback's return-address slot (the
 * frame's first word, <asm/sigcontext.h>) when a driver asks user mode to
 * run the function registered with callback_register. The function's RET
 * comes here with its result in rax (psABI 3.2.3); callback_return (47,
 * kernel/uapi/syscall_table.h) takes it in rdi and resumes the system call
 * that asked, so it does not come back here -- unless no callback is
 * pending (a forked child, a stray jump), and then ud2 ends the program.
 */
	.text
	.globl __callback_trampoline
	.type __callback_trampoline, @function
__callback_trampoline:
	movq %rax, %rdi
	movl $47, %eax
	syscall
	ud2
	.size __callback_trampoline, . - __callback_trampoline

	.section .note.GNU-stack, "", @progbits
