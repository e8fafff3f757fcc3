/* kernel/base/types.h - fixed-width types and the few attributes the kernel uses. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include "base/compiler.h"

typedef uint64_t paddr_t;   /* physical address */
typedef uint64_t vaddr_t;   /* virtual address as a number */

#define __noreturn  __attribute__((noreturn))
#define __section(s) __attribute__((section(s)))
#define __used      __attribute__((used))
#define __aligned(n) __attribute__((aligned(n)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)   (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))

#define PAGE_SIZE  ((uint64_t)4096)
#define PAGE_SHIFT 12

#endif
