/*
 * kernel/callback.h - a driver asks user mode to run a function and gets
 * its result: this kernel's KeUserModeCallback (docs/syscalls.md,
 * "User-mode callbacks").
 *
 * The kernel never calls user code (SMEP/PXN would stop it, and a kernel
 * that did would run the program's code with the kernel's privilege). It
 * RETURNS to user mode instead, exactly as signal delivery does: the
 * interrupted user context goes into a frame below the user stack
 * (arch/signal.h's struct sigframe, written with CopyToUser), and the
 * thread leaves the system call at the registered function, with the
 * argument in the first argument register and the library's trampoline
 * as the return address. The function's return runs the trampoline, which
 * calls callback_return(result); the kernel reads the frame back once
 * through UMA, checks it exactly as sigreturn does, and resumes the
 * original system call's caller with the driver's final answer.
 *
 * Windows nests a kernel stack for this (KeUserModeCallback grows the
 * thread's kernel stack, KiUserCallbackDispatcher calls the function,
 * NtCallbackReturn unwinds back into the waiting driver). This kernel has
 * one kernel stack per thread and the system call that asked LEAVES it,
 * so the driver cannot wait in the middle of a C function: it is written
 * as two halves, the first returning through callback_call() and the
 * second, `done`, called by callback_return with the result. What the
 * second half needs is one word (`cookie`) kept by the kernel, never in
 * user memory. Nothing may be held across the callback (no lock, no
 * allocation): the process may die before it returns, and then `done`
 * is simply never called.
 */
#ifndef KERNEL_CALLBACK_H
#define KERNEL_CALLBACK_H

#include "base/types.h"

struct proc;
struct trapframe;

/* The driver's second half: its final answer for the original call. */
typedef long (*callback_done_fn)(uint64_t cookie, long result);

/* callback_register(fn, trampoline): 0, or -EINVAL for an address outside
 * user space (fn 0 unregisters). */
long callback_register(uint64_t fn, uint64_t trampoline);
/*
 * The first half's last step, from a system call handler with the
 * caller's trapframe: make tf enter fn(arg, frame) in user mode and
 * remember done/cookie for this thread. Returns what the handler must
 * return (the return register as tf now holds it, so that the system
 * call's exit leaves the argument in place), or -EINVAL (nothing
 * registered), -EBUSY (this thread already waits for a callback: they do
 * not nest), -EFAULT (the frame cannot be written below the user stack):
 * then tf is untouched.
 */
long callback_call(struct trapframe *tf, uint64_t arg, callback_done_fn done, uint64_t cookie);
/* callback_return(result): the driver's final answer, returned to the
 * original call's caller; -EINVAL if no callback is pending; a frame that
 * cannot be read or is refused kills the process (as sigreturn). */
long callback_return(struct trapframe *tf, long result);
/* fork copies the registration; exec drops it (and a pending callback). */
void callback_fork(struct proc *child, const struct proc *parent);
void callback_exec(struct proc *p);

#endif
