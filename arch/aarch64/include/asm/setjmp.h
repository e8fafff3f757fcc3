/*
 * asm/setjmp.h - what arch_setjmp (arch/aarch64/setjmp.S) saves: the
 * callee-saved registers of the AAPCS64 (x19-x28, fp, lr) and sp. No FP/SIMD
 * registers: the kernel is built with -mgeneral-regs-only.
 */
#ifndef ASM_SETJMP_H
#define ASM_SETJMP_H

#include "base/types.h"

struct jmp_buf {
	uint64_t x19_x28[10];
	uint64_t fp;         /* x29 */
	uint64_t lr;         /* x30: where arch_setjmp returns */
	uint64_t sp;
	uint64_t pad;        /* keep the size a multiple of 16 */
};

#endif
