/*
 * asm/uaccess.h - ARM64 user-memory primitives (the contract is arch/uaccess.h).
 *
 * Every scalar primitive is ONE unprivileged load or store: LDTR/STTR
 * (Arm ARM C6.2, "LDTR", "STTR"; behaviour in D8.4, "Memory access
 * control"). Executed at EL1 they are permission-checked as if at EL0, so
 *   - PSTATE.PAN can stay 1: PAN only stops *privileged* accesses;
 *   - a kernel pointer (an EL1-only page) faults by itself, even if uma/'s
 *     range check were missing.
 * This needs PSTATE.UAO = 0 (with UAO = 1 they behave like LDR/STR);
 * arch/aarch64/pan.c keeps it so.
 *
 * Each access carries an __ex_table entry {the instruction, a C label}:
 * `asm goto` with an output operand jumps to the label when the fault
 * handler (uma/extable.c) resumes at the fixup, and the primitive returns
 * false. Nothing else happens on the fast path: no call, no lock.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <asm/extable.h>   /* EXTABLE (assembly) and EXTABLE_ASM (inline asm) */

#ifndef __ASSEMBLY__

#include "base/types.h"
#include "base/lab.h"       /* LAB_MISSING, for the uaccess lab's stub */
#include <asm/pte.h>       /* USER_VA_LIMIT */

/*
 * Acquire / release without LDAR/STLR (they have no unprivileged forms).
 * Arm ARM B2.3 ("Definition of the Arm memory model", Barrier-ordered-
 * before):
 *  - LDTR; DMB ISHLD: a DMB ISHLD orders every load before it against
 *    every load AND store after it, so nothing later is observed before
 *    the LDTR: that is acquire.
 *  - DMB ISH; STTR: a full DMB orders every load and store before it
 *    against everything after, so the STTR is observed after all earlier
 *    accesses: that is release.
 * (Weaker than LDAR/STLR in one respect only: a release store followed
 * by an acquire load may still be reordered (RCpc, not RCsc), which is all
 * C11 acquire/release promises.) The "memory" clobber makes each one a
 * compiler barrier too, and keeps the compiler from moving kernel-side
 * accesses (e.g. through ktest_user_kaddr) across a user access.
 */

// LAB uaccess BEGIN: __ULOAD and __USTORE: one LDTR/STTR of the right width with an __ex_table entry, and the barrier of the acquire/release forms
/* One load of width W (instruction INSN, register prefix R) */
#define __ULOAD(INSN, R, TYPE, BARRIER_AFTER)                                 \
	uint64_t __v;                                                         \
	__asm__ goto("1:	" INSN "	%" R "0, [%1]\n\t"                    \
		     BARRIER_AFTER                                            \
		     EXTABLE_ASM("1b", "%l[fault]")                           \
		     : "=r"(__v) : "r"(p) : "memory" : fault);                \
	*val = (TYPE)__v;                                                     \
	return true;                                                          \
fault:                                                                        \
	return false;

#define __USTORE(INSN, R, BARRIER_BEFORE)                                     \
	__asm__ goto(BARRIER_BEFORE                                           \
		     "1:	" INSN "	%" R "0, [%1]\n\t"                    \
		     EXTABLE_ASM("1b", "%l[fault]")                           \
		     : : "rZ"(val), "r"(p) : "memory" : fault);               \
	return true;                                                          \
fault:                                                                        \
	return false;
// LAB uaccess STUB
// /*
//  * Lab stub: each scalar access goes through the bulk copy (uaccess.S),
//  * called from C. It works, but it is a call with its own loop, the
//  * accessor has no exception-table entry of its own, and a store that
//  * straddles into an unmapped page writes the bytes before the hole:
//  * make check and the uaccess_* self-tests say so.
//  */
// size_t arch_copy_from_user(void *dst, const void __user *src, size_t n);
// size_t arch_copy_to_user(void __user *dst, const void *src, size_t n);
//
// static __always_inline bool __uload_stub(const volatile void __user *p, void *val, size_t n)
// {
// 	uint64_t v;
//
// 	LAB_MISSING("uaccess", "the ARM64 scalar load (one LDTR with an __ex_table entry)");
// 	if (arch_copy_from_user(&v, (const void __user *)p, n))
// 		return false;
// 	__builtin_memcpy(val, &v, n);
// 	return true;
// }
//
// static __always_inline bool __ustore_stub(volatile void __user *p, uint64_t v, size_t n)
// {
// 	LAB_MISSING("uaccess", "the ARM64 scalar store (one STTR with an __ex_table entry)");
// 	return arch_copy_to_user((void __user *)p, &v, n) == 0;   /* little-endian: the low n bytes */
// }
//
// #define __ULOAD(INSN, R, TYPE, BARRIER_AFTER) bool __ok = __uload_stub(p, val, sizeof(TYPE)); __asm__ volatile(BARRIER_AFTER ::: "memory"); return __ok;
// #define __USTORE(INSN, R, BARRIER_BEFORE) __asm__ volatile(BARRIER_BEFORE ::: "memory"); return __ustore_stub(p, val, sizeof(val));
// LAB uaccess END

