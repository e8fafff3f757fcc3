/*
 * arch/x86_64/tests/usermode_test.c - threads and user mode on x86-64:
 * the context switch, the SYSRET/IRETQ decision, SWAPGS balance over a
 * real user-mode round trip (SYSCALL, SYSRET, a trap), and user faults
 * decoded with user_mode set.
 *
 * User code runs without a process here: enter_user() leaves through
 * arch_return_to_user() inside ktest_expect_fault(), and the user code
 * ends with a trap, which the self-test fault hook turns back into a
 * kernel call (arch_tf_call_on_return on a user frame, frame.c).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "base/printk.h"
#include "sched.h"
#include "base/string.h"
#include "sys/syscall.h"
#include "vm.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

/* --- context switch ---------------------------------------------------- */

static char order[16];
static volatile unsigned order_len, threads_done;
static volatile bool entry_irq_on, entry_frames_end;

/* rbp chain from here: this frame, kthread_entry's, then the trampoline's
 * rbp = 0 (switch.S). A few frames at most, never a wild walk. */
static bool frame_chain_ends(void)
{
	uint64_t *fp = __builtin_frame_address(0);

	for (int depth = 0; depth < 4; depth++) {
		if (!fp[0])
			return true;
		fp = (uint64_t *)fp[0];
	}
	return false;
}

static void pingpong(void *arg)
{
	char me = (char)(uintptr_t)arg;
	/* Live across yield(): the compiler keeps these in callee-saved
	 * registers or on this thread's stack; both must survive a switch. */
	uint64_t a = 0x1111111111111111ull * (uint64_t)(me - 'A' + 1), b = ~a;

	if (me == 'A') {
		entry_irq_on = arch_irq_enabled();
		entry_frames_end = frame_chain_ends();
	}
	for (int i = 0; i < 3; i++) {
		order[order_len++] = me;
		yield();
		if (a != 0x1111111111111111ull * (uint64_t)(me - 'A' + 1) || b != ~a)
			order[order_len++] = '!';
		__asm__ volatile("" : "+r"(a), "+r"(b));
	}
	threads_done++;
}

KTEST(x86_context_switch_kthreads)
{
	order_len = threads_done = 0;
	KASSERT(kthread_create("ping", pingpong, (void *)'A'));
	KASSERT(kthread_create("pong", pingpong, (void *)'B'));
	/* This (boot) thread runs again only when both are done or asleep. */
	for (int spins = 0; threads_done < 2 && spins < 100; spins++)
		yield();
	order[order_len] = 0;
	kprintf("# switch order: %s\n", order);
	KEXPECT_EQ(threads_done, 2);
	KEXPECT(!strcmp(order, "ABABAB"));
	KEXPECT(entry_irq_on);
	KEXPECT(entry_frames_end);
}

/* --- the SYSRET guard ---------------------------------------------------- */

static void sysret_frame(struct trapframe *tf, uint64_t rip)
{
	arch_utf_init(tf, rip, 0x7fff0000, 0, 0);
	tf->rcx = rip;                   /* what SYSCALL left there */
	tf->r11 = tf->rflags;
}

KTEST(x86_sysret_guard)
{
	struct trapframe tf;

	sysret_frame(&tf, 0x401000);
	KEXPECT(x86_sysret_safe(&tf));              /* an ordinary syscall return */

	/* The classic: a user rip that is not canonical. SYSRET would #GP in
	 * ring 0 on the user's stack; the decision must be IRETQ. */
	sysret_frame(&tf, 0x0000800000000000ull);
	KEXPECT(!x86_rip_canonical(tf.rip));
	KEXPECT(!x86_sysret_safe(&tf));
	sysret_frame(&tf, 0x8000000000000000ull);
	KEXPECT(!x86_sysret_safe(&tf));
	/* Canonical but not user space, and the last page below the hole. */
	sysret_frame(&tf, 0xffff800000000000ull);
	KEXPECT(x86_rip_canonical(tf.rip));
	KEXPECT(!x86_sysret_safe(&tf));
	sysret_frame(&tf, USER_VA_LIMIT);
	KEXPECT(!x86_sysret_safe(&tf));
	sysret_frame(&tf, USER_VA_LIMIT - 2);
	KEXPECT(x86_sysret_safe(&tf));

	/* The kernel moved rip (exec, a signal one day): rcx is stale. */
	sysret_frame(&tf, 0x401000);
	tf.rip = 0x402000;
	KEXPECT(!x86_sysret_safe(&tf));
	/* rflags edited, or TF/RF that SYSRET cannot restore faithfully. */
	sysret_frame(&tf, 0x401000);
	tf.r11 ^= 1;
	KEXPECT(!x86_sysret_safe(&tf));
	sysret_frame(&tf, 0x401000);
	tf.rflags |= 1ull << 8;
	tf.r11 = tf.rflags;
	KEXPECT(!x86_sysret_safe(&tf));
}

