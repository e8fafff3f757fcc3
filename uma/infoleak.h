/*
 * uma/infoleak.h - the info-leak detector's check, inside UMA.
 *
 * A kernel that copies a struct to the user copies its padding too, and a
 * local it forgot to set: whatever bytes an earlier system call left on the
 * kernel stack or in a reused heap object. Bochspwn Reloaded (Jurczyk,
 * 2017) found dozens of such leaks in Windows and Linux by tainting every
 * fresh stack frame and heap block in an emulator and watching for tainted
 * bytes that reach user memory. Here the kernel does it to itself with a
 * poison pattern instead of taint (docs/detectors.md):
 *
 *   - kernel/infoleak.c fills each kmalloc block, and the free part of the
 *     kernel stack below the system-call frame, with INFOLEAK_POISON (0xbd)
 *     while the detector is on;
 *   - every UMA path that writes kernel bytes to user memory hands the
 *     bytes that went out to il_copy_out() / il_value(), after the write
 *     (a copy that faulted part-way: the part before the fault):
 *     CopyToUser (and so every CopyToMode, Aligned and WriteStructTo*
 *     form), the 174 scalar writes (their value argument;
 *     WriteLargeInteger and WriteUnicodeString go through them), and the
 *     kernel's operand of the Interlocked operations;
 *   - a run of at least IL_MIN_RUN poison bytes is a leak: counted, and
 *     reported in one console line; the kernel registers a hook that
 *     names the system call and the process (il_set_context).
 *
 * Not checked, on purpose: copies between two user ranges (the bytes are
 * the user's own, even through MoveToUserFromUser's bounce buffer) and the
 * fill byte of FillUserMemory (one byte is below IL_MIN_RUN).
 *
 * Off by default. When off, each copy-out pays one test of il_enabled,
 * predicted not taken, outside any user-access window (as df_read).
 */
#ifndef UMA_INFOLEAK_H
#define UMA_INFOLEAK_H

#include "base/types.h"
#include "base/compiler.h"
#include "uapi/infoleak.h"

/* The shortest run of poison bytes that counts as a leak. 4: the padding
 * after an int before a pointer or a long (LP64) is 4 bytes, the common
 * hole; shorter holes (a char before a short or an int) are missed. A
 * user's own data that holds 4 bytes 0xbd in a row, copied back by the
 * kernel, is reported falsely (docs/detectors.md weighs the two). */
#define IL_MIN_RUN 4

extern bool il_enabled;

/* What the detector saw: `run` poison bytes at `off` in a copy-out of
 * `len` bytes from kernel address `src` to user address `dst`; `site` is
 * where the UMA function returns to, `from` that function's caller. */
struct il_leak {
	const void *src;
	uintptr_t dst;
	size_t len, off, run;
	uintptr_t site, from;
};

/* Turn the check on or off; returns the previous state. */
bool il_set(bool on);
unsigned long il_count(void);       /* leaks reported since boot or il_reset_count() */
void il_reset_count(void);

/* Who leaked: the kernel registers a function that writes, say,
 * "syscall 32 (demo) in pid 9 (t_infoleak)" into buf and returns its
 * length; each report line starts with it. UMA knows neither. */
void il_set_context(int (*fn)(char *buf, size_t size));

/* Out of line and cold: only reached when the detector is on. */
void il_check_bytes(const void *src, uintptr_t dst, size_t len, uintptr_t site) __cold;
void il_check_value(uint64_t value, uintptr_t dst, size_t size, uintptr_t site) __cold;

/* The hooks the accessors call; `site` is the accessor's return address
 * (IL_SITE, read in the accessor itself so that it names its caller). */
static __always_inline void il_copy_out(const void *src, const volatile void __user *dst,
					size_t len, uintptr_t site)
{
	if (unlikely(il_enabled))
		il_check_bytes(src, (__force uintptr_t)dst, len, site);
}

/* Does any of the low `size` bytes of v equal the poison? The "has a zero
 * byte" test of v ^ poison (Hacker's Delight, 6-1), the bytes above `size`
 * set so that they never count. */
static __always_inline bool il_has_poison(uint64_t v, size_t size)
{
	uint64_t x = (v ^ (INFOLEAK_POISON * 0x0101010101010101ull)) |
		     (size < 8 ? ~0ull << (8 * size) : 0);
	return ((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) != 0;
}

/* A scalar shorter than IL_MIN_RUN can never be reported (known when the
 * accessor is compiled: its code drops out), and a value without a poison
 * byte needs no call. */
static __always_inline void il_value(uint64_t value, const volatile void __user *dst,
				     size_t size, uintptr_t site)
{
	if (size >= IL_MIN_RUN && unlikely(il_enabled) && il_has_poison(value, size))
		il_check_value(value, (__force uintptr_t)dst, size, site);
}
#define IL_SITE ((uintptr_t)__builtin_return_address(0))

/* Where the first poison run of at least IL_MIN_RUN bytes in [p, p+len)
 * starts at or after `from`: its offset, and its length in *run; len if
 * there is none. For the kernel's own checks and the self-tests. */
size_t il_find_run(const void *p, size_t len, size_t from, size_t *run);

/* The text of the last report (for the self-tests), "" if none yet. */
const char *il_last_report(void);

#endif
