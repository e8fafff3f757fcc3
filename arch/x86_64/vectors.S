/*
 * vectors.S - the 256 interrupt/exception entry stubs and their common path.
 *
 * The CPU pushes an error code only for vectors 8, 10-14, 17, 21, 29, 30
 * (Intel SDM Vol.3 6.13 and Table 6-1). Each stub makes the frame uniform
 * (pushes a zero error code where the CPU did not), pushes its vector
 * number and jumps to trap_common, which saves all 15 general-purpose
 * registers in the order of struct trapframe (asm/trapframe.h) and calls
 * trap_dispatch(tf) in trap.c. The frame is then restored -- as possibly
 * edited by C (rip, rsp, registers) -- and IRETQ returns to it.
 *
 * CLAC comes first: an interrupt or fault taken inside a uaccess window
 * (STAC..CLAC) must not run its handler with RFLAGS.AC=1, which would let
 * the handler touch user pages despite SMAP (Intel SDM Vol.3 4.6.1). The
 * CPU saved the interrupted RFLAGS, so IRETQ gives the window its AC back.
 * On a CPU without SMAP, smap.c turns this CLAC into a NOP at boot.
 *
 * SWAPGS: while a user program runs, the GS base is the user's and the
 * kernel's per-CPU pointer waits in IA32_KERNEL_GS_BASE (SDM Vol.2B
 * SWAPGS). Every entry from user mode swaps it in and every exit to user
 * mode swaps it back; "from/to user mode" is read from the saved CS, so
 * entries from the kernel (where GS is already the kernel's) never swap.
 * A trap that returns to user mode first runs user_return_work() (trap.c).
 */
#include "arch/x86_64/regs.inc"

	.altmacro

	.macro vector n
	.balign 16
vector\n:
	.if !((\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30))
	pushq $0                        /* no CPU error code: keep the layout */
	.endif
	pushq $\n
	jmp trap_common
	.endm

	.text
	.globl trap_common, trap_entry_clac
trap_common:
trap_entry_clac:
	clac
	testb $3, 24(%rsp)              /* saved CS (above vector, error, rip) */
	jz 1f
	swapgs                          /* from user mode: kernel GS base */
1:	SAVE_GPRS
	cld                             /* C code assumes DF=0 */
	/* The CPU aligned rsp to 16 before pushing its frame (SDM Vol.3
	 * 6.14.2) and we pushed 17 more qwords after its 5: 22 * 8 = 176,
	 * still 16-byte aligned, as the call below requires. */
	movq %rsp, %rdi
	call trap_dispatch
	RESTORE_GPRS
	addq $16, %rsp                  /* vector number and error code */
	/* The frame's CS decides, as possibly edited by C (arch_tf_call_on_return
	 * may turn a user frame into a kernel one). Interrupts are masked from
	 * here to IRETQ, so nothing runs in the kernel on the user's GS. */
	testb $3, 8(%rsp)
	jz 2f
	swapgs
2:	iretq

	.set i, 0
	.rept 256
	vector %i
	.set i, i + 1
	.endr

	/* Stub addresses, read by idt_init() in idt.c. */
	.macro stub_addr n
	.quad vector\n
	.endm

	.section .rodata
	.balign 8
	.globl trap_vectors
trap_vectors:
	.set i, 0
	.rept 256
	stub_addr %i
	.set i, i + 1
	.endr

	/*
	 * arch_tf_call_on_return() (frame.c) points the trap return here with
	 * r10 = the interrupted rip and r11 = the function: pushing r10 makes
	 * the function see it as its return address, exactly as after CALL.
	 * Done after IRETQ, so the push cannot land on the live trap frame.
	 */
	.text
	.globl trap_call_trampoline
trap_call_trampoline:
	pushq %r10
	jmp *%r11

	.section .note.GNU-stack, "", @progbits
