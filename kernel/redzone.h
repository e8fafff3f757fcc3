/*
 * kernel/redzone.h - heap objects with guard bytes, to catch overflows.
 *
 * A buffer overflow in the kernel heap is silent: the extra bytes land in
 * the next object, and the damage shows up much later somewhere else.
 * kmalloc_redzone() surrounds the object with REDZONE_BYTES of a known
 * pattern on each side; redzone_check() (called by kfree_redzone() too)
 * looks for bytes that no longer hold the pattern and names the object:
 *
 *   redzone: 'MySysCall LocalData' (24 bytes): 16 bytes written past the end
 *            (first bad byte at +24)
 *
 * The idea is the one of KASAN's and Windows' Driver Verifier's special
 * pool, reduced to the bytes around one object. It catches writes up to
 * REDZONE_BYTES past either end; whoever may write further must cap the
 * write itself (kernel/sys/demo_driver.c does). A byte overwritten with the
 * pattern value itself is not seen.
 */
#ifndef KERNEL_REDZONE_H
#define KERNEL_REDZONE_H

#include "base/types.h"

#define REDZONE_BYTES   64ul     /* guard bytes on each side of the object */
#define REDZONE_PATTERN 0xfd    /* not 0x00 or 0xff: common data values */

/* n bytes (16-byte aligned, uninitialised) with guards; `what` names the
 * object in reports and must outlive it (a string literal). NULL if out
 * of memory. */
void *kmalloc_redzone(size_t n, const char *what);
/* Check the guards (reporting any damage), then free. NULL is ignored.
 * Returns what the check found (true: intact), so a caller can check and
 * free in one step without the damage being reported twice. */
bool kfree_redzone(void *p);
/* true if both guards are intact; otherwise print a report and return false. */
bool redzone_check(void *p);
/* The report redzone_check() would print (one line per damaged guard)
 * into buf; returns its length, 0 if both guards are intact. */
size_t redzone_describe(const void *p, char *buf, size_t size);
/* The object's size as requested from kmalloc_redzone(). */
size_t redzone_size(const void *p);

#endif
