/*
 * uma/extable.h - finding the fixup of a faulting user access.
 *
 * The entries themselves, {insn, fixup}, are the architecture's: their
 * format and the macros that emit them next to each user-touching
 * instruction are in <asm/extable.h>. uma/ owns the search (the table is
 * sorted at build time by tools/sortextable) and the fault hook that
 * resumes a faulting accessor at its fixup (uma/extable.c).
 */
#ifndef UMA_EXTABLE_H
#define UMA_EXTABLE_H

#include "base/types.h"
#include <asm/extable.h>

const struct extable_entry *extable_search(uint64_t pc);      /* in __ex_table */
bool extable_is_sorted(void);
/* The same on any table of n entries (the self-tests build their own). */
const struct extable_entry *extable_search_in(const struct extable_entry *t, size_t n,
					      uint64_t pc);
bool extable_table_sorted(const struct extable_entry *t, size_t n);
/* What the fault hook resumes at for a kernel fault: the fixup, or 0 when
 * the fault is not listed, is the user's, or is a SMAP/PAN violation. */
struct fault;
uint64_t extable_fixup_for(const struct fault *f);
size_t extable_size(void);
void extable_init(void);   /* check the table and register the fault hook */

#endif
