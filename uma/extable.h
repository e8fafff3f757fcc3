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

const struct extable_entry *extable_search(uint64_t pc);
bool extable_is_sorted(void);
size_t extable_size(void);
void extable_init(void);   /* check the table and register the fault hook */

#endif
