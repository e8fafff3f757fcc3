/*
 * t_signal - POSIX-style signals (kernel/signal.c, docs/syscalls.md
 * "Signals"): delivery to a handler, SIG_DFL and SIG_IGN, every signal
 * number, the errors of signal and kill, the mask while a handler runs,
 * system calls inside a handler, alarm_ms, SIGCHLD, -EINTR from sleep_ms,
 * pipe reads and waitpid, and registers (general and FP/SIMD) that a
 * handler clobbers coming back intact to the interrupted code.
 */
#include "testlib.h"
#include "cpuregs.h"

static volatile int got[NSIG], last, depth, max_depth, usr2_inside_usr1;

static void record(int sig)
{
	if (sig > 0 && sig < NSIG)
		got[sig]++;
	last = sig;
}

static void reset(void)
{
	for (int i = 0; i < NSIG; i++)
		got[i] = 0;
	last = 0;
}

static void delivery(void)
{
	reset();
	t_ok(signal(SIGUSR1, record) == SIG_DFL, "signal returns the old handler: SIG_DFL");
	t_ok(kill(getpid(), SIGUSR1) == 0 && got[SIGUSR1] == 1 && last == SIGUSR1,
	     "kill(self, SIGUSR1): the handler ran once with 10 before kill returned");
	t_ok(signal(SIGUSR1, SIG_DFL) == record, "signal returns the old handler: the function");
	reset();
	t_ok(signal(SIGUSR2, SIG_IGN) == SIG_DFL &&
	     kill(getpid(), SIGUSR2) == 0 && got[SIGUSR2] == 0 && last == 0,
	     "SIG_IGN: SIGUSR2 discarded, the process goes on");
	t_ok(signal(SIGUSR2, SIG_DFL) == SIG_IGN, "signal returns SIG_IGN");
}

/* Every number but SIGKILL can be caught; each reaches its handler. */
static void every_signal(void)
{
	int ok = 1;

	reset();
	for (int s = 1; s < NSIG; s++) {
		if (s == SIGKILL)
			continue;
		if (signal(s, record) == SIG_ERR || kill(getpid(), s) != 0 ||
		    got[s] != 1 || last != s) {
			printf("# signal %d: got %d, last %d\n", s, got[s], last);
			ok = 0;
		}
		signal(s, SIG_DFL);
	}
	t_ok(ok, "each of signals 1..31 but 9 caught by its handler, exactly once");
}

static int dfl_sig;
static void die_by_default(void)
{
	kill(getpid(), dfl_sig);
	exit(0);                      /* only SIGCHLD gets here */
}

/* The default action: SIGCHLD ignored, every other signal ends the
 * process with status -1 (the console says which). */
static void defaults(void)
{
	int ok = 1;

	for (int s = 1; s < NSIG; s++) {
		dfl_sig = s;
		int st = t_in_child(die_by_default);
		if (st != (s == SIGCHLD ? 0 : -1)) {
			printf("# SIG_DFL of signal %d: status %d\n", s, st);
			ok = 0;
		}
	}
	t_ok(ok, "SIG_DFL: each of signals 1..31 ends the process with status -1, SIGCHLD is ignored");
}

static void sigkill_in_handler(int sig)
{
	kill(getpid(), SIGKILL);      /* SIGKILL is never blocked */
	exit(5);
}

static void sigkill_child(void)
{
	if (signal(SIGKILL, record) != SIG_ERR || errno != EINVAL)
		exit(3);
	if (signal(SIGKILL, SIG_IGN) != SIG_ERR)
		exit(4);
	signal(SIGUSR1, sigkill_in_handler);
	kill(getpid(), SIGUSR1);
	exit(6);
}

