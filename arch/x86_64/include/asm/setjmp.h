/*
 * asm/setjmp.h - what arch_setjmp (setjmp.S) saves: the registers a called
 * function must preserve in the System V x86-64 ABI (rbx, rbp, r12-r15),
 * plus the stack pointer and the return address.
 */
#ifndef ASM_SETJMP_H
#define ASM_SETJMP_H

#include "base/types.h"

struct jmp_buf {
	uint64_t rbx, rbp, r12, r13, r14, r15;
	uint64_t rsp;        /* caller's rsp after arch_setjmp returns */
	uint64_t rip;        /* return address */
};

#endif