/* --- user mode round trips ---------------------------------------------- */

/*
 * User code, copied to a user page (position independent). rdi = a user
 * data page, which is also the user's GS base while it runs. Offsets of
 * the labels let the test check rip values.
 */
extern const char ucode_roundtrip[], ucode_after_syscall[], ucode_roundtrip_ud2[],
	ucode_roundtrip_end[];
extern const char ucode_faults[], ucode_faults_end[];
extern const char ucode_tf_syscall[], ucode_tf_syscall_end[];
__asm__(
	".pushsection .rodata\n"
	"ucode_roundtrip:\n"
	"	movq %gs:32, %rdx\n"           /* data[4] through the user's GS base */
	"	movq %rdx, 40(%rdi)\n"         /* -> data[5] */
	"	movl $0x7fff, %eax\n"          /* no such system call */
	"	syscall\n"
	"ucode_after_syscall:\n"
	"	movq %rax, 0(%rdi)\n"          /* data[0] = result */
	"	movq %rcx, 8(%rdi)\n"          /* data[1] = rip SYSCALL saved */
	"	movq %gs:32, %rdx\n"
	"	movq %rdx, 48(%rdi)\n"         /* data[6]: GS base still the user's */
	"	movq %rsp, 56(%rdi)\n"         /* data[7]: rsp preserved */
	"	movq %rbx, 64(%rdi)\n"         /* data[8]: rbx preserved */
	"ucode_roundtrip_ud2:\n"
	"	ud2\n"
	"ucode_roundtrip_end:\n"
	/* SYSCALL with RFLAGS.TF=1: POPFQ sets TF for the next instruction. */
	"ucode_tf_syscall:\n"
	"	movl $0x7fff, %eax\n"
	"	pushfq\n"
	"	orq $0x100, (%rsp)\n"
	"	popfq\n"
	"	syscall\n"
	"	ud2\n"
	"ucode_tf_syscall_end:\n"
	/* Fault menu: rsi selects (0 read rdi, 1 int3, 2 int 0x29, 3 cli). */
	"ucode_faults:\n"
	"	cmpq $1, %rsi\n"
	"	je 1f\n"
	"	cmpq $2, %rsi\n"
	"	je 2f\n"
	"	cmpq $3, %rsi\n"
	"	je 3f\n"
	"	movq (%rdi), %rax\n"
	"	ud2\n"
	"1:	int3\n"
	"	ud2\n"
	"2:	movl $7, %ecx\n"
	"	int $0x29\n"
	"	ud2\n"
	"3:	cli\n"                         /* IOPL 0: #GP at CPL 3 */
	"	ud2\n"
	"ucode_faults_end:\n"
	".popsection\n");

#define USTACK_PAGES 1

struct user_run {
	uint64_t code, stack_top, arg0, arg1;
};

static uint8_t test_kstack[16384] __aligned(16);

/* Leave for user mode on a kernel stack of our own; the trap at the end
 * of the user code comes back through the self-test fault hook. */
static void enter_user(void *arg)
{
	struct user_run *r = arg;
	struct trapframe *tf = (struct trapframe *)(test_kstack + sizeof(test_kstack)) - 1;

	arch_utf_init(tf, r->code, r->stack_top, r->arg0, r->arg1);
	tf->rbx = 0x5a5a5a5a12345678ull;
	arch_irq_disable();
	arch_set_kernel_stack(test_kstack + sizeof(test_kstack));
	arch_return_to_user(tf);
}

/* Copy code to a fresh user page; returns its user address. */
static uint64_t map_code(const char *start, const char *end)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_EXEC);

	memcpy(ktest_user_kaddr(u), start, end - start);
	return (uint64_t)(uintptr_t)u;
}

static uint64_t map_stack(void)
{
	void __user *u = ktest_user_map(USTACK_PAGES, VM_READ | VM_WRITE);

	return (uint64_t)(uintptr_t)u + USTACK_PAGES * PAGE_SIZE;
}

/* v is one of the per-CPU areas, and the one of the CPU we run on (the
 * array bound check comes first: a user GS base would fail it before
 * this_percpu() dereferenced anything). */
static bool gs_is_this_cpus(uint64_t v)
{
	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (v == (uint64_t)&x86_percpu[i])
			return v == (uint64_t)this_percpu() && x86_percpu[i].cpu == arch_cpu_id();
	return false;
}

/* Run the user code, expect it to trap; put the kernel stack back. */
static bool run_user(struct user_run *r, struct fault *f)
{
	uint64_t saved_kstack = this_percpu()->kstack_top;
	bool faulted;

	memset(f, 0, sizeof(*f));
	faulted = ktest_expect_fault(enter_user, r, f);
	arch_set_kernel_stack((void *)saved_kstack);
	arch_irq_enable();
	return faulted;
}

