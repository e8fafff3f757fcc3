/*
 * switch.S - the register half of arch_context_switch() (context.c, which
 * switches the FP/SSE registers and segment bases first) and the first-run
 * trampoline of a thread.
 *
 * Only callee-saved registers, rsp and the return address are saved
 * (asm/context.h). A new thread's context (context.c) "resumes" at
 * context_trampoline with the entry function in r12 and rbp = 0.
 */
	.text
	/* void x86_switch_regs(struct context *save [rdi], struct context *load [rsi]) */
	.globl x86_switch_regs
	.type x86_switch_regs, @function
x86_switch_regs:
	movq (%rsp), %rax               /* where we return to when switched back */
	leaq 8(%rsp), %rdx              /* and rsp as the caller sees it then */
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	movq %rdx, 48(%rdi)
	movq %rax, 56(%rdi)

	movq 0(%rsi), %rbx
	movq 8(%rsi), %rbp
	movq 16(%rsi), %r12
	movq 24(%rsi), %r13
	movq 32(%rsi), %r14
	movq 40(%rsi), %r15
	movq 48(%rsi), %rsp
	jmp *56(%rsi)                   /* as if that thread's call returned */
	.size x86_switch_regs, . - x86_switch_regs

	/*
	 * First run of a thread. The scheduler switched here with interrupts
	 * masked (arch_irq_save in schedule()), and this thread has no
	 * matching arch_irq_restore to run, so enable them as promised by
	 * arch/arch.h. rsp is 16-byte aligned; the CALL leaves rsp % 16 == 8
	 * at entry, as the ABI wants. rbp = 0 ends backtraces here.
	 */
	.globl context_trampoline
	.type context_trampoline, @function
context_trampoline:
	sti
	call *%r12
	ud2                             /* entry functions never return */
	.size context_trampoline, . - context_trampoline

	.section .note.GNU-stack, "", @progbits
