/* uma/tests/extable_test.c - the exception table is sorted, complete and found. */
#include "uma/tests/uma_test.h"
#include "uma/extable.h"

extern const struct extable_entry __extable_start[], __extable_end[];
extern char __uaccess_text_start[], __uaccess_text_end[];

KTEST(uma_extable_sorted_and_inside_uaccess_text)
{
	size_t n = extable_size();
	unsigned outside = 0;

	KEXPECT(n >= 174);                   /* at least one per scalar accessor */
	KEXPECT(extable_is_sorted());
	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++)
		outside += e->insn < (uintptr_t)__uaccess_text_start ||
			   e->insn >= (uintptr_t)__uaccess_text_end ||
			   e->fixup < (uintptr_t)__uaccess_text_start ||
			   e->fixup >= (uintptr_t)__uaccess_text_end;
	KEXPECT_EQ(outside, 0);
}

KTEST(uma_extable_search_finds_every_entry_and_nothing_else)
{
	unsigned missed = 0, false_hits = 0;

	for (const struct extable_entry *e = __extable_start; e < __extable_end; e++) {
		missed += extable_search(e->insn) != e;
		false_hits += extable_search(e->insn + 1) != NULL &&
			      extable_search(e->insn + 1)->insn != e->insn + 1;
	}
	KEXPECT_EQ(missed, 0);
	KEXPECT_EQ(false_hits, 0);
	KEXPECT(extable_search((uintptr_t)extable_search) == NULL);
	KEXPECT(extable_search(0) == NULL);
}
