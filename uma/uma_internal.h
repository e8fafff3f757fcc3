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

/* Raise STATUS_ACCESS_VIOLATION unless [p, p+n) is user space. */
static __always_inline void uma_check_range(const volatile void __user *p, size_t n)
{
	if (unlikely(!uma_range_ok(p, n)))
		uma_raise(STATUS_ACCESS_VIOLATION, (uintptr_t)p);
}

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
