/*
 * uma/extable.h - the exception table: which instructions may fault on a
 * user address, and where execution continues when they do.
 *
 * Every user-touching instruction in .text.uaccess has one entry
 * {insn, fixup}, emitted next to it by EXTABLE / EXTABLE_ASM below into the
 * __ex_table section. tools/sortextable sorts the section in kernel.elf
 * after linking, so the fault handler can binary-search it.
 */
#ifndef UMA_EXTABLE_H
#define UMA_EXTABLE_H

#ifdef __ASSEMBLY__

/* EXTABLE insn, fixup: "if insn faults on a user address, go on at fixup". */
	.macro	EXTABLE insn, fixup
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.popsection
	.endm

#else /* C */

#include "types.h"

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

struct trapframe;

const struct extable_entry *extable_search(uint64_t pc);
/*
 * Resume at e's fixup, remembering the faulting user address and the
 * accessor instruction (uma_raise_fault reports them). The caller has made
 * sure the fault is not a violation (SMAP/PAN/...): those are never fixed
 * up. Used by the arch trap code's early path for page faults and by the
 * fault hook for everything else.
 */
void extable_fixup(struct trapframe *tf, const struct extable_entry *e, uint64_t addr,
		   uint64_t pc);
bool extable_is_sorted(void);
size_t extable_size(void);
void extable_init(void);   /* check the table and register the fault hook */

#endif /* __ASSEMBLY__ */
#endif
