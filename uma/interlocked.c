/*
 * uma/interlocked.c - atomic read-modify-write on user memory.
 *
 * Atomics need natural alignment (ARM64 exclusives fault otherwise, x86
 * would take a split lock), so misalignment is refused up front with
 * STATUS_DATATYPE_MISALIGNMENT. KernelMode uses the compiler's atomics.
 * The kernel's operand (Exchange, Value) is shown to the info-leak
 * detector (infoleak.h) like a scalar write's value.
 */
#include "uma/uma_internal.h"
#include "uma/infoleak.h"

#define UMA_CHECK_ATOMIC(p) do { uma_check_range((p), sizeof(*(p))); \
				 uma_check_align((p), sizeof(*(p))); } while (0)

UMA_TEXT LONG InterlockedCompareExchangeToUser(LONG volatile __user *Destination, LONG Exchange, LONG Comperand)
{
	uint32_t old;
	UMA_CHECK_ATOMIC(Destination);
	if (!arch_ucmpxchg32((volatile uint32_t __user *)Destination, Comperand, Exchange, &old))
		uma_raise_fault();
	il_value((uint32_t)Exchange, Destination, sizeof(Exchange), IL_SITE);
	return (LONG)old;
}

UMA_TEXT LONG64 InterlockedCompareExchange64ToUser(LONG64 volatile __user *Destination, LONG64 Exchange, LONG64 Comperand)
{
	uint64_t old;
	UMA_CHECK_ATOMIC(Destination);
	if (!arch_ucmpxchg64((volatile uint64_t __user *)Destination, Comperand, Exchange, &old))
		uma_raise_fault();
	il_value((uint64_t)Exchange, Destination, sizeof(Exchange), IL_SITE);
	return (LONG64)old;
}

/* Or and And differ only in the primitive: one macro writes both sizes. */
#define UMA_DEFINE_BITOP(Name, Name64, prim32, prim64)                                    \
UMA_TEXT LONG Name(LONG volatile __user *Destination, LONG Value)                         \
{                                                                                         \
	uint32_t old;                                                                     \
	UMA_CHECK_ATOMIC(Destination);                                                    \
	if (!prim32((volatile uint32_t __user *)Destination, Value, &old))                \
		uma_raise_fault();                                                        \
	il_value((uint32_t)Value, Destination, sizeof(Value), IL_SITE);                   \
	return (LONG)old;                                                                 \
}                                                                                         \
UMA_TEXT LONG64 Name64(LONG64 volatile __user *Destination, LONG64 Value)                 \
{                                                                                         \
	uint64_t old;                                                                     \
	UMA_CHECK_ATOMIC(Destination);                                                    \
	if (!prim64((volatile uint64_t __user *)Destination, Value, &old))                \
		uma_raise_fault();                                                        \
	il_value((uint64_t)Value, Destination, sizeof(Value), IL_SITE);                   \
	return (LONG64)old;                                                               \
}
UMA_DEFINE_BITOP(InterlockedOrToUser, InterlockedOr64ToUser, arch_uor32, arch_uor64)
UMA_DEFINE_BITOP(InterlockedAndToUser, InterlockedAnd64ToUser, arch_uand32, arch_uand64)

/* --- Mode forms: KernelMode is a plain kernel atomic ------------------- */

LONG InterlockedCompareExchangeToMode(LONG volatile __user *Destination, LONG Exchange, LONG Comperand, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		return InterlockedCompareExchangeToUser(Destination, Exchange, Comperand);
	uma_check_kernel_pointer(Destination);
	__atomic_compare_exchange_n((LONG *)UMA_KERNEL_PTR(Destination), &Comperand, Exchange,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;   /* holds the old value either way */
}

LONG64 InterlockedCompareExchange64ToMode(LONG64 volatile __user *Destination, LONG64 Exchange, LONG64 Comperand, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		return InterlockedCompareExchange64ToUser(Destination, Exchange, Comperand);
	uma_check_kernel_pointer(Destination);
	__atomic_compare_exchange_n((LONG64 *)UMA_KERNEL_PTR(Destination), &Comperand, Exchange,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comperand;
}

#define UMA_DEFINE_BITOP_MODE(Name, UserName, T, builtin)                                 \
T Name(T volatile __user *Destination, T Value, KPROCESSOR_MODE Mode)                     \
{                                                                                         \
	if (Mode == UserMode)                                                             \
		return UserName(Destination, Value);                                      \
	uma_check_kernel_pointer(Destination);                                            \
	return builtin((T *)UMA_KERNEL_PTR(Destination), Value, __ATOMIC_SEQ_CST);        \
}
UMA_DEFINE_BITOP_MODE(InterlockedOrToMode, InterlockedOrToUser, LONG, __atomic_fetch_or)
UMA_DEFINE_BITOP_MODE(InterlockedOr64ToMode, InterlockedOr64ToUser, LONG64, __atomic_fetch_or)
UMA_DEFINE_BITOP_MODE(InterlockedAndToMode, InterlockedAndToUser, LONG, __atomic_fetch_and)
UMA_DEFINE_BITOP_MODE(InterlockedAnd64ToMode, InterlockedAnd64ToUser, LONG64, __atomic_fetch_and)
