/*
 * asm/context.h - what arch_context_switch (context.c, context.S) saves of
 * a thread that is switched out inside the kernel.
 *
 * The kernel's part is only the callee-saved registers: the switch is an
 * ordinary function call, so x0-x18 are already dead for the caller
 * (AAPCS64 6.1.1, "General-purpose registers").
 *
 * The user's general registers live in the thread's trapframe. The rest of
 * what a user program can see is kept here too, because the kernel never
 * touches it while the thread is inside (-mgeneral-regs-only): the SIMD
 * and floating-point registers V0-V31 with FPCR and FPSR (Arm ARM,
 * "SIMD and floating-point registers"), and the thread pointers TPIDR_EL0
 * (which EL0 may write) and TPIDRRO_EL0 (which it may only read).
 */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

#define CTX_X19   0          /* x19..x28 at CTX_X19 + 8 * (n - 19) */
#define CTX_FP    (10 * 8)   /* x29 */
#define CTX_LR    (11 * 8)   /* x30: where arch_context_switch returns */
#define CTX_SP    (12 * 8)
#define CTX_SIZE  (13 * 8)   /* the part context.S switches */

/* struct fpsimd_state, as fpsimd_save/fpsimd_load (context.S) see it */
#define FPSIMD_V      0          /* V0..V31, 16 bytes each */
#define FPSIMD_FPCR   (32 * 16)
#define FPSIMD_FPSR   (32 * 16 + 8)
#define FPSIMD_SIZE   (32 * 16 + 16)

#ifndef __ASSEMBLY__
#include "base/types.h"

struct fpsimd_state {
	uint64_t v[32][2];       /* V0-V31, 128 bits each (low word first) */
	uint64_t fpcr;           /* rounding mode and trap enables */
	uint64_t fpsr;           /* cumulative exception flags */
} __attribute__((aligned(16)));

struct context {
	uint64_t x19_x28[10];
	uint64_t fp;         /* x29 */
	uint64_t lr;         /* x30 */
	uint64_t sp;         /* SP_EL1 of the switched-out thread */

	/* The user state beyond the trapframe (context.c). */
	uint64_t tpidr_el0;      /* the thread pointer (tls_set) */
	uint64_t tpidrro_el0;    /* read-only for EL0; we keep it 0 */
	struct fpsimd_state fpsimd;
};

_Static_assert(__builtin_offsetof(struct context, tpidr_el0) == CTX_SIZE, "context layout");
_Static_assert(sizeof(struct fpsimd_state) == FPSIMD_SIZE, "fpsimd layout");
#endif

#endif
