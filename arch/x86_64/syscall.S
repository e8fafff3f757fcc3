/*
 * syscall.S - the SYSCALL entry point and the two ways back to user mode.
 *
 * SYSCALL (Intel SDM Vol.2B SYSCALL, Vol.3 5.8.8) does almost nothing for
 * us: rip -> rcx, rflags -> r11, rflags &= ~IA32_FMASK, CS/SS from
 * IA32_STAR, and jumps to IA32_LSTAR. It does NOT switch stacks: rsp is
 * still the user's, and must not be trusted or used. FMASK has cleared IF
 * (so no interrupt can arrive before we are on a kernel stack), DF and AC
 * (so SMAP is in force), TF and NT (syscall.c).
 *
 * The kernel stack comes from the per-CPU area (struct x86_percpu in
 * x86_64.h), reached through GS after SWAPGS. We build the same struct
 * trapframe an interrupt from user mode would (asm/trapframe.h), at the
 * same place (the top of the thread's kernel stack), and call
 * x86_syscall(tf) in syscall.c, which never returns: it leaves through
 * arch_return_to_user(), i.e. one of the two exits below.
 */
#include "arch/x86_64/regs.inc"

#define PERCPU_KSTACK   0       /* struct x86_percpu, checked in syscall.c */
#define PERCPU_USER_RSP 8
#define SEL_UCODE       (0x20 | 3)
#define SEL_UDATA       (0x18 | 3)
#define VEC_SYSCALL     0x100   /* tf->vector of a syscall frame: not an IDT vector */

	.text
	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	swapgs                          /* GS base: the user's -> the kernel's */
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KSTACK, %rsp
	pushq $SEL_UDATA                /* ss: as an interrupt would have saved them */
	pushq %gs:PERCPU_USER_RSP       /* rsp */
	pushq %r11                      /* rflags */
	pushq $SEL_UCODE                /* cs */
	pushq %rcx                      /* rip: the instruction after SYSCALL */
	pushq $0                        /* error */
	pushq $VEC_SYSCALL              /* vector */
	SAVE_GPRS
	xorl %ebp, %ebp                 /* the user's rbp is no kernel frame */
	movq %rsp, %rdi
	call x86_syscall                /* enables interrupts itself; never returns */
	ud2
	.size syscall_entry, . - syscall_entry

	/*
	 * void x86_iret_to_user(struct trapframe *tf): restore everything and
	 * IRETQ. Works for any frame; the caller masked interrupts and made
	 * sure rip is canonical (otherwise IRETQ faults in ring 0, SDM IRET).
	 * Like trap_common, SWAPGS only if the frame really goes to user mode:
	 * a fault hook may have redirected it into the kernel (frame.c).
	 */
	.globl x86_iret_to_user
	.type x86_iret_to_user, @function
x86_iret_to_user:
	movq %rdi, %rsp
	RESTORE_GPRS
	addq $16, %rsp                  /* vector, error */
	testb $3, 8(%rsp)               /* saved CS */
	jz 1f
	swapgs                          /* GS base: the kernel's -> the user's */
1:	iretq
	.size x86_iret_to_user, . - x86_iret_to_user

	/*
	 * void x86_sysret_to_user(struct trapframe *tf): the fast way, only
	 * for frames x86_sysret_safe() accepted: rcx == rip, r11 == rflags
	 * (SYSRET takes them from there), rip below USER_VA_LIMIT. That last
	 * check is what keeps SYSRET's own #GP on a non-canonical rcx, taken
	 * in ring 0 but AFTER we load the user's rsp below, from ever
	 * happening: it would run the #GP handler on a user-chosen stack
	 * (SDM Vol.2B SYSRET, "#GP(0) If the return is to 64-bit mode and RCX
	 * is not canonical"). Interrupts are masked by the caller, and NMI and
	 * #DF have their own IST stacks, so nothing else can run on that rsp.
	 */
	.globl x86_sysret_to_user
	.type x86_sysret_to_user, @function
x86_sysret_to_user:
	movq %rdi, %rsp
	RESTORE_GPRS                    /* rcx = rip, r11 = rflags */
	movq TF_RSP - TF_VECTOR(%rsp), %rsp
	swapgs
	sysretq
	.size x86_sysret_to_user, . - x86_sysret_to_user

	.section .note.GNU-stack, "", @progbits
