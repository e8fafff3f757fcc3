/*
 * arch/aarch64/test_faults.c - self-tests for the ESR_EL1 decoder (trap.c):
 * each provokes one exception class on purpose and checks the struct fault.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "arch/aarch64/aarch64.h"

#define RET_INSN 0xd65f03c0u               /* "ret" (Arm ARM C6.2, "RET") */

static uint32_t data_code[4] __aligned(16) = { RET_INSN };
static const uint32_t ro_word = 0x1234;

static void write_word(void *p) { *(volatile uint32_t *)p = 0; }
static void read_word(void *p) { (void)*(volatile uint32_t *)p; }
static void call_addr(void *p) { ((void (*)(void))p)(); }
static void do_udf(void *p) { arch_undefined_insn(); }
static void do_brk(void *p) { arch_breakpoint(); }

/* DFSC/IFSC 0b0011LL = permission, 0b0001LL = translation (Arm ARM, ESR_EL1). */
static unsigned fsc(const struct fault *f) { return f->code & 0x3f; }

KTEST(aarch64_dabort_write_rodata)
{
	struct fault f;

	KASSERT(ktest_expect_fault(write_word, (void *)&ro_word, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.code >> 26, 0x25);        /* data abort, same EL */
	KEXPECT_EQ(fsc(&f) & 0x3c, 0x0c);      /* permission */
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT(f.present && f.has_addr);
	KEXPECT_EQ(f.addr, (uint64_t)&ro_word);
}

KTEST(aarch64_dabort_unmapped)
{
	struct fault f;
	void *hole = (void *)0xffffff0000000000ull;   /* between direct map and image */

	KASSERT(ktest_expect_fault(read_word, hole, &f));
	KEXPECT_EQ(f.code >> 26, 0x25);
	KEXPECT_EQ(fsc(&f) & 0x3c, 0x04);      /* translation */
	KEXPECT_EQ(f.access, ACCESS_READ);
	KEXPECT(!f.present);
	KEXPECT_EQ(f.addr, (uint64_t)hole);
}

KTEST(aarch64_iabort_exec_data)
{
	struct fault f;

	KASSERT(ktest_expect_fault(call_addr, data_code, &f));
	KEXPECT_EQ(f.code >> 26, 0x21);        /* instruction abort, same EL */
	KEXPECT_EQ(fsc(&f) & 0x3c, 0x0c);      /* permission: PXN */
	KEXPECT_EQ(f.access, ACCESS_EXEC);
	KEXPECT_EQ(f.pc, (uint64_t)data_code);
}

KTEST(aarch64_pc_alignment)
{
	struct fault f;
	void *odd = (char *)arch_breakpoint + 2;

	KASSERT(ktest_expect_fault(call_addr, odd, &f));
	KEXPECT_EQ(f.code >> 26, 0x22);
	KEXPECT_EQ(f.kind, FAULT_ALIGNMENT);
	KEXPECT_EQ(f.addr, (uint64_t)odd);
}

KTEST(aarch64_udf_and_brk)
{
	struct fault f;

	KASSERT(ktest_expect_fault(do_udf, NULL, &f));
	KEXPECT_EQ(f.kind, FAULT_UNDEFINED);
	KEXPECT_EQ(f.code >> 26, 0x00);
	KEXPECT_EQ(f.pc, (uint64_t)arch_undefined_insn);

	KASSERT(ktest_expect_fault(do_brk, NULL, &f));
	KEXPECT_EQ(f.kind, FAULT_BREAKPOINT);
	KEXPECT_EQ(f.code >> 26, 0x3c);
	KEXPECT_EQ(f.next_pc, f.pc + 4);

	unsigned seen = ktest_breakpoints_seen();
	ktest_resume_next_breakpoint();
	arch_breakpoint();                     /* comes back through ELR + 4 */
	KEXPECT_EQ(ktest_breakpoints_seen(), seen + 1);
}