#define __ACQ "dmb	ishld\n\t"
#define __REL "dmb	ish\n\t"

#define __UMA_SCALAR(N, TYPE, LD, ST, R)                                      \
static __always_inline bool arch_uload##N(const volatile void __user *p, TYPE *val) \
{ __ULOAD(LD, R, TYPE, "") }                                                  \
static __always_inline bool arch_uload##N##_acquire(const volatile void __user *p, TYPE *val) \
{ __ULOAD(LD, R, TYPE, __ACQ) }                                               \
static __always_inline bool arch_ustore##N(volatile void __user *p, TYPE val) \
{ __USTORE(ST, R, "") }                                                       \
static __always_inline bool arch_ustore##N##_release(volatile void __user *p, TYPE val) \
{ __USTORE(ST, R, __REL) }

/* width  type      load     store    register view (w = 32-bit, x = 64-bit) */
__UMA_SCALAR(8,  uint8_t,  "ldtrb", "sttrb", "w")
__UMA_SCALAR(16, uint16_t, "ldtrh", "sttrh", "w")
__UMA_SCALAR(32, uint32_t, "ldtr",  "sttr",  "w")
__UMA_SCALAR(64, uint64_t, "ldtr",  "sttr",  "x")

#undef __UMA_SCALAR

/*
 * Spectre v1 (bounds check bypass): uma/ checks a user pointer against
 * USER_VA_LIMIT before the access, but a CPU that mispredicts that branch
 * runs the access anyway, speculatively, with the address it was given.
 * LDTR/STTR refuse a kernel address architecturally, yet a core may still
 * forward data from a load whose permission check fails (the Meltdown
 * class), and the interlocked operations use privileged LDAXR/STLXR with
 * PAN cleared. So after the check the pointer goes through this: TST sets
 * Z when no bit at or above bit 48 is set (a user address), CSEL keeps
 * the pointer or makes it 0, which is never mapped, and CSDB stops later
 * instructions from using a CSEL result computed from predicted flags
 * (Arm ARM C6.2, CSDB: "Consumption of Speculative Data Barrier"). No
 * branch, so nothing to mispredict. Linux does exactly this
 * (arch/arm64/include/asm/uaccess.h, __uaccess_mask_ptr). CSDB is HINT
 * #20, a NOP on a CPU that does not speculate on it.
 */
_Static_assert((USER_VA_LIMIT & (USER_VA_LIMIT - 1)) == 0, "one TST tells a user address");

#define ARCH_MASKED_USER_ADDR ((uintptr_t)0)   /* what a bad address becomes: 0: page 0 is never mapped */

static __always_inline uintptr_t arch_mask_user_addr(uintptr_t a)
{
	uintptr_t safe;

	__asm__("tst %[a], %[high]\n\t"      /* Z = 1 iff a < USER_VA_LIMIT */
		"csel %[s], %[a], xzr, eq\n\t"
		"hint #20"                     /* CSDB */
		: [s] "=r"(safe)
		: [a] "r"(a), [high] "r"(~(USER_VA_LIMIT - 1))
		: "cc");
	return safe;
}


/* PSTATE.PAN = 0 while PAN is kept at 1: a window is open (arch/uaccess.h).
 * Each CPU has its own PSTATE. */
extern uint32_t pan_enabled;
static inline bool arch_user_window_open(void)
{
	uint64_t pan;
	if (!pan_enabled)
		return false;
	__asm__ volatile("mrs %0, s3_0_c4_c2_3" : "=r"(pan));   /* PAN */
	return !(pan & (1ull << 22));
}

#endif /* __ASSEMBLY__ */
#endif
