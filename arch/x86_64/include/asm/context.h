/*
 * asm/context.h - what arch_context_switch() saves for a switched-out thread.
 *
 * A thread only ever stops inside arch_context_switch(), which is an
 * ordinary function call: the caller-saved registers are already dead
 * there (System V AMD64 ABI 3.2.1), so the callee-saved ones, the stack
 * pointer and the address to resume at are the whole state. The user
 * registers live in the thread's trapframe, not here.
 */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

#include "base/types.h"

struct context {
	uint64_t rbx, rbp, r12, r13, r14, r15;   /* offsets 0..40: switch.S */
	uint64_t rsp;                            /* 48 */
	uint64_t rip;                            /* 56 */
};

#endif
