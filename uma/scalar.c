/*
 * uma/scalar.c - the 174 scalar accessors, generated from one table.
 *
 * UMA_SCALAR_TYPES (usermode_accessors.h) lists 29 types; for each, the
 * macro below writes the six accessors. Each one checks the range, then
 * does its single access through an arch primitive: one load or store
 * instruction with an exception-table entry (tools/check-uaccess.py
 * verifies "exactly one" in the disassembly). No lock, no allocation and
 * no call on the success path. Each read then tells the double-fetch
 * detector (doublefetch.h) what it read: one flag test when it is off,
 * outside the arch primitive's user-access window. After the load, not
 * before: GCC would otherwise copy the load into both branches, and the
 * accessor would have two listed instructions instead of one. Each write
 * that succeeded shows its value to the info-leak detector (infoleak.h)
 * the same way: one flag test when it is off.
 */
#include "uma/uma_internal.h"
#include "uma/doublefetch.h"
#include "uma/infoleak.h"

/* One access of `size` bytes; `order` adds acquire/release. The switch is
 * on compile-time constants, so each accessor keeps only its own case. */
static __always_inline uint64_t uload(const volatile void __user *p, size_t size, bool acquire)
{
	bool ok = false;
	uint8_t v8; uint16_t v16; uint32_t v32; uint64_t v64 = 0;

	switch (size) {
	case 1: ok = acquire ? arch_uload8_acquire(p, &v8) : arch_uload8(p, &v8); v64 = v8; break;
	case 2: ok = acquire ? arch_uload16_acquire(p, &v16) : arch_uload16(p, &v16); v64 = v16; break;
	case 4: ok = acquire ? arch_uload32_acquire(p, &v32) : arch_uload32(p, &v32); v64 = v32; break;
	case 8: ok = acquire ? arch_uload64_acquire(p, &v64) : arch_uload64(p, &v64); break;
	}
	if (unlikely(!ok))
		uma_raise_fault();
	return v64;
}

static __always_inline void ustore(volatile void __user *p, uint64_t v, size_t size, bool release)
{
	bool ok = false;

	switch (size) {
	case 1: ok = release ? arch_ustore8_release(p, v) : arch_ustore8(p, v); break;
	case 2: ok = release ? arch_ustore16_release(p, v) : arch_ustore16(p, v); break;
	case 4: ok = release ? arch_ustore32_release(p, v) : arch_ustore32(p, v); break;
	case 8: ok = release ? arch_ustore64_release(p, v) : arch_ustore64(p, v); break;
	}
	if (unlikely(!ok))
		uma_raise_fault();
}

/* The value conversions go through uintptr_t so that pointer types
 * (PVOID, HANDLE) convert like the integers. */
#define UMA_DEFINE_SCALAR(N, T)                                                         \
UMA_TEXT T Read##N##FromUser(const volatile T __user *Source)                           \
{                                                                                       \
	uma_check_range(Source, sizeof(T));                                             \
	T Value = (T)(uintptr_t)uload(Source, sizeof(T), false);                        \
	df_read(Source, sizeof(T), DF_SITE);                                            \
	return Value;                                                                   \
}                                                                                       \
UMA_TEXT T Read##N##FromUserAcquire(const volatile T __user *Source)                    \
{                                                                                       \
	uma_check_range(Source, sizeof(T));                                             \
	T Value = (T)(uintptr_t)uload(Source, sizeof(T), true);                         \
	df_read(Source, sizeof(T), DF_SITE);                                            \
	return Value;                                                                   \
}                                                                                       \
UMA_TEXT T Read##N##FromMode(const volatile T __user *Source, KPROCESSOR_MODE Mode)     \
{                                                                                       \
	if (Mode == KernelMode) {                                                       \
		uma_check_kernel_pointer(Source);                                       \
		return *(const volatile T *)UMA_KERNEL_PTR(Source);                     \
	}                                                                               \
	uma_check_range(Source, sizeof(T));                                             \
	T Value = (T)(uintptr_t)uload(Source, sizeof(T), false);                        \
	df_read(Source, sizeof(T), DF_SITE);                                            \
	return Value;                                                                   \
}                                                                                       \
UMA_TEXT void Write##N##ToUser(volatile T __user *Destination, T Value)                 \
{                                                                                       \
	uma_check_range(Destination, sizeof(T));                                        \
	ustore(Destination, (uint64_t)(uintptr_t)Value, sizeof(T), false);             \
	il_value((uint64_t)(uintptr_t)Value, Destination, sizeof(T), IL_SITE);         \
}                                                                                       \
UMA_TEXT void Write##N##ToUserRelease(volatile T __user *Destination, T Value)          \
{                                                                                       \
	uma_check_range(Destination, sizeof(T));                                        \
	ustore(Destination, (uint64_t)(uintptr_t)Value, sizeof(T), true);              \
	il_value((uint64_t)(uintptr_t)Value, Destination, sizeof(T), IL_SITE);         \
}                                                                                       \
UMA_TEXT void Write##N##ToMode(volatile T __user *Destination, T Value, KPROCESSOR_MODE Mode) \
{                                                                                       \
	if (Mode == KernelMode) {                                                       \
		uma_check_kernel_pointer(Destination);                                  \
		*(volatile T *)UMA_KERNEL_PTR(Destination) = Value;                     \
		return;                                                                 \
	}                                                                               \
	uma_check_range(Destination, sizeof(T));                                        \
	ustore(Destination, (uint64_t)(uintptr_t)Value, sizeof(T), false);             \
	il_value((uint64_t)(uintptr_t)Value, Destination, sizeof(T), IL_SITE);         \
}

UMA_SCALAR_TYPES(UMA_DEFINE_SCALAR)
