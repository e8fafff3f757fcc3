/*
 * asm/sigcontext.h (x86-64) - the frame a signal handler runs on.
 *
 * User programs include it as <asm/sigcontext.h> (the Makefile's UCFLAGS),
 * the kernel as "uapi/asm/sigcontext.h" (arch/signal.h). Only fixed-width
 * types, which the includer provides (<stdint.h> through ulib.h, or the
 * kernel's base/types.h).
 *
 * When a handler starts, rsp points at `restorer` (its return address, the
 * library's sigreturn trampoline), and rsp + 8 is 16-byte aligned, as after
 * a CALL (System V AMD64 psABI 3.2.2). The frame lies below the interrupted
 * rsp and its 128-byte red zone (psABI 3.2.2). rdi = the signal number,
 * rsi = the frame's address. The trampoline's sigreturn finds the frame at
 * rsp - 8 (the handler's RET popped `restorer`), as Linux's rt_sigreturn
 * does with its pretcode (arch/x86/kernel/signal.c).
 *
 * The kernel reads the frame back at sigreturn and trusts none of it: cs
 * and ss are ignored (always the user selectors), rflags keeps only the
 * arithmetic flags and DF, a rip outside user space kills the process,
 * MXCSR loses its reserved bits (docs/syscalls.md, "Signals").
 */
#ifndef UAPI_ASM_SIGCONTEXT_H
#define UAPI_ASM_SIGCONTEXT_H

/* The FXSAVE image (Intel SDM Vol.1 10.5.1, Table 10-2): x87, XMM0-15, MXCSR. */
struct sig_fxsave {
	uint16_t fcw, fsw;
	uint8_t  ftw, reserved0;
	uint16_t fop;
	uint64_t fip, fdp;
	uint32_t mxcsr;
	uint32_t mxcsr_mask;     /* ignored at sigreturn */
	uint8_t  st[8][16];
	uint8_t  xmm[16][16];
	uint8_t  reserved1[96];
};

struct sigframe {
	uint64_t restorer;       /* the handler's return address */
	uint32_t sig;
	uint32_t pad;
	uint64_t blocked;        /* the blocked mask restored by sigreturn */
	/* the interrupted registers, in the order of the kernel's trapframe */
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t rip, cs, rflags, rsp, ss;
	struct sig_fxsave fx;    /* 16-byte aligned in user memory: rsp + 184 */
};

#define SIGFRAME_FX_OFFSET 184

#endif
