/*
 * kernel/base/ksym.h - the kernel's own symbol table, for readable reports.
 *
 * The build links the kernel twice (tools/ksyms.sh): the second time with
 * a sorted table of every function's address and name, so an oops or a
 * backtrace can say "CopyFromUser+0x24" instead of a bare address.
 */
#ifndef KERNEL_KSYM_H
#define KERNEL_KSYM_H

#include "base/types.h"

/* The function containing addr: its name and addr's offset into it. */
bool ksym_lookup(uint64_t addr, const char **name, uint64_t *offset);

#endif
