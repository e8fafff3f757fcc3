/*
 * kernel/tests/kstack_test.c - kernel stacks have a guard, and an overflow
 * is reported by name and ends only the process that overflowed.
 */
#include "ktest.h"
#include "kstack.h"
#include "proc.h"
#include "pmm.h"
#include "vm.h"
#include "arch/arch.h"
#include "arch/trap.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"

static void write_byte(void *p)
{
	*(volatile char *)p = 1;
}

KTEST(kstack_guard_below_every_stack)
{
	size_t free0 = pmm_free_pages();
	unsigned n0 = kstack_count();
	char *s = kstack_alloc();
	struct fault f;

	KASSERT(s != NULL);
	KEXPECT_EQ(kstack_count(), n0 + 1);
	/* in the stack area, at the start of its slot */
	KEXPECT((uint64_t)s >= KSTACK_AREA && (uint64_t)s < KSTACK_AREA_END);
	KEXPECT_EQ(((uint64_t)s - KSTACK_AREA) % KSTACK_SLOT, 0);
	/* every page of the stack mapped and zeroed, none of the guard */
	for (unsigned off = 0; off < KSTACK_SIZE; off += PAGE_SIZE) {
		KEXPECT(vm_translate(kernel_root, (uint64_t)s + off, NULL, NULL));
		KEXPECT(vm_translate(kernel_root, (uint64_t)s - KSTACK_SIZE + off, NULL, NULL) == false);
		KEXPECT_EQ(s[off], 0);
	}
	s[0] = s[KSTACK_SIZE - 1] = 1;          /* both ends are writable */
	/* the byte just below the stack faults: nothing is written there */
	KEXPECT(ktest_expect_fault(write_byte, s - 1, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.addr, (uint64_t)(s - 1));
	KEXPECT(!f.present);
	KEXPECT(kstack_in_guard((uint64_t)(s - 1), (uint64_t)s + KSTACK_SIZE));
	kstack_free(s);
	KEXPECT_EQ(kstack_count(), n0);
	KEXPECT(!vm_translate(kernel_root, (uint64_t)s, NULL, NULL));   /* unmapped again */
	KEXPECT_EQ(pmm_free_pages(), free0);   /* the four pages came back, no table taken */
}

/* Deep enough to overflow any stack: each call keeps 256 bytes live. */
static volatile unsigned depth_reached, depth_limit = ~0u;

static __attribute__((noinline)) unsigned recurse(unsigned depth)
{
	volatile char pad[256];

	pad[0] = (char)depth;
	depth_reached = depth;
	if (depth >= depth_limit)
		return depth;
	return recurse(depth + 1) + pad[0];     /* not a tail call: the frame stays */
}

static void overflow_entry(void)
{
	recurse(1);
	panic("kstack test: the recursion returned");
}

/*
 * A process whose thread, instead of entering user mode, recurses on its
 * kernel stack as a buggy system call would. Its first switch-in runs
 * overflow_entry at the top of its stack (the spot of its user frame).
 */
static void overflow_one_process(unsigned round)
{
	char *argv[] = { "echo", NULL }, want[48];
	unsigned count0 = trap_last_overflow.count, n0 = kstack_count();
	int pid = proc_spawn(NULL, "/bin/echo", argv);
	struct proc *p;
	struct thread *t;
	uint64_t top;

	if (pid == -ENOENT)            /* no initrd in this boot */
		ktest_skip("no /bin/echo");
	KASSERT(pid > 0);
	p = proc_find(pid);
	KASSERT(p && p->threads[0]);
	t = p->threads[0];
	top = (uint64_t)thread_kstack_top(t);
	arch_context_init(&t->ctx, t->utf, overflow_entry);
	depth_reached = 0;

	/* The report comes from that thread while this one sleeps: mark it
	 * as a TAP diagnostic, as the runner does for an expected fault. */
	printk_set_prefix("# ");
	for (int i = 0; i < 500 && proc_find(pid); i++)   /* ended and reaped: at most 5 s */
		sleep_ns(10 * 1000000ull);
	printk_set_prefix(NULL);

	KEXPECT(proc_find(pid) == NULL);
	KEXPECT_EQ(trap_last_overflow.count, count0 + 1);
	ksnprintf(want, sizeof(want), "pid %d (echo)", pid);
	kprintf("# round %u: \"kernel stack overflow in %s\" after %u calls\n", round,
		trap_last_overflow.who, depth_reached);
	KEXPECT(!strcmp(trap_last_overflow.who, want));
	KEXPECT_EQ(trap_last_overflow.stack_top, top);
	KEXPECT(kstack_in_guard(trap_last_overflow.addr, top));
	/* 256 bytes a call and 16 KiB of stack: at least 40 calls deep,
	 * and not more than 64 (or it wrote beyond the stack) */
	KEXPECT(depth_reached >= 40 && depth_reached <= KSTACK_SIZE / 256);
	KEXPECT_EQ(kstack_count(), n0);        /* its stack was freed when it was reaped */
}

KTEST(kstack_overflow_oopses_by_name_and_kills_the_process)
{
	/* Twice: the kernel carried on after the first, and the freed slot
	 * (with its guard) serves the next thread just as well. */
	overflow_one_process(1);
	overflow_one_process(2);
}
