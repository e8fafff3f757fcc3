/* kernel/base/printk.h - formatted output to the console, and stopping for good. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "base/types.h"

/* printf subset: %d %i %u %x %X %p %s %c %%, flags '-' '0' '#', width,
 * precision for %s, length modifiers l ll z. */
int  kprintf(const char *fmt, ...) __printf(1, 2);
int  vkprintf(const char *fmt, va_list ap);
int  ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int  kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* n bytes to the console as they are, never mixed with a kprintf line. */
void kwrite(const char *s, size_t n);

/* Start every console line with prefix until it is set back to NULL
 * (self-tests use "# " so reports become TAP diagnostics). */
void printk_set_prefix(const char *prefix);

/* Where the characters go: the console driver's putc (registered by kmain). */
void printk_set_console(void (*putc)(char c));

/* Print "KERNEL PANIC: <msg>", then run the panic hook (kmain registers one
 * that prints a backtrace and halts, or powers off under test); with no
 * hook, stop here with interrupts masked. */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void panic_set_hook(void (*stop)(uint64_t fp, uint64_t pc) __noreturn);

#define BUG_ON(cond) do { if (cond) panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#endif
