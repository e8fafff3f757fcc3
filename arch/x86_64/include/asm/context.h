/*
 * asm/context.h - what arch_context_switch() saves for a switched-out thread.
 *
 * A thread only ever stops inside arch_context_switch(), which is an
 * ordinary function call: the caller-saved registers are already dead
 * there (System V AMD64 ABI 3.2.1), so the callee-saved ones, the stack
 * pointer and the address to resume at are the kernel's whole state.
 *
 * The user's general registers live in the thread's trapframe. The rest of
 * what a user program can see is kept here (context.c), because the kernel
 * never touches it while the thread is inside: the x87/SSE registers (the
 * kernel is built with -mno-sse), the FS and GS bases (its thread pointer)
 * and the data segment selectors a program may load with MOV.
 */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

#include "base/types.h"

/*
 * The 512-byte image FXSAVE writes and FXRSTOR reads, which must be
 * 16-byte aligned (Intel SDM Vol.1 10.5.1, Table 10-2). It holds the x87
 * registers, MMX, XMM0-15 and MXCSR: every register user code can reach
 * while CR4.OSXSAVE is clear (cpu.c), so nothing else needs XSAVE.
 */
struct fxsave_area {
	uint16_t fcw;            /* x87 control word */
	uint16_t fsw;            /* x87 status word */
	uint8_t  ftw;            /* abridged tag word: 0 = every register empty */
	uint8_t  reserved0;
	uint16_t fop;
	uint64_t fip, fdp;       /* last x87 instruction and operand */
	uint32_t mxcsr;          /* SSE control and status */
	uint32_t mxcsr_mask;     /* written by FXSAVE, ignored by FXRSTOR */
	uint8_t  st[8][16];      /* ST0-ST7 / MM0-MM7 */
	uint8_t  xmm[16][16];    /* XMM0-XMM15 */
	uint8_t  reserved1[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct fxsave_area) == 512, "FXSAVE image is 512 bytes");

struct context {
	uint64_t rbx, rbp, r12, r13, r14, r15;   /* offsets 0..40: switch.S */
	uint64_t rsp;                            /* 48 */
	uint64_t rip;                            /* 56 */

	/* The user state beyond the trapframe (context.c). */
	uint64_t fs_base;        /* MSR_FS_BASE: the thread pointer (tls_set) */
	uint64_t gs_base;        /* the user's GS base (MSR_KERNEL_GS_BASE in the kernel) */
	uint16_t ds, es, fs, gs; /* selectors: user code may load any user one */
	struct fxsave_area fx;
};

#endif
