/*
 * uma/doublefetch.h - a double-fetch detector inside UMA.
 *
 * The seed's Example 1 reads Ptr->Size twice; between the two reads
 * another user thread can change it. UMA makes each read safe, not the
 * logic that trusts two reads to agree. Bochspwn (Jurczyk and Coldwind,
 * 2013) found such bugs in Windows by watching, from an emulator, for a
 * system call that reads the same user bytes twice. Every user read here
 * already goes through uma/, so the kernel can watch itself:
 *
 *   - syscall_dispatch() calls df_syscall_enter() before each handler
 *     (the log of that thread starts empty) and df_syscall_exit() after;
 *   - every UMA read of user memory calls df_read(start, length, site),
 *     where site is the address the accessor returns to: the line in the
 *     syscall that asked for the bytes;
 *   - a read that overlaps bytes already read in the same system call is
 *     reported once per system call, naming the syscall and both sites:
 *       double fetch: syscall 32 (demo) read user bytes [0x..., +4) twice:
 *       first at ex1_unsafe+0x44 (0x...), again at ex1_unsafe+0x9c (0x...)
 *
 * What counts as a fetch: scalar reads, the source of every copy (once for
 * its whole range), the bytes a string-length function scanned (with the
 * terminator). Writes are not fetches. Interlocked operations are not
 * recorded: they read and write in one atomic step, so there is no window
 * between a check and a use -- and "read, then compare-exchange against
 * what was read" is the correct lock-free pattern, not a bug.
 *
 * Off by default. On with `doublefetch` on the command line or with the
 * test-only system call (kernel/uapi/dfdetect.h). When off, the cost in
 * each accessor is one test of df_enabled, predicted not taken, and no
 * call; the hooks sit in the uma/ C code around the arch primitives, never
 * inside a STAC..CLAC / PAN window (tools/check-uaccess.py).
 */
#ifndef UMA_DOUBLEFETCH_H
#define UMA_DOUBLEFETCH_H

#include "base/types.h"
#include "base/compiler.h"

extern bool df_enabled;

/* Reads `cmdline` for the word `doublefetch` (called once at boot). */
void df_init(void);
/* Turn recording on or off; returns the previous state. */
bool df_set(bool on);
/* Double fetches reported since boot (or since df_reset_count()). */
unsigned long df_count(void);
void df_reset_count(void);

/* The dispatcher: a system call `nr` named `name` starts / ends on the
 * current thread. Reads outside a system call are not recorded. */
void df_syscall_enter(unsigned long nr, const char *name);
void df_syscall_exit(void);

/* Out of line and cold: only reached when the detector is on. */
void df_record_read(uintptr_t start, size_t len, uintptr_t site) __cold;

/* The hook the accessors call. `site` is the accessor's return address
 * (DF_SITE), read in the accessor itself so that it names its caller. */
static __always_inline void df_read(const volatile void __user *p, size_t len, uintptr_t site)
{
	if (unlikely(df_enabled))
		df_record_read((__force uintptr_t)p, len, site);
}
#define DF_SITE ((uintptr_t)__builtin_return_address(0))

/*
 * Independent captures. A system call that copies several arguments whole
 * into kernel memory and from then on uses only the copies (exec: the
 * path, then each argv string) can be handed arguments that share bytes:
 * argv[0] pointing into the path, or one string given twice. Reading the
 * shared bytes again is then a second, independent capture, which nothing
 * compares with the first. Such code calls df_captured() after each
 * capture, and the detector forgets those bytes. Never use it on a value
 * the code checks and later reads again: that is the bug being hunted.
 */
void df_forget(uintptr_t start, size_t len) __cold;
static __always_inline void df_captured(const volatile void __user *p, size_t len)
{
	if (unlikely(df_enabled))
		df_forget((__force uintptr_t)p, len);
}

/* The text of the last report (for the self-tests), "" if none yet. */
const char *df_last_report(void);

#endif
