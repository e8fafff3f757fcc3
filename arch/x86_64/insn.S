/*
 * insn.S - arch_breakpoint(), arch_undefined_insn(), arch_fastfail(): one trapping
 * instruction each, out of line so self-tests know exactly where the trap
 * happens and where execution resumes. Each sets up a frame so a
 * backtrace from the trap shows its caller.
 */
	.text
	.globl arch_breakpoint
	.type arch_breakpoint, @function
arch_breakpoint:
	pushq %rbp
	movq %rsp, %rbp
	int3                            /* 0xCC, #BP, a trap: rip = next insn */
	popq %rbp
	ret
	.size arch_breakpoint, . - arch_breakpoint

	.globl arch_undefined_insn
	.type arch_undefined_insn, @function
arch_undefined_insn:
	pushq %rbp
	movq %rsp, %rbp
	ud2                             /* #UD, a fault: rip = the ud2 itself */
	popq %rbp
	ret
	.size arch_undefined_insn, . - arch_undefined_insn

	/*
	 * arch_fastfail(code): Windows' __fastfail. INT 0x29 with the code in
	 * ecx; trap.c decodes it as FAULT_FASTFAIL. It never returns: if the
	 * handler resumes after the INT, ud2 stops the kernel there.
	 */
	.globl arch_fastfail
	.type arch_fastfail, @function
arch_fastfail:
	pushq %rbp
	movq %rsp, %rbp
	movl %edi, %ecx
	int $0x29                       /* a trap: rip = next insn */
	ud2
	.size arch_fastfail, . - arch_fastfail

	.section .note.GNU-stack, "", @progbits