static void errors(void)
{
	sighandler_t kaddr = (sighandler_t)(t_si.kernel_text_start);

	t_ok(signal(SIGKILL, record) == SIG_ERR && errno == EINVAL,
	     "signal(SIGKILL, h): SIG_ERR, EINVAL");
	t_ok(signal(0, record) == SIG_ERR && errno == EINVAL &&
	     signal(NSIG, record) == SIG_ERR && errno == EINVAL &&
	     signal(-1, record) == SIG_ERR && errno == EINVAL,
	     "signal(0 / 32 / -1, h): SIG_ERR, EINVAL");
	t_ok(signal(SIGUSR1, kaddr) == SIG_ERR && errno == EINVAL &&
	     signal(SIGUSR1, (sighandler_t)t_si.user_va_limit) == SIG_ERR &&
	     errno == EINVAL, "signal(SIGUSR1, a kernel address / the top of user space): EINVAL");
	t_ok(signal(SIGUSR1, SIG_DFL) == SIG_DFL,
	     "... and the handler did not change");
	t_err(kill(getpid(), NSIG), EINVAL, "kill(self, 32): EINVAL");
	t_err(kill(getpid(), -1), EINVAL, "kill(self, -1): EINVAL");
	t_ok(kill(getpid(), 0) == 0, "kill(self, 0): 0, the process exists");
	t_err(kill(99999, 0), ESRCH, "kill(99999, 0): ESRCH");
	t_err(kill(99999, SIGTERM), ESRCH, "kill(99999, SIGTERM): ESRCH");
	if (getpid() != 1) {
		t_err(kill(1, 0), EPERM, "kill(1, 0) from another process: EPERM");
		t_err(kill(1, SIGTERM), EPERM, "kill(1, SIGTERM): EPERM");
		t_err(kill(1, SIGUSR1), EPERM, "kill(1, SIGUSR1): EPERM");
	}
	t_ok(t_in_child(sigkill_child) == -1,
	     "SIGKILL: cannot be caught or ignored (EINVAL), nor blocked: kill(self, SIGKILL) "
	     "inside a handler ends the process, status -1");
}

/* ---- the mask while a handler runs -------------------------------------- */

static void usr2(int sig)
{
	usr2_inside_usr1 = depth;
	got[sig]++;
}

static void usr1_nesting(int sig)
{
	got[sig]++;
	if (++depth > max_depth)
		max_depth = depth;
	if (got[sig] == 1) {
		kill(getpid(), SIGUSR1);   /* blocked: waits for sigreturn */
		kill(getpid(), SIGUSR2);   /* not blocked: runs now, nested */
	}
	depth--;
}

