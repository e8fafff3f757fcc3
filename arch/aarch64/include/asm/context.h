/*
 * asm/context.h - what arch_context_switch (context.S) saves of a thread
 * that is switched out inside the kernel.
 *
 * Only the callee-saved registers: the switch is an ordinary function
 * call, so x0-x18 are already dead for the caller (AAPCS64 6.1.1,
 * "General-purpose registers"). No FP/SIMD registers: the kernel is built with -mgeneral-regs-only and
 * user programs too, so nobody has FP state to lose.
 */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

#define CTX_X19   0          /* x19..x28 at CTX_X19 + 8 * (n - 19) */
#define CTX_FP    (10 * 8)   /* x29 */
#define CTX_LR    (11 * 8)   /* x30: where arch_context_switch returns */
#define CTX_SP    (12 * 8)
#define CTX_SIZE  (13 * 8)

#ifndef __ASSEMBLY__
#include "base/types.h"

struct context {
	uint64_t x19_x28[10];
	uint64_t fp;         /* x29 */
	uint64_t lr;         /* x30 */
	uint64_t sp;         /* SP_EL1 of the switched-out thread */
};

_Static_assert(sizeof(struct context) == CTX_SIZE, "context layout");
#endif

#endif
