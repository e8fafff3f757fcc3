/*
 * asm/uaccess.h - x86-64 scalar user-memory primitives (contract: arch/uaccess.h).
 *
 * Each primitive is one asm statement: STAC, ONE plain mov of the right
 * width, CLAC. STAC sets RFLAGS.AC, which lets a supervisor data access
 * reach a user page while CR4.SMAP is on (Intel SDM Vol.3 4.6.1); CLAC
 * shuts the window again. The mov has an __ex_table entry whose fixup is
 * the C label `fault`: if the mov faults (#PF on an unmapped or read-only
 * page, #GP on a non-canonical address) the trap handler resumes there
 * with AC still set as it was interrupted (IRET restores RFLAGS), so the
 * fixup runs CLAC too.
 *
 * Acquire/Release: x86 is TSO (SDM Vol.3 8.2.2): loads are not reordered
 * with older loads, stores not with older stores, so a plain load is an
 * acquire and a plain store a release in hardware. Only the compiler must
 * be kept from moving other accesses across them: a "memory" clobber.
 *
 * STAC/CLAC raise #UD on a CPU without SMAP (CPUID.7.0:EBX[20]). They are
 * emitted unconditionally; on such a CPU the #UD handler replaces each one
 * with a 3-byte NOP the first time it runs (smap.c), so the fast path
 * stays branch-free where SMAP exists.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <asm/extable.h>   /* EXTABLE (assembly) and EXTABLE_ASM (inline asm) */

#ifndef __ASSEMBLY__

#include "base/types.h"
#include "base/lab.h"       /* LAB_MISSING, for the uaccess lab's stub */
#include <asm/pte.h>       /* USER_VA_LIMIT */
#include <asm/cpu.h>       /* X86_RFLAGS_AC */

#define __uaccess_ptr(type, p) ((volatile type __force *)(p))

// LAB uaccess BEGIN: __ULOAD and __USTORE: STAC, one mov of the right width, CLAC, an __ex_table entry whose fixup runs CLAC
/* One load of `type` through `insn`, in a STAC..CLAC window. */
#define __ULOAD(insn, type, p, val, clobber)                                  \
	do {                                                                  \
		type __v;                                                     \
		__asm__ goto("stac\n"                                         \
			     "1:\t" insn " %[m], %[v]\n\t"                    \
			     "clac\n\t"                                       \
			     EXTABLE_ASM("1b", "%l[fault]")                    \
			     : [v] "=r"(__v)                                  \
			     : [m] "m"(*__uaccess_ptr(type, p))               \
			     : clobber : fault);                              \
		*(val) = __v;                                                 \
		return true;                                                  \
	fault:                                                                \
		__asm__ volatile("clac" ::: "memory");                        \
		return false;                                                 \
	} while (0)

/* One store of `type` through `insn`, in a STAC..CLAC window. */
#define __USTORE(insn, type, p, val, clobber)                                 \
	do {                                                                  \
		__asm__ goto("stac\n"                                         \
			     "1:\t" insn " %[v], %[m]\n\t"                    \
			     "clac\n\t"                                       \
			     EXTABLE_ASM("1b", "%l[fault]")                    \
			     : [m] "=m"(*__uaccess_ptr(type, p))              \
			     : [v] "r"(val)                                   \
			     : clobber : fault);                              \
		return true;                                                  \
	fault:                                                                \
		__asm__ volatile("clac" ::: "memory");                        \
		return false;                                                 \
	} while (0)
