/*
 * trampoline.S - where a CPU woken by INIT-SIPI-SIPI starts: real mode,
 * at CS:IP = VV00:0000 for SIPI vector VV, i.e. physical VV000 (Intel SDM
 * Vol.3 8.4.4.1 and 8.4.4.2). smp.c copies these bytes to a page below
 * 1 MiB and patches the addresses marked "patched" (the page is known
 * only then); we go to protected mode, then straight to long mode (SDM
 * Vol.3 10.9.1 and 10.8.5: PAE, CR3, EFER.LME, CR0.PG), and jump to the
 * kernel's x86_ap_entry64 (entry.S).
 *
 * Assembled in .rodata: it is only data to copy, never run in place.
 * Every address below is an offset from tr_start, i.e. from the page.
 */
#define MSR_EFER  0xc0000080
#define EFER_LME  (1 << 8)
#define EFER_NXE  (1 << 11)             /* the kernel's tables set bit 63 (NX) */
#define CR4_PAE   (1 << 5)
#define CR0_PE    (1 << 0)
#define CR0_PG    (1 << 31)
#define OFF(x)    ((x) - tr_start)

	.section .rodata
	.globl tr_start, tr_end, tr_gdtr, tr_far32, tr_far64, tr_pm32, tr_lm64, tr_gdt, tr_args
	.balign 16
	.code16
tr_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movzwl %ax, %ebx
	shll $4, %ebx                   /* ebx = the page's physical address */
	lgdtl OFF(tr_gdtr)              /* DS-relative */
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl *OFF(tr_far32)            /* to tr_pm32 with CS = 0x08 */

	.code32
tr_pm32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl OFF(tr_args)(%ebx), %eax   /* args.tramp_cr3: below 4 GiB */
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax               /* paging on: long mode active (LMA) */
	movl %eax, %cr0
	ljmpl *OFF(tr_far64)(%ebx)      /* to tr_lm64 with CS = 0x18 (L=1) */

	.code64
tr_lm64:
	movl %ebx, %ebx                 /* zero the upper half */
	movq OFF(tr_args) + 8(%rbx), %rdi    /* cpu */
	movq OFF(tr_args) + 16(%rbx), %rsi   /* kernel_cr3 */
	movq OFF(tr_args) + 24(%rbx), %rdx   /* stack top */
	movq OFF(tr_args) + 32(%rbx), %rcx   /* &x86_percpu[cpu] */
	jmpq *OFF(tr_args) + 40(%rbx)        /* x86_ap_entry64, in the kernel half */

	.balign 8
tr_gdt:                                 /* SDM Vol.3 3.4.5: flat 4 GiB segments */
	.quad 0
	.quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff        /* 0x10: data */
	.quad 0x00af9a000000ffff        /* 0x18: 64-bit code (L=1) */
tr_gdtr:
	.word 4 * 8 - 1
	.long 0                         /* patched: page + OFF(tr_gdt) */
tr_far32:
	.long 0                         /* patched: page + OFF(tr_pm32) */
	.word 0x08
tr_far64:
	.long 0                         /* patched: page + OFF(tr_lm64) */
	.word 0x18
	.balign 8
tr_args:                                /* struct tramp_args in smp.c */
	.skip 48
tr_end:

	.section .note.GNU-stack, "", @progbits
