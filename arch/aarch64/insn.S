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
