/*
 * asm/trapframe.h - registers saved by arch/aarch64/vectors.S on every
 * exception. The layout is shared with the assembly (TF_* offsets below);
 * generic code only looks at it through the arch_tf_* functions.
 */
#ifndef ASM_TRAPFRAME_H
#define ASM_TRAPFRAME_H

#define TF_X(n)     ((n) * 8)
#define TF_SP       (31 * 8)   /* SP_EL1 before the exception */
#define TF_SP_EL0   (32 * 8)
#define TF_ELR      (33 * 8)
#define TF_SPSR     (34 * 8)
#define TF_ESR      (35 * 8)
#define TF_FAR      (36 * 8)
#define TF_VECTOR   (37 * 8)   /* which of the 16 vector entries, 0..15 */
#define TF_SIZE     (38 * 8)   /* a multiple of 16: SP stays aligned */

#ifndef __ASSEMBLY__
#include "base/types.h"

struct trapframe {
	uint64_t x[31];      /* x0..x30; x29 = frame pointer, x30 = link register */
	uint64_t sp;         /* SP_EL1 at the time of the exception */
	uint64_t sp_el0;     /* the user stack pointer (restored on return) */
	uint64_t elr;        /* ELR_EL1: where the exception happened / returns to */
	uint64_t spsr;       /* SPSR_EL1: saved PSTATE (restored on return) */
	uint64_t esr;        /* ESR_EL1: exception syndrome */
	uint64_t far;        /* FAR_EL1: faulting address (aborts, PC alignment) */
	uint64_t vector;     /* vector entry index, see vectors.S */
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
#endif

#endif
