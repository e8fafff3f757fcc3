/*
 * entry.S - kernel entry points on x86-64: the boot CPU's from the loader,
 * and the other CPUs' from the real-mode trampoline (trampoline.S).
 *
 * The loader jumps to _start at KERNEL_VMA on its hand-over page tables,
 * with the physical address of struct boot_info in rdi and interrupts
 * masked (boot/boot_info.h). We need a stack we own and the GS base on
 * CPU 0's per-CPU area (arch_cpu_id() reads through it, and spinlocks and
 * printk may ask from kmain's first line), then C.
 */
#define MSR_GS_BASE 0xc0000101          /* asm/x86.h */

	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	cli
	cld                             /* the SysV ABI requires DF=0 at calls */
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp                 /* rbp=0 ends frame-pointer backtraces */
	movq %rdi, %rbx                 /* boot_info_pa, across WRMSR */
	leaq x86_percpu(%rip), %rax     /* &x86_percpu[0]: its cpu field is 0 (bss) */
	movq %rax, %rdx
	shrq $32, %rdx
	movl $MSR_GS_BASE, %ecx
	wrmsr                           /* GS base = edx:eax (SDM Vol.2B WRMSR) */
	movq %rbx, %rdi                 /* kmain's first argument */
	/* rsp is 16-byte aligned before the call, as the ABI wants (SysV
	 * x86-64 ABI 3.2.2). */
	call kmain
1:	cli
	hlt
	jmp 1b
	.size _start, . - _start

	/*
	 * The other CPUs, from trampoline.S in 64-bit mode on its temporary
	 * page tables, interrupts masked: rdi = cpu number, rsi = kernel
	 * page-table root (physical), rdx = stack top, rcx = &x86_percpu[cpu].
	 * This code is in the kernel image, mapped by both roots, so the CR3
	 * switch does not pull the page from under us. Then x86_ap_main(cpu)
	 * (smp.c), which never returns.
	 */
	.text
	.globl x86_ap_entry64
	.type x86_ap_entry64, @function
x86_ap_entry64:
	movq %rsi, %cr3
	movq %rdx, %rsp
	andq $-16, %rsp                 /* aligned before the call (ABI 3.2.2) */
	xorl %ebp, %ebp
	movq %rdi, %rbx
	movq %rcx, %rax
	movq %rcx, %rdx
	shrq $32, %rdx
	movl $MSR_GS_BASE, %ecx
	wrmsr
	movq %rbx, %rdi
	call x86_ap_main
1:	cli
	hlt
	jmp 1b
	.size x86_ap_entry64, . - x86_ap_entry64

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
