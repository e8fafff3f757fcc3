/*
 * arch/aarch64/insn.S - instructions that trap on purpose, as real functions
 * so a test knows exactly where the exception happens and where to resume.
 */
	.text
	.global arch_breakpoint
	.type arch_breakpoint, %function
arch_breakpoint:
	brk	#0             // EC 0x3C; ELR = this instruction, resume at ELR + 4
	ret
	.size arch_breakpoint, . - arch_breakpoint

	.global arch_undefined_insn
	.type arch_undefined_insn, %function
arch_undefined_insn:
	udf	#0             // permanently undefined: EC 0x00 (Arm ARM C6.2, "UDF")
	ret
	.size arch_undefined_insn, . - arch_undefined_insn

	// arch_fastfail(code): Windows' __fastfail on ARM64 is "brk #0xf003"
	// with the FAST_FAIL_ code in x0; trap.c decodes it as FAULT_FASTFAIL.
	// The function never returns: if a handler resumes after the BRK, it
	// fails again.
	.global arch_fastfail
	.type arch_fastfail, %function
arch_fastfail:
	mov	w0, w0         // unsigned argument: zero the upper half of x0 (AAPCS64)
1:	brk	#0xf003
	b	1b
	.size arch_fastfail, . - arch_fastfail
