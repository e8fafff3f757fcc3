/* uma/tests/extable_test.c - the exception table is sorted, complete and found. */
#include "uma/tests/uma_test.h"
#include "uma/extable.h"
#include "arch/trap.h"

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

/*
 * The lab's checks (docs/labs/03-extable.md). The tests build their own
 * tables: entry i of a table of N covers the made-up address
 * T_BASE + 16 * i, with fixup T_FIX + i.
 */
#define T_N     1000
#define T_BASE  0xffff800000100000ull
#define T_FIX   0xffff800000900000ull
static struct extable_entry table[T_N];

static void build_table(void)
{
	for (size_t i = 0; i < T_N; i++)
		table[i] = (struct extable_entry){ T_BASE + 16 * i, T_FIX + i };
}

/* Hits, misses between entries, and the two ends of a sorted table. */
static void search_finds_in_a_built_table(void)
{
	unsigned missed = 0, false_hits = 0, first_miss = T_N;

	build_table();
	for (size_t i = 0; i < T_N; i++) {
		const struct extable_entry *e = extable_search_in(table, T_N, T_BASE + 16 * i);
		if (e != &table[i] && first_miss == T_N)
			first_miss = i;
		missed += e != &table[i];
		false_hits += extable_search_in(table, T_N, T_BASE + 16 * i + 8) != NULL;
	}
	if (first_miss != T_N)
		kprintf("# the entry for %#lx (index %u) was not found\n",
			(unsigned long)(T_BASE + 16 * first_miss), first_miss);
	KEXPECT_EQ(missed, 0);
	KEXPECT_EQ(false_hits, 0);
	KEXPECT(extable_search_in(table, T_N, T_BASE - 16) == NULL);
	KEXPECT(extable_search_in(table, T_N, T_BASE + 16 * T_N) == NULL);
	KEXPECT(extable_search_in(table, 0, T_BASE) == NULL);      /* an empty table */
	KEXPECT(extable_search_in(table, 1, T_BASE) == &table[0]);
	KEXPECT_EQ(extable_fixup(extable_search_in(table, T_N, T_BASE + 16 * 500)), T_FIX + 500);
}

/*
 * The search must be a binary search: every fault on a bad pointer runs
 * it. A bisection of 1000 entries looks at about 10 of them, and never at
 * the first entry when the key it wants is above the middle, nor at the
 * last when it is below. So plant a decoy that breaks the order at each
 * end: a binary search cannot find it (it relies on the order), a linear
 * search, which looks at every entry, does. First, though, it must find
 * every entry of a sorted table and nothing else.
 */
KTEST(uma_extable_search_is_binary)
{
	const struct extable_entry *e;

	search_finds_in_a_built_table();
	build_table();
	table[0].insn = T_BASE + 16 * T_N + 16;          /* above everything, at the start */
	e = extable_search_in(table, T_N, table[0].insn);
	if (e)
		kprintf("# found the decoy at index %ld: the search looked at entry 0 for a key "
			"above entry 999: it is not a binary search\n", (long)(e - table));
	KEXPECT(e == NULL);
	KEXPECT(extable_search_in(table, T_N, T_BASE + 16 * 700) == &table[700]);

	build_table();
	table[T_N - 1].insn = T_BASE - 16;               /* below everything, at the end */
	e = extable_search_in(table, T_N, table[T_N - 1].insn);
	if (e)
		kprintf("# found the decoy at index %ld: the search looked at entry 999 for a key "
			"below entry 0: it is not a binary search\n", (long)(e - table));
	KEXPECT(e == NULL);
	KEXPECT(extable_search_in(table, T_N, T_BASE + 16 * 300) == &table[300]);
}

/* What extable_init checks at boot: strictly increasing insn. */
KTEST(uma_extable_sortedness_check)
{
	/* KEXPECT_EQ prints "(got != expected)": 0x1 is true (sorted), 0x0 false. */
	build_table();
	KEXPECT_EQ(extable_table_sorted(table, T_N), true);
	KEXPECT_EQ(extable_table_sorted(table, 0), true);
	KEXPECT_EQ(extable_table_sorted(table, 1), true);
	table[400].insn = table[401].insn + 8;           /* two neighbours swapped */
	KEXPECT_EQ(extable_table_sorted(table, T_N), false);
	build_table();
	table[T_N - 1].insn = table[T_N - 2].insn;       /* one instruction listed twice */
	KEXPECT_EQ(extable_table_sorted(table, T_N), false);
	build_table();
	table[0].insn = table[1].insn + 1;               /* out of order at the very start */
	KEXPECT_EQ(extable_table_sorted(table, T_N), false);
	KEXPECT_EQ(extable_table_sorted(table + 1, T_N - 1), true);
}

/*
 * The fault hook's decision (extable_fixup_for), on made-up faults at a
 * listed instruction: a bad pointer is fixed up; a fault the arch named a
 * SMAP/PAN violation, or one in user mode, is not, nor an unlisted pc.
 */
KTEST(uma_extable_violation_never_fixed_up)
{
	const struct extable_entry *listed = __extable_start;
	struct fault f;

	KASSERT(extable_size() > 0);
	memset(&f, 0, sizeof(f));
	f.kind = FAULT_PAGE;
	f.name = "Page fault";
	f.pc = extable_insn(listed);
	f.addr = 0x1000;
	f.has_addr = true;
	KEXPECT_EQ(extable_fixup_for(&f), extable_fixup(listed));     /* a bad pointer */
	f.present = true;
	f.violation = "SMAP violation";
	KEXPECT_EQ(extable_fixup_for(&f), 0);
	f.violation = "PAN violation";
	KEXPECT_EQ(extable_fixup_for(&f), 0);
	f.violation = NULL;
	f.user_mode = true;
	KEXPECT_EQ(extable_fixup_for(&f), 0);
	f.user_mode = false;
	f.pc = (uintptr_t)extable_fixup_for;
	KEXPECT_EQ(extable_fixup_for(&f), 0);
}
