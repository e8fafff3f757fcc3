/*
 * arch/trap.c - what happens after the CPU reports an exception.
 *
 * The arch code has already decoded the hardware's words into a struct
 * fault. Here, the same for every architecture, we decide: a fault in user
 * mode ends the program; in kernel mode a hook may claim it (the UMA
 * exception table, a self-test that expects it), otherwise it is a kernel
 * bug and we print an oops. Ending a process is the business of the
 * process layer far above, which registers how (trap_set_task_ops).
 */
#include "arch/trap.h"
#include "arch/arch.h"
#include "base/printk.h"
#include "arch/mmu.h"
#include "base/ksym.h"
#include "base/cmdline.h"
#include "base/string.h"
#include "arch/kstack.h"

/* What the layers above register at start-up (docs/architecture.md,
 * "Calls that go up"): the kernel's entry points, the exception table's
 * search, what a fault means for a process, and the fault hooks. */
struct arch_upcalls arch_upcalls;
static struct trap_fixup_ops fixup_ops;
static struct trap_task_ops task;
#define MAX_HOOKS 4
static fault_hook_fn hooks[MAX_HOOKS];

bool trap_stamping;               /* make bench: see trap_stamp() */
uint64_t trap_stamps[NSTAMPS];

void arch_set_upcalls(const struct arch_upcalls *up)
{
	arch_upcalls = *up;
}

void trap_set_fixup_ops(const struct trap_fixup_ops *ops)
{
	fixup_ops = *ops;
}

uint64_t trap_fixup_search(uint64_t pc)
{
	return fixup_ops.search ? fixup_ops.search(pc) : 0;
}

void trap_fixup_apply(struct trapframe *tf, uint64_t fixup, uint64_t addr, uint64_t pc)
{
	fixup_ops.record(addr, pc);
	arch_tf_set_pc(tf, fixup);
}

void trap_set_task_ops(const struct trap_task_ops *ops)
{
	task = *ops;
}

void trap_add_hook(fault_hook_fn fn)
{
	for (int i = 0; i < MAX_HOOKS; i++)
		if (!hooks[i]) {
			hooks[i] = fn;
			return;
		}
	panic("trap: too many fault hooks");
}

static const char *access_name(enum fault_access a)
{
	switch (a) {
	case ACCESS_READ:  return "read";
	case ACCESS_WRITE: return "write";
	case ACCESS_EXEC:  return "execute";
	default:           return "access";
	}
}

/* A frame pointer we may follow: 8-aligned, in the kernel half, mapped. */
static bool frame_ok(uint64_t fp)
{
	if (fp < DIRECT_MAP || (fp & 7))
		return false;
	return !kernel_root || mmu_translate(kernel_root, fp, NULL, NULL);
}

/*
 * Walk the frame-pointer chain. On both architectures a frame record is
 * two words, {caller's frame pointer, return address}, and the frame
 * pointer register (rbp / x29) points at it (System V AMD64 ABI 3.2.2,
 * AAPCS64 6.2.3). -fno-omit-frame-pointer keeps the chain intact.
 */
/* One backtrace line: the address, and the function it is in if known. */
static void print_frame(int depth, uint64_t pc)
{
	const char *name;
	uint64_t off;

	if (ksym_lookup(pc, &name, &off))
		kprintf("    #%-2d %p  %s+%#lx\n", depth, (void *)pc, name, off);
	else
		kprintf("    #%-2d %p\n", depth, (void *)pc);
}

void backtrace_from(uint64_t fp, uint64_t pc)
{
	kprintf("  backtrace (source lines: addr2line -e build/%s/kernel.elf ADDR):\n", arch_name());
	print_frame(0, pc);
	for (int depth = 1; depth < 16 && frame_ok(fp); depth++) {
		uint64_t *rec = (uint64_t *)fp;
		if (!rec[1])
			break;
		print_frame(depth, rec[1]);
		if (rec[0] <= fp)   /* stacks grow down: callers' frames are higher */
			break;
		fp = rec[0];
	}
}

