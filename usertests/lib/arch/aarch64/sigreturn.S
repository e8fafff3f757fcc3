/*
 * sigreturn.S (ARM64) - where a signal handler returns to.
 *
 * The kernel sets x30 to this address when it enters a handler; the
 * handler's RET comes here with sp back at the frame (<asm/sigcontext.h>),
 * where sigreturn looks for it. 45 is SYS_sigreturn
 * (kernel/uapi/syscall_table.h); it does not come back here.
 */
	.text
	.global	__sigreturn_trampoline
__sigreturn_trampoline:
	mov	x8, #45
	svc	#0
	udf	#0
