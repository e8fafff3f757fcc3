/*
 * arch/aarch64/tests/el0_test.c - self-tests for user mode without a
 * process: the frame arch_utf_init builds, a real ERET to EL0 and SVC back
 * (one full system call on the way), and how EL0 faults are decoded.
 *
 * How a test gets back from EL0: it runs a few instructions on a user
 * page, with its own kernel stack whose top holds the user frame (as a
 * thread's utf), and claims the final exception through el0_sync_test_hook,
 * which longjmps back to the test. The page's instructions are written
 * through the direct map (A64 encodings from the Arm ARM, C6).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "vm.h"
#include "thread.h"
#include "kstack.h"
#include "base/string.h"
#include "uapi/errno.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

#define A64_SVC0      0xd4000001u                          /* svc #0 */
#define A64_MOVZ_X8(i) (0xd2800008u | ((uint32_t)(i) << 5))  /* movz x8, #i */
#define A64_LDR_X0_X1 0xf9400020u                          /* ldr x0, [x1] */
#define A64_STR_X0_X1 0xf9000020u                          /* str x0, [x1] */
#define A64_BRK(i)    (0xd4200000u | ((uint32_t)(i) << 5))  /* brk #i */
#define A64_B_SELF    0x14000000u                          /* b . */
#define A64_MASK_IRQ  0xd50342dfu                          /* msr daifset, #2 */
#define A64_FMOV_D0   0x9e6703e0u                          /* fmov d0, xzr */
#define A64_PTRUE_P0  0x2518e3e0u                          /* ptrue p0.b (SVE) */

#define MAGIC_NR      0x7e57      /* the SVC the hook claims */
#define NO_SUCH_NR    0xfff       /* far past NSYSCALLS: -ENOSYS */

enum { AT_ROUND_TRIP = 0, AT_LOAD = 4, AT_STORE = 6, AT_FASTFAIL = 8, AT_MASK_IRQ = 10, AT_FP = 12,
       AT_SVE = 15 };
static const uint32_t user_code[] = {
	[0] = A64_SVC0, [1] = A64_MOVZ_X8(MAGIC_NR), [2] = A64_SVC0, [3] = A64_B_SELF,
	[AT_LOAD] = A64_LDR_X0_X1, [AT_LOAD + 1] = A64_B_SELF,
	[AT_STORE] = A64_STR_X0_X1, [AT_STORE + 1] = A64_B_SELF,
	[AT_FASTFAIL] = A64_BRK(0xf003), [AT_FASTFAIL + 1] = A64_B_SELF,
	[AT_MASK_IRQ] = A64_MASK_IRQ, [AT_MASK_IRQ + 1] = A64_B_SELF,
	[AT_FP] = A64_FMOV_D0, [AT_FP + 1] = A64_MOVZ_X8(MAGIC_NR), [AT_FP + 2] = A64_SVC0,
	[AT_SVE] = A64_PTRUE_P0, [AT_SVE + 1] = A64_B_SELF,
};

static struct jmp_buf back;
static struct trapframe caught;     /* the frame of the exception that ended the run */
static uint64_t pan_at_entry, uao_at_entry;

/* Everything from EL0 except an ordinary system call ends the run. */
static bool catch_el0(struct trapframe *tf)
{
	if (ESR_EC(tf->esr) == EC_SVC64 && tf->x[8] != MAGIC_NR)
		return false;
	caught = *tf;
	pan_at_entry = cpu_pan_level ? read_sysreg(SYS_PAN) & PSTATE_PAN : 0;
	uao_at_entry = (read_sysreg(SYS_ID_AA64MMFR2_EL1) >> 4) & 0xf ?
		       read_sysreg(SYS_UAO) & PSTATE_UAO : 0;
	arch_longjmp(&back, 1);
}

static uintptr_t code_page, stack_page;