// LAB uaccess STUB
// /*
//  * Lab stub: each scalar access goes through the bulk copy (uaccess.S),
//  * called from C, outside any STAC window. It works, but it is a call
//  * with its own loop, the accessor has no exception-table entry of its
//  * own, and a store that straddles into an unmapped page writes the
//  * bytes before the hole: make check and the uaccess_* self-tests say so.
//  */
// size_t arch_copy_from_user(void *dst, const void __user *src, size_t n);
// size_t arch_copy_to_user(void __user *dst, const void *src, size_t n);
//
// static __always_inline bool __uload_stub(const volatile void __user *p, void *val, size_t n)
// {
// 	uint64_t v;
//
// 	LAB_MISSING("uaccess", "the x86-64 scalar load (STAC, one mov, CLAC, an __ex_table entry)");
// 	if (arch_copy_from_user(&v, (const void __user *)p, n))
// 		return false;
// 	__builtin_memcpy(val, &v, n);
// 	return true;
// }
//
// static __always_inline bool __ustore_stub(volatile void __user *p, uint64_t v, size_t n)
// {
// 	LAB_MISSING("uaccess", "the x86-64 scalar store (STAC, one mov, CLAC, an __ex_table entry)");
// 	return arch_copy_to_user((void __user *)p, &v, n) == 0;   /* little-endian: the low n bytes */
// }
//
// #define __ULOAD(insn, type, p, val, clobber) return __uload_stub(p, val, sizeof(type))
// #define __USTORE(insn, type, p, val, clobber) return __ustore_stub(p, val, sizeof(type))
// LAB uaccess END

/* "cc" is a no-op clobber for the plain forms: they order nothing but
 * themselves; the acquire/release forms add a compiler barrier. */
#define __UACCESS_DEFINE(bits, suffix)                                                         \
static __always_inline bool arch_uload##bits(const volatile void __user *p, uint##bits##_t *val)         \
{ __ULOAD("mov" suffix, uint##bits##_t, p, val, "cc"); }                                      \
static __always_inline bool arch_uload##bits##_acquire(const volatile void __user *p, uint##bits##_t *val) \
{ __ULOAD("mov" suffix, uint##bits##_t, p, val, "memory"); }                                  \
static __always_inline bool arch_ustore##bits(volatile void __user *p, uint##bits##_t val)               \
{ __USTORE("mov" suffix, uint##bits##_t, p, val, "cc"); }                                     \
static __always_inline bool arch_ustore##bits##_release(volatile void __user *p, uint##bits##_t val)     \
{ __USTORE("mov" suffix, uint##bits##_t, p, val, "memory"); }

__UACCESS_DEFINE(8, "b")
__UACCESS_DEFINE(16, "w")
__UACCESS_DEFINE(32, "l")
__UACCESS_DEFINE(64, "q")

#undef __UACCESS_DEFINE

/*
 * Spectre v1 (bounds check bypass): uma/ checks a user pointer against
 * USER_VA_LIMIT before the access, but a CPU that mispredicts that branch
 * runs the access anyway, speculatively, with whatever address it was
 * given -- a kernel one included -- and what it loads can leave a trace in
 * the cache for an attacker to time. So after the check the pointer goes
 * through this: CMP sets CF when max < a (an address above user space),
 * SBB turns CF into a mask of all ones or all zeros (SDM Vol.2 SBB), and
 * the OR makes a bad pointer all ones, an address that can only fault.
 * No branch, so nothing to mispredict: the access depends on the compare
 * by data. Linux does exactly this (arch/x86/include/asm/uaccess_64.h,
 * mask_user_address). For a good pointer the mask is 0: the same address.
 */
#define ARCH_MASKED_USER_ADDR ((uintptr_t)-1)   /* what a bad address becomes: all ones: the top of the address space, never mapped */

static __always_inline uintptr_t arch_mask_user_addr(uintptr_t a)
{
	uintptr_t mask;

	__asm__("cmp %[a], %[max]\n\t"      /* max - a: CF = 1 iff a > max */
		"sbb %[m], %[m]"               /* m = -CF */
		: [m] "=r"(mask)
		: [a] "r"(a), [max] "r"(USER_VA_LIMIT - 1)
		: "cc");
	return a | mask;
}


/* RFLAGS.AC = 1: STAC opened a window and CLAC has not closed it
 * (arch/uaccess.h). Each CPU has its own RFLAGS. */
static inline bool arch_user_window_open(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	return (flags & X86_RFLAGS_AC) != 0;
}

#endif /* __ASSEMBLY__ */
#endif
