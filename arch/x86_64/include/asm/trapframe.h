/*
 * asm/trapframe.h - registers saved on every x86-64 trap.
 *
 * Built from the top down: the CPU pushes ss, rsp, rflags, cs, rip (and an
 * error code for some vectors, Intel SDM Vol.3 6.14.2 / Figure 6-9);
 * vectors.S pushes a zero error code where the CPU does not, then the
 * vector number, then all 15 general-purpose registers. Lowest address
 * first, so the field order is the reverse of the pushes.
 * 22 * 8 = 176 bytes: keeps the 16-byte stack alignment the CPU set up.
 * syscall.S builds the same frame for SYSCALL (vector VEC_SYSCALL, cs/ss
 * the user selectors, rip from rcx, rflags from r11); regs.inc holds the
 * register order and offsets both .S files use.
 */
#ifndef ASM_TRAPFRAME_H
#define ASM_TRAPFRAME_H

#include "base/types.h"

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;     /* pushed by the stub */
	uint64_t error;      /* CPU error code, or 0 */
	/* hardware interrupt frame */
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trapframe) == 176, "vectors.S, syscall.S and regs.inc depend on this layout");

#endif
