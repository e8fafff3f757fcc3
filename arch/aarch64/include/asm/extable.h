/*
 * asm/extable.h - ARM64 exception-table entries.
 *
 * Every instruction that may touch a user address -- an LDTR/STTR, or an
 * access in a PAN-cleared window (asm/uaccess.h, arch/aarch64/uaccess.S)
 * -- has one entry {insn, fixup} in the __ex_table section: "if insn faults
 * (a data abort) on a user address, resume at fixup".
 * The entry format is each architecture's choice; this one uses the
 * generic format (two absolute addresses, arch/generic/extable.h).
 * uma/extable.c reads entries only through extable_insn/extable_fixup.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include "arch/generic/extable.h"

#endif