KTEST(x86_swapgs_syscall_roundtrip)
{
	void __user *data = ktest_user_map(1, VM_READ | VM_WRITE);
	uint64_t *d = ktest_user_kaddr(data);
	uint64_t code = map_code(ucode_roundtrip, ucode_roundtrip_end);
	struct user_run r = { code, map_stack(), (uint64_t)(uintptr_t)data, 0 };
	struct fault f;

	d[4] = 0xfeedfacecafebeefull;
	/* While user code runs its GS base is KERNEL_GS_BASE's value now. */
	wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)(uintptr_t)data);
	KASSERT(run_user(&r, &f));
	uint64_t gs = rdmsr(MSR_GS_BASE), kgs = rdmsr(MSR_KERNEL_GS_BASE);
	wrmsr(MSR_KERNEL_GS_BASE, 0);

	/* Entered twice from user mode (SYSCALL, #UD), left once (SYSRET):
	 * the kernel's GS base is in use, the user's is parked. */
	KEXPECT(gs_is_this_cpus(gs));
	KEXPECT_EQ(kgs, (uint64_t)(uintptr_t)data);
	KEXPECT_EQ(d[5], 0xfeedfacecafebeefull);
	KEXPECT_EQ(d[6], 0xfeedfacecafebeefull);
	KEXPECT_EQ(d[0], (uint64_t)-ENOSYS);
	KEXPECT_EQ(d[1], code + (ucode_after_syscall - ucode_roundtrip));
	KEXPECT_EQ(d[7], r.stack_top - 8);   /* arch_utf_init enters as after a CALL */
	KEXPECT_EQ(d[8], 0x5a5a5a5a12345678ull);
	KEXPECT_EQ(f.kind, FAULT_UNDEFINED);
	KEXPECT(f.user_mode);
	KEXPECT_EQ(f.pc, code + (ucode_roundtrip_ud2 - ucode_roundtrip));
}

/* Each user fault is decoded with user_mode = true, as generic code needs
 * to kill the process rather than oops. */
KTEST(x86_user_faults_decoded)
{
	uint64_t code = map_code(ucode_faults, ucode_faults_end);
	struct user_run r = { code, map_stack(), 0x10, 0 };
	struct fault f;

	r.arg1 = 0;                                  /* read of an unmapped page */
	KASSERT(run_user(&r, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT(f.user_mode && f.has_addr && !f.present);
	KEXPECT_EQ(f.addr, 0x10);
	KEXPECT(f.code & 4);                         /* PF error code U/S = 1 */

	r.arg1 = 1;
	KASSERT(run_user(&r, &f));
	KEXPECT_EQ(f.kind, FAULT_BREAKPOINT);
	KEXPECT(f.user_mode);

	r.arg1 = 2;
	KASSERT(run_user(&r, &f));
	KEXPECT_EQ(f.kind, FAULT_FASTFAIL);
	KEXPECT(f.user_mode);
	KEXPECT_EQ(f.code, 7);

	r.arg1 = 3;
	KASSERT(run_user(&r, &f));
	KEXPECT_EQ(f.kind, FAULT_GENERAL);
	KEXPECT(f.user_mode);
	KEXPECT(gs_is_this_cpus(rdmsr(MSR_GS_BASE)));
}

/* arch_return_to_user() to a non-canonical rip: IRETQ would fault in
 * ring 0, so it reports the program's own #GP instead. */
KTEST(x86_return_noncanonical_rip)
{
	struct user_run r = { 0x0000800000000000ull, map_stack(), 0, 0 };
	struct fault f;

	KASSERT(run_user(&r, &f));
	KEXPECT_EQ(f.kind, FAULT_GENERAL);
	KEXPECT(f.user_mode);
	KEXPECT_EQ(f.pc, 0x0000800000000000ull);
	KEXPECT(gs_is_this_cpus(rdmsr(MSR_GS_BASE)));
}

/* A user SYSCALL with TF=1. FMASK clears TF, so the kernel is not
 * single-stepped; the return must use IRETQ (x86_sysret_safe refuses TF)
 * and the user's TF comes back with it. Whatever trap follows must find
 * the GS bases balanced. */
KTEST(x86_syscall_single_step)
{
	uint64_t code = map_code(ucode_tf_syscall, ucode_tf_syscall_end);
	struct user_run r = { code, map_stack(), 0, 0 };
	struct fault f;

	KASSERT(run_user(&r, &f));
	kprintf("# trap: %s at %#lx, user_mode=%d\n", f.name, f.pc, f.user_mode);
	KEXPECT(f.user_mode);
	KEXPECT(gs_is_this_cpus(rdmsr(MSR_GS_BASE)));
}
