/*
 * t_callback - user-mode callbacks (docs/syscalls.md "User-mode callbacks";
 * kernel/callback.c, kernel/sys/callback_demo.c): demo(DEMO_CALLBACK, 0, x)
 * returns fn(x) + x, with fn run in user mode by a return, never a call.
 *
 * Exact results; the errors (nothing registered, a nested callback, an
 * unpaired callback_return, a bad address); a callback that makes system
 * calls, takes a signal, faults or exits; frames the callback edits,
 * checked exactly as sigreturn's (t_sigframe); a stack with no room for
 * the frame. The kernel must be healthy at the end.
 */
#include "testlib.h"
#include <asm/sigcontext.h>
#include "demo.h"

static long callback_ret(long result)
{
	return __syscall(SYS_callback_return, result, 0, 0, 0, 0, 0);
}

static long square(long x, void *frame) { return x * x; }

static long ask(long x)
{
	return demo(DEMO_CALLBACK, 0, (unsigned long)x);
}

/* ---- results and errors -------------------------------------------------- */

static void results(void)
{
	static const long xs[] = { 0, 1, 7, -3, 1000, 46340, -46340 };
	int bad = 0;

	t_err(ask(5), EINVAL, "DEMO_CALLBACK with no callback registered: EINVAL");
	t_ok(callback_ret(1) == -EINVAL, "callback_return with no callback pending: -EINVAL");
	t_err(callback_register((callback_fn)0xffff800000000000ul), EINVAL,
	      "a kernel address as the callback: EINVAL");
	t_err(callback_register((callback_fn)t_si.user_va_limit), EINVAL,
	      "user_va_limit as the callback: EINVAL");
	t_ok(callback_register(square) == 0, "callback_register(square): 0");
	for (unsigned i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		t_ok(ask(xs[i]) == xs[i] * xs[i] + xs[i], "x = %ld: fn(x) + x = %ld", xs[i],
		     xs[i] * xs[i] + xs[i]);
	for (long x = 0; x < 2000; x++)
		bad += ask(x) != x * x + x;
	t_ok(bad == 0, "2000 callbacks in a row, each result exact (%d wrong)", bad);
	t_ok(callback_ret(1) == -EINVAL, "callback_return after the callback has returned: -EINVAL");
	t_ok(callback_register(NULL) == 0 && ask(3) == -1 && errno == EINVAL,
	     "after callback_register(NULL): EINVAL again");
}

/* ---- what a callback may do ---------------------------------------------- */

static int fds[2];
static long nested_errno;
static volatile int usr1;

static long syscalls_cb(long x, void *frame)
{
	char c = 'k';
	if (write(fds[1], &c, 1) != 1 || read(fds[0], &c, 1) != 1 || c != 'k')
		return -100000;
	return getpid() * 10;
}

static long nested_cb(long x, void *frame)
{
	long r = ask(x);
	nested_errno = r == -1 ? errno : 0;
	return 77;
}

static void on_usr1(int sig) { usr1++; }

static long signal_cb(long x, void *frame)
{
	kill(getpid(), SIGUSR1);          /* delivered on top of the callback */
	return usr1 == 1 ? 11 : -100000;
}

static long *volatile null_ptr;

static long fault_cb(long x, void *frame)
{
	return *null_ptr;
}

static long exit_cb(long x, void *frame)
{
	exit(42);
}

static void child_fault(void)
{
	callback_register(fault_cb);
	ask(1);
	exit(0);                          /* must not get here */
}

static void child_exit(void)
{
	callback_register(exit_cb);
	ask(1);
	exit(0);
}

static void inside(void)
{
	pipe(fds);
	callback_register(syscalls_cb);
	t_ok(ask(3) == getpid() * 10 + 3, "a callback that writes, reads and calls getpid: exact");
	close(fds[0]);
	close(fds[1]);
	callback_register(nested_cb);
	t_ok(ask(4) == 81 && nested_errno == EBUSY,
	     "DEMO_CALLBACK from inside a callback: EBUSY; the outer one still completes (81)");
	signal(SIGUSR1, on_usr1);
	callback_register(signal_cb);
	t_ok(ask(6) == 17 && usr1 == 1, "a signal handled inside a callback: both complete (17)");
	signal(SIGUSR1, SIG_DFL);
	t_ok(t_in_child(child_fault) == -1, "a callback that faults: the process is killed (-1)");
	t_ok(t_in_child(child_exit) == 42, "a callback that calls exit(42): status 42");
}

/* ---- the frame is hostile -------------------------------------------------- */

static void (*edit)(struct sigframe *f);
static unsigned long bad_pc;

static long edit_cb(long x, void *frame)
{
	edit(frame);
	return x;
}

static long edited(void (*e)(struct sigframe *), long x)
{
	edit = e;
	callback_register(edit_cb);
	return ask(x);
}

static void set_result(struct sigframe *f)
{
#ifdef __x86_64__
	f->rax = 1234;
#else
	f->x[0] = 1234;
#endif
}

static struct sigframe seen;

static long snapshot_cb(long x, void *frame)
{
	seen = *(struct sigframe *)frame;
	return 0;
}

/* The privilege the program resumed with, from the next frame the kernel
 * writes (as t_sigframe does). */
#ifdef __x86_64__
static void set_pc(struct sigframe *f) { f->rip = bad_pc; }
static void set_kernel_sel(struct sigframe *f) { f->cs = 0x08; f->ss = 0x10; f->rflags = ~0ul; }
static int privileged(void)
{
	return seen.cs != 0x23 || seen.ss != 0x1b ||
	       (seen.rflags & ((3ul << 12) | (1ul << 8) | (1ul << 14) | (1ul << 18))) ||  /* IOPL TF NT AC */
	       !(seen.rflags & (1ul << 9));                                                /* IF */
}
#else
static void set_pc(struct sigframe *f) { f->pc = bad_pc; }
static void set_kernel_sel(struct sigframe *f) { f->pstate = ~0ul; }  /* EL2h, DAIF, SS, ... */
static int privileged(void)
{
	return (seen.pstate & 0x3cf) != 0 || (seen.pstate & (1ul << 21));  /* EL0t, DAIF clear, no SS */
}
#endif

static void child_pc(void)
{
	edited(set_pc, 2);
	exit(0);                          /* must not get here */
}

static void child_privilege(void)
{
	long r = edited(set_kernel_sel, 2);
	callback_register(snapshot_cb);
	ask(0);
	exit(r == 4 && !privileged() ? 0 : 1);
}

/* demo with the stack pointer at an unmapped page: no room for the frame. */
static long ask_on_bad_stack(void)
{
	long r;
#ifdef __x86_64__
	__asm__ volatile("movq %%rsp, %%rbx\n\tmovq $0x1000, %%rsp\n\tsyscall\n\tmovq %%rbx, %%rsp"
			 : "=a"(r)
			 : "a"((long)SYS_demo), "D"((long)DEMO_CALLBACK), "S"(0L), "d"(3L)
			 : "rbx", "rcx", "r11", "memory");
#else
	register long x0 __asm__("x0") = DEMO_CALLBACK, x1 __asm__("x1") = 0,
		 x2 __asm__("x2") = 3, x8 __asm__("x8") = SYS_demo;
	__asm__ volatile("mov x19, sp\n\tmov x9, #0x1000\n\tmov sp, x9\n\tsvc #0\n\tmov sp, x19"
			 : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "x9", "x19", "memory");
	r = x0;
#endif
	return r;
}

static void hostile(void)
{
	static const unsigned long pcs[] = {
		0x0000800000000000ul, 0xffff800000000000ul, 0xfffffffffffffffful,
	};

	t_ok(edited(set_result, 9) == 18,
	     "the return register edited in the frame: the driver's answer wins (18)");
	for (unsigned i = 0; i < sizeof(pcs) / sizeof(pcs[0]); i++) {
		bad_pc = pcs[i];
		t_ok(t_in_child(child_pc) == -1, "the frame's pc = 0x%lx: killed (-1)", bad_pc);
	}
	bad_pc = t_si.user_va_limit;
	t_ok(t_in_child(child_pc) == -1, "the frame's pc = user_va_limit: killed (-1)");
	t_ok(t_in_child(child_privilege) == 0,
#ifdef __x86_64__
	     "cs/ss = the kernel's, rflags = ~0 in the frame: back in ring 3, IF set, no IOPL/TF/NT/AC"
#else
	     "pstate = ~0 in the frame: back at EL0t with DAIF and SS clear"
#endif
	);
	callback_register(square);
	t_ok(ask_on_bad_stack() == -EFAULT, "no room for the frame below the stack: -EFAULT");
	t_ok(ask(5) == 30, "and the next callback works (30)");
	callback_register(NULL);
}

int main(void)
{
	struct t_kstate before;

	t_sysinfo();
	t_kstate(&before);
	results();
	inside();
	hostile();
	t_kernel_healthy(&before, "after the callbacks");
	return t_done();
}
