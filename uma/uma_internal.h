/*
 * uma/uma_internal.h - helpers shared by the uma/ implementation files.
 * Not for callers: they include usermode_accessors.h.
 */
#ifndef UMA_INTERNAL_H
#define UMA_INTERNAL_H

#include "uma/usermode_accessors.h"
#include "arch/uaccess.h"
#include <asm/pte.h>       /* USER_VA_LIMIT */
#include "uma/uma_thread.h"

/* Functions that touch user memory live in .text.uaccess, where
 * tools/check-uaccess.py expects every exception-table entry to point. */
#define UMA_TEXT __attribute__((section(".text.uaccess")))

/* Raise for a user access that faulted: the address is the one the CPU
 * reported (recorded by the exception-table hook). */
void uma_raise_fault(void) __noreturn __cold;

/* Is [p, p+n) entirely user space? Computed without wrap-around. */
static __always_inline bool uma_range_ok(const volatile void __user *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	return n <= USER_VA_LIMIT && a <= USER_VA_LIMIT - n;
}

/*
 * The pointer a user access may use once the range check has passed: the
 * same pointer, but computed from the comparison by data, with no branch,
 * so that a CPU that mispredicts the check (Spectre v1) still cannot
 * reach kernel memory with it (arch_mask_user_addr, <asm/uaccess.h>:
 * a kernel address becomes one that can only fault). Masking the start
 * is enough: an access or copy that runs on from a user start meets the
 * unmapped gap above user space (x86-64: the non-canonical hole; ARM64:
 * the gap between TTBR0 and TTBR1) before any kernel byte, and that
 * faults speculatively too.
 */
#define uma_mask_ptr(p) ((__typeof__(p))arch_mask_user_addr((uintptr_t)(p)))

/* Raise STATUS_ACCESS_VIOLATION unless [p, p+n) is user space; then
 * p (a variable) becomes uma_mask_ptr(p), for the access that follows. */
#define uma_check_range(p, n)                                                 \
	do {                                                                  \
		if (unlikely(!uma_range_ok((p), (n))))                        \
			uma_raise(STATUS_ACCESS_VIOLATION, (uintptr_t)(p));   \
		(p) = uma_mask_ptr(p);                                        \
	} while (0)

/* Raise STATUS_DATATYPE_MISALIGNMENT unless p is a multiple of align. */
static __always_inline void uma_check_align(const volatile void __user *p, size_t align)
{
	if (unlikely((uintptr_t)p & (align - 1)))
		uma_raise(STATUS_DATATYPE_MISALIGNMENT, (uintptr_t)p);
}

/* KernelMode was asserted: in a debug build a user address is a caller
 * bug worth stopping for (FAST_FAIL_KERNEL_POINTER_EXPECTED). */
static __always_inline void uma_check_kernel_pointer(const volatile void __user *p)
{
	if (DBG && (uintptr_t)p < USER_VA_LIMIT)
		arch_fastfail(FAST_FAIL_KERNEL_POINTER_EXPECTED);
}

/* The kernel's own view of a pointer passed with KernelMode. */
#define UMA_KERNEL_PTR(p) ((__force void *)(p))

#endif
