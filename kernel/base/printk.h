/* kernel/printk.h - formatted output to the console, and stopping for good. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "base/types.h"

/* printf subset: %d %i %u %x %X %p %s %c %%, flags '-' '0' '#', width,
 * precision for %s, length modifiers l ll z. */
int  kprintf(const char *fmt, ...) __printf(1, 2);
int  vkprintf(const char *fmt, va_list ap);
int  ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int  kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Start every console line with prefix until it is set back to NULL
 * (self-tests use "# " so reports become TAP diagnostics). */
void printk_set_prefix(const char *prefix);

/* Print "KERNEL PANIC: <msg>", a backtrace, and halt (or power off in tests). */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(cond) do { if (cond) panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#endif
