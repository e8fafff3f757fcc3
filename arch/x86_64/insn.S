/*
 * insn.S - arch_breakpoint() and arch_undefined_insn(): one trapping
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

	.section .note.GNU-stack, "", @progbits
