/*
 * kernel/uapi/syscalls.h - system call numbers: the user ABI (SPEC section 6).
 *
 * Shared by the kernel and usertests/lib (this directory is the only part of
 * kernel/ that user programs see). The numbers, like everything else about
 * a system call, come from the one list in syscall_table.h.
 *
 * Calling convention, as on Linux:
 *   x86-64: `syscall`, number in rax, arguments in rdi rsi rdx r10 r8 r9,
 *           result in rax (rcx and r11 are clobbered by the instruction).
 *   ARM64:  `svc #0`, number in x8, arguments in x0..x5, result in x0.
 * A result in [-4095, -1] is -errno (kernel/uapi/errno.h); the library
 * turns it into -1 and sets errno. Unknown numbers return -ENOSYS.
 */
#ifndef UAPI_SYSCALLS_H
#define UAPI_SYSCALLS_H

/* SYS_exit = 1, SYS_fork = 2, ... */
enum {
#define SYSCALL(nr, name, ...) SYS_##name = nr,
#include "syscall_table.h"
#undef SYSCALL
};

/* One more than the highest number: the length of the kernel's tables.
 * (A union is as big as its biggest member, the one of the highest
 * number, so no one has to keep this count by hand.) */
union syscall_count {
#define SYSCALL(nr, name, ...) char SYS_##name[nr + 1];
#include "syscall_table.h"
#undef SYSCALL
};
#define NSYSCALLS sizeof(union syscall_count)

/*
 * For files that expand the arguments of a table line: SC_MAPn(f, a1..an)
 * applies f to each argument triple, `f (kind, type, name)`, separated by
 * commas. n is the line's nargs column; a wrong count is a compile error.
 */
#define SC_MAP0(f, ...)
#define SC_MAP1(f, a)                   f a
#define SC_MAP2(f, a, b)                f a, f b
#define SC_MAP3(f, a, b, c)             f a, f b, f c
#define SC_MAP4(f, a, b, c, d)          f a, f b, f c, f d
#define SC_MAP5(f, a, b, c, d, e)       f a, f b, f c, f d, f e
#define SC_MAP6(f, a, b, c, d, e, g)    f a, f b, f c, f d, f e, f g

#endif
