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

extern const struct extable_entry __extable_start[], __extable_end[];

size_t extable_size(void)
{
	return __extable_end - __extable_start;
}

bool extable_is_sorted(void)
{
	for (const struct extable_entry *e = __extable_start + 1; e < __extable_end; e++)
		if (extable_insn(e - 1) >= extable_insn(e))
			return false;
	return true;
}

/* Binary search: the table is sorted by insn at build time (tools/sortextable). */
const struct extable_entry *extable_search(uint64_t pc)
{
	size_t lo = 0, hi = extable_size();

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct extable_entry *e = &__extable_start[mid];
		if (extable_insn(e) == pc)
			return e;
		if (extable_insn(e) < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
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

static bool extable_fault_hook(struct trapframe *tf, const struct fault *f)
{
	uint64_t fixup;

	if (f->user_mode || f->violation || !(fixup = fixup_search(f->pc)))
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
