/*
 * kernel/base/compiler.h - annotations the compiler ignores and sparse checks.
 *
 * A pointer into user memory is declared `T __user *`. For GCC the word
 * means nothing; for sparse (`make check`) it puts the pointee in address
 * space 1 and forbids dereferencing it (noderef). So
 *
 *     int f(int __user *p) { return *p; }
 *
 * is a build error under `make check`: the only way to reach user memory
 * is a uma/ accessor. `__force` marks the few casts that knowingly cross
 * the boundary (inside the accessors themselves).
 */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#ifdef __CHECKER__
#define __user   __attribute__((noderef, address_space(__user)))
#define __force  __attribute__((force))
#else
#define __user
#define __force
#endif

#define __always_inline inline __attribute__((always_inline))
#define __cold          __attribute__((cold))
#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#endif
