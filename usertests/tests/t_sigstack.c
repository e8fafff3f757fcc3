/*
 * t_sigstack - a signal that cannot be delivered because the user stack is
 * bad or full kills the process cleanly, with its reason on the console
 * ("pid N (t_sigstack): cannot write the frame for SIGUSR1 at 0x...:
 * killed"): the frame is written through CopyToUser, which refuses kernel
 * and non-canonical addresses and turns a fault into an exception
 * (kernel/signal.c, run_handler). Each case runs in a child (status -1);
 * the kernel must be healthy at the end.
 */
#include "testlib.h"

static volatile int handled;
static void handler(int sig) { handled++; }

static unsigned long bad_sp;

/* kill(getpid(), SIGUSR1) with the stack pointer at bad_sp: the frame
 * for the handler must go below it. No C code runs in between. */
static void child_bad_sp(void)
{
	long pid = getpid();
	signal(SIGUSR1, handler);
#ifdef __x86_64__
	__asm__ volatile("movq %0, %%rsp\n\tmovl $7, %%eax\n\tmovq %1, %%rdi\n\tmovl $10, %%esi\n\t"
			 "syscall\n\tud2" : : "r"(bad_sp), "r"(pid) : "rax", "rdi", "rsi", "memory");
#else
	__asm__ volatile("mov sp, %0\n\tmov x0, %1\n\tmov x1, #10\n\tmov x8, #7\n\tsvc #0\n\tudf #0"
			 : : "r"(bad_sp), "r"(pid) : "x0", "x1", "x8", "memory");
#endif
}

/* A thread recursing into its stack's guard page: SIGSEGV with a handler,
 * but no room for its frame. */
static volatile int depth_limit = 1 << 30;   /* never reached: the guard is */

static int recurse(volatile char *p, int n)
{
	volatile char buf[512];
	buf[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(buf, n + 1) + p[0];
}

static void overflow(void *arg)
{
	recurse((volatile char *)arg, 0);
}

static void child_full_stack(void)
{
	char c = 0;
	signal(SIGSEGV, handler);
	int tid = thread_create(overflow, &c);
	thread_join(tid);
	exit(0);
}

/* The control: the same kill on the program's own stack runs the handler
 * and the program goes on, so the -1s below come from the bad stacks. */
static void child_sound_sp(void)
{
	signal(SIGUSR1, handler);
	exit(kill(getpid(), SIGUSR1) == 0 && handled == 1 ? 0 : 1);
}

static char *ro_page;
static void child_read_only_stack(void)
{
	bad_sp = (unsigned long)ro_page + 4096;    /* the frame lands in the read-only page */
	child_bad_sp();
}

int main(void)
{
	struct t_kstate before;

	t_sysinfo();
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_kstate(&before);
	t_ok(t_in_child(child_sound_sp) == 0,
	     "the control: SIGUSR1 with a sound stack runs the handler once, the program goes on (0)");
	static const struct { unsigned long sp; const char *what; } cases[] = {
		{ 0x1000, "an unmapped page" },
		{ 0x100, "an sp so low that the frame would wrap below 0" },
#ifdef __x86_64__
		{ 0x8000000000000000ul, "a non-canonical address" },
#else
		{ 0x00ff000000000000ul, "a tagged / out-of-range address" },
#endif
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad_sp = cases[i].sp;
		t_ok(t_in_child(child_bad_sp) == -1, "sp = 0x%lx (%s): cannot write the frame, killed (-1)",
		     bad_sp, cases[i].what);
	}
	bad_sp = t_si.kernel_data;
	t_ok(t_in_child(child_bad_sp) == -1, "sp = kernel data: CopyToUser refuses, killed (-1)");
	bad_sp = t_si.kernel_stack;
	t_ok(t_in_child(child_bad_sp) == -1, "sp = a kernel stack: killed (-1)");
	bad_sp = t_si.user_va_limit;
	t_ok(t_in_child(child_bad_sp) == -1 , "sp = the top of user space: killed (-1)");
	t_ok(t_in_child(child_read_only_stack) == -1, "sp at the end of a read-only page: killed (-1)");
	t_ok(t_in_child(child_full_stack) == -1,
	     "a thread overflows its stack with a SIGSEGV handler set: no room for the frame, "
	     "the process is killed (-1)");
	t_kernel_healthy(&before, "after the bad stacks");
	return t_done();
}
