/*
 * uma/extable.c - from a faulting instruction to its fixup.
 *
 * When the CPU faults in kernel mode on a user-access instruction listed
 * in __ex_table, the fault was a bad user pointer, not a kernel bug:
 * remember where it happened and resume at the instruction's fixup, which
 * makes the accessor report failure (and uma/ raises
 * STATUS_ACCESS_VIOLATION into the caller's __except). Two ways lead here:
 * the arch trap code's early path for the common page fault asks
 * fixup_search()/record_fault() before decoding anything (arch/trap.h);
 * every other kernel fault is fully decoded and offered to
 * extable_fault_hook() by trap_exception() (x86's #GP on a non-canonical
 * pointer, say).
 *
 * A fault the arch names as a violation (SMAP/PAN...) is never fixed up:
 * an accessor that forgot STAC is a kernel bug and must oops loudly.
 */
#include "uma/extable.h"
#include "arch/trap.h"
#include "arch/arch.h"
#include "uma/uma_thread.h"
#include "base/printk.h"
#include "base/lab.h"

extern const struct extable_entry __extable_start[], __extable_end[];

size_t extable_size(void)
{
	return __extable_end - __extable_start;
}

/*
 * Sorted means strictly increasing insn: two entries for one instruction
 * would leave the fixup to chance. extable_init checks the linked table
 * with this once, at boot, so a build that forgot tools/sortextable stops
 * there with a clear message instead of missing fixups at random.
 */
bool extable_table_sorted(const struct extable_entry *t, size_t n)
{
	// LAB extable BEGIN: the check that a table is sorted, strictly, by insn
	for (size_t i = 1; i < n; i++)
		if (extable_insn(&t[i - 1]) >= extable_insn(&t[i]))
			return false;
	return true;
	// LAB extable STUB
	// LAB_MISSING("extable", "extable_table_sorted: every table passes as sorted");
	// (void)t;
	// (void)n;
	// return true;
	// LAB extable END
}

bool extable_is_sorted(void)
{
	return extable_table_sorted(__extable_start, extable_size());
}

/*
 * The entry for the instruction at pc in the table t of n entries, or
 * NULL. Every fault on a bad user pointer -- every EFAULT the kernel
 * returns -- comes through here from the trap handler, so it must be
 * quick: a binary search, O(log n), which works because the table is
 * sorted by insn at build time (tools/sortextable, checked at boot).
 */
const struct extable_entry *extable_search_in(const struct extable_entry *t, size_t n,
					      uint64_t pc)
{
	// LAB extable BEGIN: the binary search of a sorted table
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct extable_entry *e = &t[mid];
		if (extable_insn(e) == pc)
			return e;
		if (extable_insn(e) < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
	// LAB extable STUB
	// LAB_MISSING("extable", "extable_search_in: a linear search stands in for the binary search");
	// for (size_t i = 0; i < n; i++)
	// 	if (extable_insn(&t[i]) == pc)
	// 		return &t[i];
	// return NULL;
	// LAB extable END
}

const struct extable_entry *extable_search(uint64_t pc)
{
	return extable_search_in(__extable_start, extable_size(), pc);
}

static uint64_t fixup_search(uint64_t pc)
{
	const struct extable_entry *e = extable_search(pc);

	return e ? extable_fixup(e) : 0;
}

/* For uma_raise_fault: the exception names the address that faulted. */
static void record_fault(uint64_t addr, uint64_t pc)
{
	uma_current->fault_addr = addr;
	uma_current->fault_pc = pc;
}

/*
 * The fixup for a fault in kernel mode, or 0 if it must not be fixed up:
 * not listed, in user mode (the program's own fault), or one the arch
 * named a violation. A listed instruction that touched a user page with
 * SMAP/PAN on and no STAC/LDTR is not a bad pointer but a broken accessor
 * -- a kernel bug, which must oops with its name, never quietly EFAULT.
 */
uint64_t extable_fixup_for(const struct fault *f)
{
	if (f->user_mode)
		return 0;
	// LAB extable BEGIN: refuse to fix up a fault the arch named a violation
	if (f->violation)
		return 0;
	// LAB extable STUB
	// LAB_MISSING("extable", "extable_fixup_for: a SMAP/PAN violation is fixed up like a bad pointer");
	// LAB extable END
	return fixup_search(f->pc);
}

static bool extable_fault_hook(struct trapframe *tf, const struct fault *f)
{
	uint64_t fixup = extable_fixup_for(f);

	if (!fixup)
		return false;
	record_fault(f->has_addr ? f->addr : 0, f->pc);
	arch_tf_set_pc(tf, fixup);
	return true;
}

void extable_init(void)
{
	if (!extable_is_sorted())
		panic("extable: __ex_table is not sorted; the build must run tools/sortextable");
	trap_set_fixup_ops(&(const struct trap_fixup_ops){
		.search = fixup_search, .record = record_fault,
	});
	trap_add_hook(extable_fault_hook);
}
