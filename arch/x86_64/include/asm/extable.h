/*
 * asm/extable.h - x86-64 exception-table entries: the format and the
 * macros that emit them.
 *
 * Every instruction that may touch a user address -- a mov inside STAC..CLAC (arch/x86_64/include/asm/uaccess.h, uaccess.S) -- has one entry {insn, fixup}
 * in the __ex_table section: "if insn faults (#PF or #GP) on a user
 * address, resume at fixup". The format is the architecture's (two
 * absolute 64-bit addresses here); uma/extable.c only searches the table
 * through extable_insn() and extable_fixup(). tools/sortextable sorts the
 * section of kernel.elf by insn after linking, so the search is binary.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#ifdef __ASSEMBLY__

/* EXTABLE insn, fixup: "if insn faults on a user address, go on at fixup". */
	.macro	EXTABLE insn, fixup
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.popsection
	.endm

#else /* C */

#include "base/types.h"

/* The same entry from inline asm; insn and fixup are assembler expressions
 * given as strings: a local label such as "1b", "%l[fault]" for a C label. */
#define EXTABLE_ASM(insn, fixup)                        \
	".pushsection __ex_table, \"a\"\n\t"            \
	".balign 8\n\t"                                 \
	".quad " insn ", " fixup "\n\t"                 \
	".popsection\n\t"

struct extable_entry {
	uint64_t insn;    /* address of the instruction that may fault */
	uint64_t fixup;   /* where to resume if it does */
};

static inline uint64_t extable_insn(const struct extable_entry *e) { return e->insn; }
static inline uint64_t extable_fixup(const struct extable_entry *e) { return e->fixup; }

#endif /* __ASSEMBLY__ */
#endif
