/*
 * uma/callsite.h - naming where in the kernel a user access came from, for
 * the detectors' reports (uma/doublefetch.c, uma/infoleak.c).
 */
#ifndef UMA_CALLSITE_H
#define UMA_CALLSITE_H

#include "base/types.h"

/*
 * The caller of an accessor's caller, from the frame records the kernel is
 * built to keep (-fno-omit-frame-pointer; the layout backtrace_from() in
 * arch/trap.c walks: {caller's fp, return address} on both architectures).
 * fp is the recording function's own record (__builtin_frame_address(0) of
 * the function the accessor called): one up is the accessor's, whose return
 * address must be `site`; one more up is the caller's, whose return address
 * is wanted. 0 if the chain looks wrong.
 */
uintptr_t uma_outer_caller(const uint64_t *fp, uintptr_t site);

/* "name+0x1c" from the kernel's symbol table, or the bare address. */
int uma_sym_text(char *buf, size_t size, uintptr_t pc);

#endif
