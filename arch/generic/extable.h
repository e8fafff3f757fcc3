/*
 * arch/generic/extable.h - the plainest exception-table format, for an
 * architecture that picks it in its <asm/extable.h> (both do today, as
 * Linux's arches may include <asm-generic/...>): each entry is two
 * absolute 64-bit addresses {insn, fixup}, 8-aligned in the __ex_table
 * section. tools/sortextable.c sorts exactly this format after linking.
 * A denser format (32-bit offsets relative to the entry, as Linux uses)
 * would change this file, extable_insn/extable_fixup and sortextable.
 */
#ifndef ARCH_GENERIC_EXTABLE_H
#define ARCH_GENERIC_EXTABLE_H

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
