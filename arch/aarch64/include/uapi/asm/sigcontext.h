/*
 * asm/sigcontext.h (ARM64) - the frame a signal handler runs on.
 *
 * User programs include it as <asm/sigcontext.h> (the Makefile's UCFLAGS),
 * the kernel as "uapi/asm/sigcontext.h" (arch/signal.h). Only fixed-width
 * types, which the includer provides.
 *
 * When a handler starts, sp points at the frame (16-byte aligned, AAPCS64
 * 6.2.2), below the interrupted sp; x0 = the signal number, x1 = the
 * frame's address, x30 = the library's sigreturn trampoline, so the
 * handler's RET runs it with sp back at the frame -- where sigreturn
 * looks for it (Linux's arch/arm64/kernel/signal.c does the same with
 * sa_restorer).
 *
 * The kernel reads the frame back at sigreturn and trusts none of it:
 * pstate keeps only NZCV (always EL0t, AArch64, DAIF clear, SS and IL
 * clear), a pc outside user space kills the process, FPSR and FPCR lose
 * their reserved bits (docs/syscalls.md, "Signals").
 */
#ifndef UAPI_ASM_SIGCONTEXT_H
#define UAPI_ASM_SIGCONTEXT_H

struct sigframe {
	uint64_t x[31];          /* x0..x30 */
	uint64_t sp, pc, pstate; /* SP_EL0, ELR_EL1, SPSR_EL1 as saved */
	uint32_t sig;
	uint32_t pad;
	uint64_t blocked;        /* the blocked mask restored by sigreturn */
	uint64_t v[32][2];       /* V0-V31, low half first */
	uint64_t fpsr, fpcr;
};

#endif