static void mask(void)
{
	reset();
	depth = max_depth = 0;
	usr2_inside_usr1 = -1;
	signal(SIGUSR1, usr1_nesting);
	signal(SIGUSR2, usr2);
	kill(getpid(), SIGUSR1);
	t_ok(got[SIGUSR1] == 2 && max_depth == 1,
	     "SIGUSR1 sent from its own handler waits until sigreturn: ran twice, never nested "
	     "(%d times, depth %d)", got[SIGUSR1], max_depth);
	t_ok(got[SIGUSR2] == 1 && usr2_inside_usr1 == 1,
	     "SIGUSR2 sent from SIGUSR1's handler runs at once, inside it");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/* ---- system calls inside a handler -------------------------------------- */

static volatile long h_pid, h_write, h_read, h_sleep;
static int hp[2];

static void busy_handler(int sig)
{
	char c = 0;
	h_pid = getpid();
	h_write = write(hp[1], "sig", 3);
	h_read = read(hp[0], &c, 1) == 1 && c == 's';
	h_sleep = sleep_ms(2);
}

static void syscalls_in_handler(void)
{
	pipe(hp);
	signal(SIGUSR1, busy_handler);
	long r = kill(getpid(), SIGUSR1);
	t_ok(r == 0 && h_pid == getpid() && h_write == 3 && h_read == 1 && h_sleep == 0,
	     "a handler calls getpid, write, read and sleep_ms; kill still returns 0");
	char buf[4];
	t_ok(read(hp[0], buf, 2) == 2 && !memcmp(buf, "ig", 2), "the pipe holds the rest");
	close(hp[0]);
	close(hp[1]);
	signal(SIGUSR1, SIG_DFL);
}

/* ---- alarm_ms, SIGCHLD, EINTR ------------------------------------------- */

static void alarm_and_eintr(void)
{
	reset();
	signal(SIGALRM, record);
	t_ok(alarm_ms(100) == 0, "alarm_ms(100): no alarm before, 0");
	int left = alarm_ms(60);
	t_ok(left > 0 && left <= 100, "alarm_ms(60): the previous one had %d ms left", left);
	unsigned long t0 = uptime_ms();
	int r = sleep_ms(2000);
	unsigned long took = uptime_ms() - t0;
	t_ok(r == -1 && errno == EINTR && got[SIGALRM] == 1,
	     "sleep_ms(2000) is interrupted by SIGALRM: -1 EINTR, the handler ran once");
	t_ok(took >= 50 && took < 1500, "... after about 60 ms (%lu)", took);

	alarm_ms(40);
	t_ok(alarm_ms(0) > 0 && sleep_ms(100) == 0 && got[SIGALRM] == 1,
	     "alarm_ms(0) cancels: no SIGALRM during 100 ms");

	/* a pipe read with nothing to read */
	int p[2];
	char c;
	pipe(p);
	alarm_ms(30);
	long n = read(p[0], &c, 1);
	t_ok(n == -1 && errno == EINTR && got[SIGALRM] == 2, "read of an empty pipe: -1 EINTR");
	close(p[0]);
	close(p[1]);

	/* waitpid for a child that takes its time */
	int pid = fork();
	if (pid == 0) {
		sleep_ms(300);
		exit(7);
	}
	alarm_ms(30);
	int st = 0;
	r = waitpid(pid, &st);
	t_ok(r == -1 && errno == EINTR && got[SIGALRM] == 3, "waitpid: -1 EINTR");
	t_ok(waitpid(pid, &st) == pid && st == 7, "... and the child is still there to wait for");
	signal(SIGALRM, SIG_DFL);

	/* SIG_DFL of SIGALRM ends the process */
	pid = fork();
	if (pid == 0) {
		alarm_ms(20);
		sleep_ms(2000);
		exit(0);
	}
	t_ok(waitpid(pid, &st) == pid && st == -1, "an alarm with SIG_DFL ends the process: -1");
}

/* thread_join returns EINTR. The worker faults: SIGSEGV goes to it alone
 * (a thread's own fault), and its handler runs with SIGSEGV blocked for
 * it. There it sends SIGSEGV to the process, which only the joining main
 * thread can take -- whichever CPU each runs on -- and then ends. */
static volatile int segv_calls, join_r, join_errno;

static void segv_twice(int sig)
{
	if (segv_calls++ == 0) {          /* in the worker, for its fault */
		sleep_ms(20);
		kill(getpid(), SIGSEGV);      /* blocked here: main takes it */
		sleep_ms(50);
		thread_exit();                /* never back to the faulting load */
	}
}

static void worker(void *arg)
{
	*(volatile int *)arg = 1;         /* NULL: a fault of its own */
}

static void join_eintr(void)
{
	segv_calls = 0;
	signal(SIGSEGV, segv_twice);
	int tid = thread_create(worker, NULL);
	join_r = thread_join(tid);
	join_errno = errno;
	t_ok(join_r == -1 && join_errno == EINTR && segv_calls == 2,
	     "thread_join: -1 EINTR when a signal for the joining thread arrives (%d, %d calls)",
	     join_r, segv_calls);
	t_ok(thread_join(tid) == 0, "... and joining again waits for the thread");
	signal(SIGSEGV, SIG_DFL);
}

/* fork keeps the handlers; exec sets them back to SIG_DFL but keeps
 * SIG_IGN (POSIX). The exec'd program is this one, with an argument. */
static void child_fork_inherits(void)
{
	kill(getpid(), SIGUSR1);
	exit(got[SIGUSR1] == 1 ? 0 : 1);
}

static int exec_mode(const char *how)
{
	if (!strcmp(how, "ign"))
		kill(getpid(), SIGUSR2);      /* still SIG_IGN: goes on */
	else
		kill(getpid(), SIGUSR1);      /* back to SIG_DFL: ends it */
	return 7;
}

static const char *exec_how;
static void child_exec(void)
{
	char *argv[] = { "t_signal", (char *)exec_how, NULL };
	exec("/tests/t_signal", argv);
	exit(99);
}

static void fork_and_exec(void)
{
	reset();
	signal(SIGUSR1, record);
	signal(SIGUSR2, SIG_IGN);
	t_ok(t_in_child(child_fork_inherits) == 0, "fork: the child has the parent's handler");
	exec_how = "ign";
	t_ok(t_in_child(child_exec) == 7, "exec keeps SIG_IGN: SIGUSR2 still ignored (7)");
	exec_how = "dfl";
	t_ok(t_in_child(child_exec) == -1, "exec sets a handler back to SIG_DFL: SIGUSR1 ends it (-1)");
	t_ok(got[SIGUSR1] == 0, "... and nothing reached the parent");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void sigchld(void)
{
	reset();
	signal(SIGCHLD, record);
	int pid = fork();
	if (pid == 0)
		exit(0);
	int st;
	waitpid(pid, &st);
	t_ok(got[SIGCHLD] == 1, "SIGCHLD reaches the parent's handler when a child ends (%d)",
	     got[SIGCHLD]);
	signal(SIGCHLD, SIG_DFL);
	pid = fork();
	if (pid == 0)
		exit(0);
	waitpid(pid, &st);
	t_ok(got[SIGCHLD] == 1, "SIG_DFL: SIGCHLD ignored");
}

/* A signal sent to a child that waits in read() of the console-less pipe. */
static void cross_process(void)
{
	int p[2], st = 0;
	pipe(p);
	int pid = fork();
	if (pid == 0) {
		char c;
		signal(SIGTERM, record);
		close(p[1]);
		long n = read(p[0], &c, 1);
		exit(n == -1 && errno == EINTR && got[SIGTERM] == 1 ? 21 : 22);
	}
	close(p[0]);
	sleep_ms(30);
	int r = kill(pid, SIGTERM);
	t_ok(r == 0 && waitpid(pid, &st) == pid && st == 21,
	     "SIGTERM to another process: its handler ran and its pipe read said EINTR (%d)", st);
	close(p[1]);
	pid = fork();
	if (pid == 0) {
		sleep_ms(5000);
		exit(0);
	}
	sleep_ms(10);
	t_ok(kill(pid, SIGTERM) == 0 && waitpid(pid, &st) == pid && st == -1,
	     "SIGTERM with SIG_DFL ends a sleeping process: -1");
}

/* ---- registers survive a handler ---------------------------------------- */

/* Load every general register from in, spin `loops` times, store them to
 * out (x86-64: rax rbx rcx rdx rsi rdi rbp r8-r15; ARM64: x0-x29, with
 * x30 the counter, which must end at 0). */
void gregs_hold(const unsigned long *in, unsigned long *out, unsigned long loops);
#ifdef __x86_64__
#define NGREGS 15
__asm__(".text\n.globl gregs_hold\ngregs_hold:\n"
	"push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
	"push %rsi\npush %rdx\n"
	"mov 0(%rdi),%rax\nmov 8(%rdi),%rbx\nmov 16(%rdi),%rcx\nmov 24(%rdi),%rdx\n"
	"mov 32(%rdi),%rsi\nmov 48(%rdi),%rbp\nmov 56(%rdi),%r8\nmov 64(%rdi),%r9\n"
	"mov 72(%rdi),%r10\nmov 80(%rdi),%r11\nmov 88(%rdi),%r12\nmov 96(%rdi),%r13\n"
	"mov 104(%rdi),%r14\nmov 112(%rdi),%r15\nmov 40(%rdi),%rdi\n"
	"1: decq (%rsp)\njnz 1b\n"
	"push %rdi\nmov 16(%rsp),%rdi\n"
	"mov %rax,0(%rdi)\nmov %rbx,8(%rdi)\nmov %rcx,16(%rdi)\nmov %rdx,24(%rdi)\n"
	"mov %rsi,32(%rdi)\nmov %rbp,48(%rdi)\nmov %r8,56(%rdi)\nmov %r9,64(%rdi)\n"
	"mov %r10,72(%rdi)\nmov %r11,80(%rdi)\nmov %r12,88(%rdi)\nmov %r13,96(%rdi)\n"
	"mov %r14,104(%rdi)\nmov %r15,112(%rdi)\npop %rax\nmov %rax,40(%rdi)\n"
	"add $16,%rsp\npop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n");
#else
#define NGREGS 30
__asm__(".text\n.global gregs_hold\ngregs_hold:\n"
	"stp x29, x30, [sp, #-112]!\nstp x19, x20, [sp, #16]\nstp x21, x22, [sp, #32]\n"
	"stp x23, x24, [sp, #48]\nstp x25, x26, [sp, #64]\nstp x27, x28, [sp, #80]\n"
	"str x1, [sp, #96]\nmov x30, x2\n"
	"ldp x2, x3, [x0, #16]\nldp x4, x5, [x0, #32]\nldp x6, x7, [x0, #48]\n"
	"ldp x8, x9, [x0, #64]\nldp x10, x11, [x0, #80]\nldp x12, x13, [x0, #96]\n"
	"ldp x14, x15, [x0, #112]\nldp x16, x17, [x0, #128]\nldp x18, x19, [x0, #144]\n"
	"ldp x20, x21, [x0, #160]\nldp x22, x23, [x0, #176]\nldp x24, x25, [x0, #192]\n"
	"ldp x26, x27, [x0, #208]\nldp x28, x29, [x0, #224]\nldr x1, [x0, #8]\nldr x0, [x0]\n"
	"1: subs x30, x30, #1\nb.ne 1b\n"
	"str x0, [sp, #104]\nldr x0, [sp, #96]\n"
	"str x1, [x0, #8]\nstp x2, x3, [x0, #16]\nstp x4, x5, [x0, #32]\nstp x6, x7, [x0, #48]\n"
	"stp x8, x9, [x0, #64]\nstp x10, x11, [x0, #80]\nstp x12, x13, [x0, #96]\n"
	"stp x14, x15, [x0, #112]\nstp x16, x17, [x0, #128]\nstp x18, x19, [x0, #144]\n"
	"stp x20, x21, [x0, #160]\nstp x22, x23, [x0, #176]\nstp x24, x25, [x0, #192]\n"
	"stp x26, x27, [x0, #208]\nstp x28, x29, [x0, #224]\nstr x30, [x0, #240]\n"
	"ldr x1, [sp, #104]\nstr x1, [x0]\n"
	"ldp x19, x20, [sp, #16]\nldp x21, x22, [sp, #32]\nldp x23, x24, [sp, #48]\n"
	"ldp x25, x26, [sp, #64]\nldp x27, x28, [sp, #80]\nldp x29, x30, [sp], #112\nret\n");
#endif

static volatile int clobbers;
static unsigned char vjunk[VREGS_BYTES], vjunk_out[VREGS_BYTES];
static unsigned long gjunk[32], gjunk_out[32];

/* Every register the handler can reach gets other values, and it makes a
 * system call; then it asks for the next alarm. */
static void clobber(int sig)
{
	clobbers++;
	gregs_hold(gjunk, gjunk_out, 1000);
	vregs_hold(vjunk, vjunk_out, 1000);
	fpctl_set(FPCTL_ROUND_UP);
	getpid();
	alarm_ms(3);
}

#define HOLD_LOOPS 3000000ul

static void registers(void)
{
	unsigned long gin[32], gout[32];
	unsigned char vin[VREGS_BYTES], vout[VREGS_BYTES];
	int gok = 1, vok;

	for (int i = 0; i < 32; i++) {
		gin[i] = 0x0123456789abcdeful * (i + 1) ^ ((unsigned long)i << 56);
		gjunk[i] = ~gin[i];
	}
	for (int i = 0; i < VREGS_BYTES; i++) {
		vin[i] = (unsigned char)(i * 7 + 3);
		vjunk[i] = (unsigned char)~vin[i];
	}
	clobbers = 0;
	signal(SIGALRM, clobber);
	alarm_ms(3);
	while (clobbers < 3) {
		memset(gout, 0, sizeof(gout));
		gregs_hold(gin, gout, HOLD_LOOPS);
		for (int i = 0; i < NGREGS; i++)
			if (gout[i] != gin[i]) {
				if (gok)
					printf("# general register %d: 0x%lx, expected 0x%lx\n", i, gout[i], gin[i]);
				gok = 0;
			}
#ifndef __x86_64__
		gok &= gout[30] == 0;      /* x30 counted down to exactly 0 */
#endif
	}
	int gclob = clobbers;
	unsigned long fpctl = fpctl_get();
	int start = clobbers;
	vok = 1;
	while (clobbers < start + 3) {
		vregs_hold(vin, vout, HOLD_LOOPS);
		vok &= !memcmp(vin, vout, sizeof(vin));
	}
	vok &= fpctl_get() == fpctl;
	alarm_ms(0);
	signal(SIGALRM, SIG_DFL);
	t_ok(gok, "every general register kept across %d SIGALRM handlers that clobbered them all",
	     gclob);
	t_ok(vok, "every vector register and the FP control word kept across %d more handlers",
	     clobbers - start);
}

int main(int argc, char **argv)
{
	struct t_kstate before;

	if (argc > 1)
		return exec_mode(argv[1]);

	t_sysinfo();
	t_kstate(&before);
	delivery();
	every_signal();
	defaults();
	errors();
	mask();
	syscalls_in_handler();
	alarm_and_eintr();
	join_eintr();
	fork_and_exec();
	sigchld();
	cross_process();
	registers();
	t_kernel_healthy(&before, "after the signal tests");
	return t_done();
}
