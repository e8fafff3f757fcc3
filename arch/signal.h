/*
 * arch/signal.h - what each architecture does for a signal handler.
 *
 * The core (kernel/signal.c) decides which signal goes where and moves the
 * frame to and from user memory through UMA; the architecture knows what
 * the frame holds (uapi/asm/sigcontext.h, shared with user programs) and
 * which values of it are safe to resume with. kernel/signal.c never looks
 * inside struct sigframe except at the two portable fields `sig` and
 * `blocked`.
 *
 * Delivery:   frame = arch_sig_frame_addr(tf);
 *             arch_sig_save(tf, &kf, restorer);  // registers and FP/SIMD
 *             CopyToUser(frame, &kf) in __try;  // a fault: the process dies
 *             arch_sig_enter(tf, frame, handler, restorer, sig);
 * sigreturn:  frame = arch_sig_frame_at_return(tf);
 *             CopyFromUser(&kf, frame) in __try;
 *             arch_sig_restore(tf, &kf, why) validates the kernel copy and
 *             only then loads it; false (tf untouched, why says what was
 *             wrong): the process is killed.
 */
#ifndef ARCH_SIGNAL_H
#define ARCH_SIGNAL_H

#include "base/types.h"
#include "uapi/asm/sigcontext.h"

struct trapframe;

/* Where the frame goes for a signal arriving now: below the user stack
 * pointer of tf, aligned as the ABI wants at a function's entry. A
 * hostile sp gives a hostile address: the caller writes it through UMA. */
uint64_t arch_sig_frame_addr(const struct trapframe *tf);
/* The interrupted context (tf and the FP/SIMD registers the CPU holds for
 * the current thread) into the kernel copy, with the trampoline where the
 * ABI wants it in memory (x86-64: the return address); sig and blocked
 * are the caller's to fill. */
void arch_sig_save(const struct trapframe *tf, struct sigframe *f, uint64_t restorer);
/* Make tf enter handler(sig, frame) on the frame, returning to restorer. */
void arch_sig_enter(struct trapframe *tf, uint64_t frame, uint64_t handler, uint64_t restorer,
		    int sig);
/* Where the frame is when the trampoline calls sigreturn. */
uint64_t arch_sig_frame_at_return(const struct trapframe *tf);
/* Validate the kernel copy f and load it into tf and the FP/SIMD
 * registers. On refusal returns false with the reason in why (tf and the
 * registers untouched). */
bool arch_sig_restore(struct trapframe *tf, const struct sigframe *f, char *why, size_t n);
/* The return register as restored (rax / x0): sigreturn returns it, so
 * that the system call's exit writes back the interrupted value. */
uint64_t arch_sig_retval(const struct trapframe *tf);

#endif
