/* kernel/tests/trap_test.c - exceptions are decoded, reported and survivable. */
#include "ktest.h"
#include "arch/arch.h"

static void undefined(void *unused) { arch_undefined_insn(); }

KTEST(trap_breakpoint_resumes)
{
	unsigned before = ktest_breakpoints_seen();
	volatile int after = 0;

	ktest_resume_next_breakpoint();
	arch_breakpoint();
	after = 1;                       /* we got here: execution resumed */
	KEXPECT_EQ(ktest_breakpoints_seen(), before + 1);
	KEXPECT_EQ(after, 1);
}

KTEST(trap_undefined_instruction_is_caught)
{
	struct fault f;

	KASSERT(ktest_expect_fault(undefined, NULL, &f));
	KEXPECT_EQ(f.kind, FAULT_UNDEFINED);
	/* the faulting instruction is inside arch_undefined_insn (after any prologue) */
	KEXPECT(f.pc >= (uint64_t)arch_undefined_insn && f.pc < (uint64_t)arch_undefined_insn + 16);
	/* and the kernel is still fine afterwards */
	KEXPECT(arch_irq_enabled());
}

/* Not in `ktest=all`: run it by name to see the runner report a failure
 * and `make test` exit non-zero (tools/test-harness.sh does exactly that). */
KTEST_FLAGS(ktest_must_fail, KTEST_EXPLICIT)
{
	KEXPECT_EQ(1 + 1, 3);
}
