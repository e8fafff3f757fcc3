/*
 * arch/uaccess.h - the primitives uma/ is built on, one set per architecture.
 *
 * This is the contract between arch/<arch>/ (the instructions that touch
 * user memory) and uma/ (generic, one layer up), the way Linux's
 * include/linux/uaccess.h sits on arch/<arch>/include/asm/uaccess.h.
 *
 * Rules every primitive keeps:
 *  - It does not check the address range: uma/ does that first (uma_range_ok).
 *    It must still survive any address: a fault on a user-touching
 *    instruction is caught by its __ex_table entry (<asm/extable.h>) and the
 *    primitive reports failure instead of crashing.
 *  - Every user-touching instruction is in section .text.uaccess (the
 *    scalar ones get there by being inlined into uma/'s accessors), so
 *    tools/check-uaccess.py can verify the table.
 *  - x86-64: user access only between STAC and CLAC, and no call or return
 *    in between; every exit path (the fixups too) runs CLAC.
 *    ARM64: LDTR/STTR (checked with EL0 permissions, so PAN stays on), or a
 *    PAN-cleared window with no call or return where no unprivileged form
 *    exists (the atomics).
 *
 * From <asm/uaccess.h> (static inline, one user access each, one
 * instruction each, returning false if it faulted):
 *   bool arch_uload{8,16,32,64}(const volatile void __user *p, uintN_t *val);
 *   bool arch_uload{8,16,32,64}_acquire(const volatile void __user *p, uintN_t *val);
 *   bool arch_ustore{8,16,32,64}(volatile void __user *p, uintN_t val);
 *   bool arch_ustore{8,16,32,64}_release(volatile void __user *p, uintN_t val);
 * and the assembler/C macros that emit an __ex_table entry.
 *
 * Also from <asm/uaccess.h>, for Spectre v1 (uma/uma_internal.h applies
 * it after every range check):
 *   uintptr_t arch_mask_user_addr(uintptr_t a);
 * returns a if a < USER_VA_LIMIT, else ARCH_MASKED_USER_ADDR (an address
 * that can only fault), computed without a branch, so that an access a
 * mispredicted range check lets run speculatively cannot reach kernel
 * memory either. docs/uma.md, "Spectre v1", says what it prevents.
 */
#ifndef ARCH_UACCESS_H
#define ARCH_UACCESS_H

#include "base/types.h"
#include <asm/uaccess.h>

/*
 * Bulk primitives (arch/<arch>/uaccess.S). Each returns how many bytes it
 * did NOT process: 0 is success; on a fault, the bytes before the faulting
 * one (or the faulting word, whichever the routine can tell) were done.
 */
size_t arch_copy_from_user(void *dst, const void __user *src, size_t n);
size_t arch_copy_to_user(void __user *dst, const void *src, size_t n);
size_t arch_copy_in_user(void __user *dst, const void __user *src, size_t n);  /* forward only */
size_t arch_fill_user(void __user *dst, int c, size_t n);

/* Length of the string before its terminator; max if none in the first
 * max units; -1 if a read faulted first. */
long arch_strnlen_user(const char __user *s, size_t max);
long arch_wcsnlen_user(const uint16_t __user *s, size_t max);

/* Interlocked operations on user memory. Return false if the access
 * faulted; otherwise *old is the value before the operation. */
bool arch_ucmpxchg32(volatile uint32_t __user *p, uint32_t expected, uint32_t desired, uint32_t *old);
bool arch_ucmpxchg64(volatile uint64_t __user *p, uint64_t expected, uint64_t desired, uint64_t *old);
bool arch_uor32(volatile uint32_t __user *p, uint32_t bits, uint32_t *old);
bool arch_uor64(volatile uint64_t __user *p, uint64_t bits, uint64_t *old);
bool arch_uand32(volatile uint32_t __user *p, uint32_t bits, uint32_t *old);
bool arch_uand64(volatile uint64_t __user *p, uint64_t bits, uint64_t *old);

/* Is a user-access window open on this CPU right now (x86-64 RFLAGS.AC = 1,
 * ARM64 PSTATE.PAN = 0 while PAN is in use)? Inline in <asm/uaccess.h>.
 * schedule() refuses to switch inside one: the next thread on this CPU
 * would run with user memory open (docs/smp.md). */
/* bool arch_user_window_open(void); */

/* Chosen once at boot (x86-64: `rep movsb` or a word loop, by CPU feature
 * and a quick calibration, SPEC section 3). */
void arch_uaccess_init(void);
const char *arch_uaccess_describe(void);   /* e.g. "copy: 8-byte loop (rep movsb 0.4 GB/s, loop 5 GB/s)" */

#endif
