/*
 * entry.S - kernel entry point on x86-64.
 *
 * The loader jumps here at KERNEL_VMA on its hand-over page tables, with
 * the physical address of struct boot_info in rdi and interrupts masked
 * (boot/boot_info.h). We only need a stack we own, then C.
 */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	cli
	cld                             /* the SysV ABI requires DF=0 at calls */
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp                 /* rbp=0 ends frame-pointer backtraces */
	/* rdi still holds boot_info_pa: kmain's first argument. rsp is 16-byte
	 * aligned before the call, as the ABI wants (SysV x86-64 ABI 3.2.2). */
	call kmain
1:	cli
	hlt
	jmp 1b
	.size _start, . - _start

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
