/*
 * uma/extable.c - from a faulting instruction to its fixup.
 *
 * When the CPU faults in kernel mode, trap_exception() offers the fault
 * to this hook first. If the faulting pc is a user-access instruction
 * listed in __ex_table, the fault was a bad user pointer, not a kernel
 * bug: remember where it happened and resume at the instruction's fixup,
 * which makes the accessor report failure (and uma/ raises
 * STATUS_ACCESS_VIOLATION into the caller's __except).
 *
 * A fault the arch names as a violation (SMAP/PAN...) is never fixed up:
 * an accessor that forgot STAC is a kernel bug and must oops loudly.
 */
#include "extable.h"
#include "trap.h"
#include "arch.h"
#include "thread.h"
#include "printk.h"

extern const struct extable_entry __extable_start[], __extable_end[];

size_t extable_size(void)
{
	return __extable_end - __extable_start;
}

bool extable_is_sorted(void)
{
	for (const struct extable_entry *e = __extable_start + 1; e < __extable_end; e++)
		if (e[-1].insn >= e->insn)
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
		if (e->insn == pc)
			return e;
		if (e->insn < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void extable_fixup(struct trapframe *tf, const struct extable_entry *e, uint64_t addr,
		   uint64_t pc)
{
	struct thread *t = current_thread();

	t->uma_fault_addr = addr;
	t->uma_fault_pc = pc;
	arch_tf_set_pc(tf, e->fixup);
}

/* The slow path: a fault the arch trap code did not fix up early (its
 * fast path takes the common page fault, arch/<arch>/trap.c) comes here
 * through trap_exception(), fully decoded: e.g. x86's #GP on a
 * non-canonical user pointer. */
static bool extable_fault_hook(struct trapframe *tf, const struct fault *f)
{
	const struct extable_entry *e;

	if (f->user_mode || f->violation || !(e = extable_search(f->pc)))
		return false;
	extable_fixup(tf, e, f->has_addr ? f->addr : 0, f->pc);
	return true;
}

void extable_init(void)
{
	if (!extable_is_sorted())
		panic("extable: __ex_table is not sorted; the build must run tools/sortextable");
	trap_add_hook(extable_fault_hook);
}