static void map_user_code(void)
{
	void *k;

	code_page = (uintptr_t)ktest_user_map(1, VM_READ | VM_EXEC);
	stack_page = (uintptr_t)ktest_user_map(1, VM_READ | VM_WRITE);
	k = ktest_user_kaddr((void __user *)code_page);
	memcpy(k, user_code, sizeof(user_code));
	/* New instructions: clean D to the point of unification, drop stale I
	 * (Arm ARM B2.4.4, "Concurrent modification and execution"). */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic iallu\n\tdsb ish\n\tisb"
			 : : "r"(k) : "memory");
}

/* Enter EL0 at pc with x1 and x8 as given; return once catch_el0 fired. */
static void run_user(uint64_t pc, uint64_t x1, uint64_t x8)
{
	void *stack = kstack_alloc();      /* a kernel stack like a thread's */
	struct trapframe *tf;
	uint64_t irq;

	KASSERT(stack != NULL);
	tf = (struct trapframe *)((char *)stack + KSTACK_SIZE) - 1;
	arch_utf_init(tf, pc, stack_page + PAGE_SIZE, 0x1111, x1);
	tf->x[8] = x8;
	memset(&caught, 0, sizeof(caught));
	el0_sync_test_hook = catch_el0;
	irq = arch_irq_save();
	if (arch_setjmp(&back) == 0)
		arch_return_to_user(tf);
	el0_sync_test_hook = NULL;
	arch_irq_restore(irq);
	kstack_free(stack);
}

KTEST(aarch64_utf_init)
{
	struct trapframe tf;

	memset(&tf, 0xa5, sizeof(tf));
	arch_utf_init(&tf, 0x400000, 0x7ffff000, 3, 0x7fffefc0);
	KEXPECT_EQ(tf.elr, 0x400000);
	KEXPECT_EQ(tf.sp_el0, 0x7ffff000);
	KEXPECT_EQ(tf.x[0], 3);
	KEXPECT_EQ(tf.x[1], 0x7fffefc0);
	KEXPECT_EQ(tf.x[2] | tf.x[8] | tf.x[29] | tf.x[30], 0);   /* nothing leaks */
	KEXPECT_EQ(tf.spsr & 0x1f, 0);                             /* M = EL0t, AArch64 */
	KEXPECT_EQ(tf.spsr & (0xfull << 6), 0);                    /* DAIF clear */
	KEXPECT_EQ(tf.spsr & PSTATE_UAO, 0);
	KEXPECT(arch_tf_from_user(&tf));
	arch_tf_set_return(&tf, (uint64_t)-EFAULT);
	KEXPECT_EQ(tf.x[0], (uint64_t)-EFAULT);
	tf.spsr = 0x3c5;                                           /* EL1h, masked */
	KEXPECT(!arch_tf_from_user(&tf));
}

/* ERET to EL0, a system call that returns -ENOSYS, and a second SVC. */
KTEST(aarch64_el0_syscall_round_trip)
{
	map_user_code();
	run_user(code_page + 4 * AT_ROUND_TRIP, 0x2222, NO_SUCH_NR);
	KEXPECT_EQ(ESR_EC(caught.esr), EC_SVC64);
	KEXPECT_EQ(caught.elr, code_page + 4 * 3);        /* after the second SVC */
	KEXPECT_EQ(caught.x[0], (uint64_t)-ENOSYS);       /* the first call's result */
	KEXPECT_EQ(caught.x[1], 0x2222);                  /* arguments survive a call */
	KEXPECT_EQ(caught.sp_el0, stack_page + PAGE_SIZE);
	KEXPECT(arch_tf_from_user(&caught));
	KEXPECT_EQ(caught.spsr & (0xfull << 6), 0);       /* EL0 ran with IRQs on */
	KEXPECT_EQ(uao_at_entry, 0);
	if (!arch_user_access_protected())
		ktest_skip("PAN off (nopan or not implemented)");
	/* SCTLR_EL1.SPAN = 0: entry from EL0 set PAN, and it is still set here. */
	KEXPECT_EQ(pan_at_entry, PSTATE_PAN);
	KEXPECT_EQ(read_sysreg(SYS_PAN) & PSTATE_PAN, PSTATE_PAN);
}