void trap_report(const struct trapframe *tf, const struct fault *f)
{
	const char *fn = NULL;
	uint64_t off = 0;
	char where[80] = "";

	if (ksym_lookup(f->pc, &fn, &off))
		ksnprintf(where, sizeof(where), " (%s+%#lx)", fn, off);
	if (f->violation)
		kprintf("%s: %s at pc %p%s\n", f->violation, f->name, (void *)f->pc, where);
	else
		kprintf("%s at pc %p%s\n", f->name, (void *)f->pc, where);
	if (f->kind == FAULT_PAGE)
		kprintf("  %s of %p (%s, %s mode)\n", access_name(f->access), (void *)f->addr,
			f->present ? "protection violation" : "page not mapped",
			f->user_mode ? "user" : "kernel");
	else if (f->has_addr)
		kprintf("  address %p\n", (void *)f->addr);
	kprintf("  code %#lx: %s\n", f->code, f->detail);
	arch_tf_dump(tf);
	backtrace_from(arch_tf_fp(tf), f->pc);
}

/* A fault in user mode is the program's own doing: it alone dies. */
static void user_fault(const struct fault *f)
{
	char what[96];

	if (f->kind == FAULT_PAGE)
		ksnprintf(what, sizeof(what), "%s: %s of %s page", f->name, access_name(f->access),
			  f->present ? "a protected" : "an unmapped");
	else
		ksnprintf(what, sizeof(what), "%s (%s)", f->name, f->detail);
	task.user_fault(what, f->has_addr ? f->addr : f->pc, f->pc);
}

void trap_exception(struct trapframe *tf, struct fault *f)
{
	char who[48];
	bool in_task = task.describe && task.describe(who, sizeof(who));

	if (f->user_mode && in_task) {
		user_fault(f);        /* returns only if it became a signal */
		return;
	}
	for (int i = 0; i < MAX_HOOKS && hooks[i]; i++)
		if (hooks[i](tf, f))
			return;

	if (in_task)
		kprintf("\nKERNEL OOPS in %s: ", who);
	else
		kprintf("\nKERNEL OOPS: ");
	trap_report(tf, f);
	/*
	 * A kernel bug met while serving a process (a system call, or the
	 * demo driver's deliberate bugs): like Linux, end that process and
	 * keep the kernel running -- unless `oops=panic` asks to stop.
	 */
	if (in_task && !cmdline_has("oops=panic")) {
		kprintf("KERNEL OOPS: killing %s and carrying on\n", who);
		arch_irq_enable();
		task.oops_exit();
	}
	panic("unhandled %s in kernel mode", f->name);
}

struct trap_overflow_record trap_last_overflow;
static bool overflow_busy;       /* reporting one: a second is fatal */

void trap_stack_overflow(struct trapframe *tf, struct fault *f, uint64_t guard)
{
	uint64_t top = arch_kernel_stack_top();
	char who[48];
	bool in_task = task.describe && task.describe(who, sizeof(who));

	if (overflow_busy)
		panic("kernel stack overflow while reporting one");
	overflow_busy = true;
	if (!in_task)
		strlcpy(who, "a kernel thread", sizeof(who));
	kprintf("\nKERNEL OOPS: kernel stack overflow in %s\n", who);
	kprintf("  the stack is %p..%p; %p is in the unmapped guard below it\n",
		(void *)(top - KSTACK_SIZE), (void *)top, (void *)guard);
	trap_report(tf, f);
	trap_last_overflow.count++;
	trap_last_overflow.addr = guard;
	trap_last_overflow.stack_top = top;
	strlcpy(trap_last_overflow.who, who, sizeof(trap_last_overflow.who));
	if (!in_task || cmdline_has("oops=panic"))
		panic("kernel stack overflow in %s", who);
	/* Like Linux (rewind_stack_and_make_dead): the thread cannot go on on
	 * its stack, but the process can still be ended in an orderly way
	 * from a fresh start at the top of that stack. */
	kprintf("KERNEL OOPS: killing %s and carrying on\n", who);
	overflow_busy = false;
	arch_call_on_thread_stack(task.oops_exit);
}
