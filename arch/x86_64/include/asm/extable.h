/*
 * asm/extable.h - x86-64 exception-table entries.
 *
 * Every instruction that may touch a user address -- a mov inside
 * STAC..CLAC (asm/uaccess.h, arch/x86_64/uaccess.S) -- has one entry
 * {insn, fixup} in the __ex_table section: "if insn faults (#PF, or #GP
 * for a non-canonical address) on a user address, resume at fixup".
 * The entry format is each architecture's choice; this one uses the
 * generic format (two absolute addresses, arch/generic/extable.h).
 * uma/extable.c reads entries only through extable_insn/extable_fixup.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include "arch/generic/extable.h"

#endif