/* EL0 aborts decode like EL1 ones (EC 0x24 / 0x20), with user_mode set. */
KTEST(aarch64_el0_fault_decode)
{
	struct fault f;

	map_user_code();
	uintptr_t hole = stack_page + PAGE_SIZE;          /* ktest_user_map's guard page */
	run_user(code_page + 4 * AT_LOAD, hole + 8, 0);
	trap_decode(&caught, &f);
	KEXPECT_EQ(ESR_EC(caught.esr), 0x24);
	KEXPECT(f.user_mode && f.kind == FAULT_PAGE && f.has_addr);
	KEXPECT_EQ(f.access, ACCESS_READ);
	KEXPECT_EQ(f.addr, hole + 8);
	KEXPECT(!f.present);
	KEXPECT(f.violation == NULL);

	run_user(code_page + 4 * AT_STORE, code_page, 0); /* read-only to EL0 */
	trap_decode(&caught, &f);
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT_EQ(f.addr, code_page);
	KEXPECT(f.present && f.user_mode);

	run_user(stack_page, 0, 0);                        /* execute a data page */
	trap_decode(&caught, &f);
	KEXPECT_EQ(ESR_EC(caught.esr), 0x20);
	KEXPECT_EQ(f.access, ACCESS_EXEC);
	KEXPECT_EQ(f.addr, stack_page);
	KEXPECT(f.present && f.user_mode);

	run_user(code_page + 4 * AT_FASTFAIL, 0, 0);
	trap_decode(&caught, &f);
	KEXPECT_EQ(f.kind, FAULT_FASTFAIL);
	KEXPECT_EQ(f.code, 0x1111);                        /* x0, from arch_utf_init */
	KEXPECT(f.user_mode);
}

/* User mode may not mask interrupts (SCTLR_EL1.UMA = 0: the MSR traps
 * with EC 0x18), touch the timer (CNTKCTL_EL1) or use SVE, whose wider
 * registers nobody saves (CPACR_EL1.ZEN = 0: EC 0x19, or EC 0x00 on a CPU
 * without SVE); FP/SIMD it may use (FPEN = 0b11); see el0_cpu_init. */
KTEST(aarch64_el0_restrictions)
{
	struct fault f;

	KEXPECT_EQ(read_sysreg(cntkctl_el1) & 0x3ff, 1u << 1);   /* only EL0VCTEN */
	KEXPECT_EQ(read_sysreg(sctlr_el1) & ((1u << 9) | (1u << 24)), 0);
	map_user_code();
	run_user(code_page + 4 * AT_MASK_IRQ, 0, 0);
	KEXPECT_EQ(ESR_EC(caught.esr), 0x18);
	KEXPECT_EQ(caught.elr, code_page + 4 * AT_MASK_IRQ);
	trap_decode(&caught, &f);
	KEXPECT(f.user_mode && f.kind == FAULT_GENERAL);

	run_user(code_page + 4 * AT_FP, 0, 0);             /* fmov, then the magic SVC */
	KEXPECT_EQ(ESR_EC(caught.esr), EC_SVC64);
	KEXPECT_EQ(caught.elr, code_page + 4 * (AT_FP + 3));

	bool sve = (read_sysreg(id_aa64pfr0_el1) >> 32) & 0xf;   /* ID_AA64PFR0_EL1.SVE */
	run_user(code_page + 4 * AT_SVE, 0, 0);
	KEXPECT_EQ(ESR_EC(caught.esr), sve ? 0x19 : 0x00);
	KEXPECT_EQ(caught.elr, code_page + 4 * AT_SVE);
	trap_decode(&caught, &f);
	KEXPECT(f.user_mode && f.kind == FAULT_UNDEFINED);
}
