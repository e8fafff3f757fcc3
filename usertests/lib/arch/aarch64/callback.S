/*
 * callback.S (ARM64) - where a user-mode callback returns to.
 *
 * The kernel sets x30 to this address when a driver asks user mode to run
 * the function registered with callback_register. The function's RET comes
 * here with its result in x0 (AAPCS64 6.8.2), already callback_return's
 * argument; 47 is SYS_callback_return (kernel/uapi/syscall_table.h). It
 * resumes the system call that asked and does not come back here -- unless
 * no callback is pending (a forked child, a stray jump): then udf ends the
 * program.
 */
	.text
	.global	__callback_trampoline
__callback_trampoline:
	mov	x8, #47
	svc	#0
	udf	#0
