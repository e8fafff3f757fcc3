/*
 * t_thread - user threads: create, join and exit; how a process ends when
 * its threads do; per-thread stacks with guard pages; the library (malloc,
 * printf) used by several threads at once; many create/join rounds leave
 * the kernel as they found it.
 *
 * Checks are made by the main thread only, except where a thread's own
 * view is the point; threads hand results back in memory, and those that
 * need an error code use __syscall's -errno (errno is shared).
 */
#include "testlib.h"

#define NWORK  8
#define ROUNDS 200
#define LOADED 40       /* of them with a spinning thread beside */

/* ---- create and join ---------------------------------------------------- */

struct work { long n, result; };

/* Sum of i*i for i = 1..n: n(n+1)(2n+1)/6 */
static void sum_squares(void *arg)
{
	struct work *w = arg;
	long s = 0;
	for (long i = 1; i <= w->n; i++)
		s += i * i;
	w->result = s;
}

static void test_create_join(void)
{
	struct work w[NWORK];
	int tid[NWORK], created = 1, distinct = 1, joined = 1, right = 1;

	for (int i = 0; i < NWORK; i++) {
		w[i].n = 1000 * (i + 1);
		w[i].result = -1;
		tid[i] = thread_create(sum_squares, &w[i]);
		created &= tid[i] > 0;
		for (int j = 0; j < i; j++)
			distinct &= tid[i] != tid[j];
	}
	t_ok(created && distinct, "%d threads created with distinct tids > 0", NWORK);
	for (int i = 0; i < NWORK; i++)
		joined &= tid[i] > 0 && thread_join(tid[i]) == 0;
	t_ok(joined, "thread_join returns 0 for each");
	for (int i = 0; i < NWORK; i++)
		right &= w[i].result == w[i].n * (w[i].n + 1) * (2 * w[i].n + 1) / 6;
	t_ok(right, "each thread computed its own result in shared memory");
	t_err(thread_join(tid[0]), ESRCH, "joining a thread again: ESRCH");
	t_err(thread_join(1000000), ESRCH, "joining a tid that never existed: ESRCH");
	t_err(thread_join(0), ESRCH, "joining tid 0: ESRCH");
}

/* A thread learns its own tid from main, then joins itself. */
static volatile int self_tid;
static volatile long self_join = 1;

static void join_self(void *arg)
{
	while (!self_tid)
		yield();
	self_join = __syscall(SYS_thread_join, self_tid, 0, 0, 0, 0, 0);
}

static void test_join_self(void)
{
	int tid = thread_create(join_self, NULL);
	self_tid = tid;
	int joined = tid > 0 && thread_join(tid) == 0;
	t_ok(joined && self_join == -EINVAL, "a thread joining itself: EINVAL (got %ld)", self_join);
}

/* The System V and AAPCS64 ABIs want the stack 16-byte aligned at every
 * call; with frame pointers on, a function's frame address is then a
 * multiple of 16 on both architectures. */
static volatile uintptr_t thread_frame;

static void note_frame(void *arg)
{
	thread_frame = (uintptr_t)__builtin_frame_address(0);
}

static void test_stack_alignment(void)
{
	int tid = thread_create(note_frame, NULL);
	int joined = tid > 0 && thread_join(tid) == 0;
	t_ok(joined && thread_frame && thread_frame % 16 == 0,
	     "a thread's stack is 16-byte aligned as the ABI requires (frame %p)",
	     (void *)thread_frame);
}

/* Threads of one process can hold MAXTHREAD-1 slots at most; asking for
 * more fails cleanly and every thread made can still be joined. */
static volatile int release_parked;

static void parked(void *arg)
{
	while (!release_parked)
		sleep_ms(5);
}

static void test_too_many(void)
{
	int tid[64], n = 0, err;
	while (n < 64 && (tid[n] = thread_create(parked, NULL)) > 0)
		n++;
	err = errno;
	t_ok(n >= 4 && n < 64 && (err == EAGAIN || err == ENOMEM),
	     "creating threads until the kernel refuses: %d made, then errno %d (%s)",
	     n, err, strerror(err));
	release_parked = 1;
	int joined = 1;
	for (int i = 0; i < n; i++)
		joined &= thread_join(tid[i]) == 0;
	t_ok(joined, "all %d of them end and are joined", n);
}

/* Joining a thread of another process: ESRCH. The child's thread sends
 * its tid through a pipe and lives until we have tried. */
static int xp[2];

static void sleeper(void *arg)
{
	sleep_ms(300);
}

static void test_join_other_process(void)
{
	pipe(xp);
	int pid = fork();
	if (pid == 0) {
		int tid = thread_create(sleeper, NULL);
		write(xp[1], &tid, sizeof tid);
		thread_join(tid);
		exit(0);
	}
	int tid = 0, status = 1;
	read(xp[0], &tid, sizeof tid);
	t_err(tid > 0 ? thread_join(tid) : 0, ESRCH,
	      "joining a thread of another process (tid %d): ESRCH", tid);
	waitpid(pid, &status);
	close(xp[0]);
	close(xp[1]);
}

/* ---- how the process ends --------------------------------------------- */

static void exit7(void *arg)
{
	sleep_ms(20);
	exit(7);
}

static void exit_while_main_sleeps(void)
{
	thread_create(exit7, NULL);
	for (;;)
		sleep_ms(1000);
}

static void exit_while_main_spins(void)
{
	thread_create(exit7, NULL);
	for (volatile int spin = 1; spin;)
		;
}

static void sleep_forever(void *arg)
{
	for (;;)
		sleep_ms(1000);
}

static void exit_while_main_joins(void)
{
	int forever = thread_create(sleep_forever, NULL);
	thread_create(exit7, NULL);
	thread_join(forever);
	exit(1);
}

/* The thread that outlives main reports through a pipe made before fork. */
static int lp[2];

static void late_writer(void *arg)
{
	sleep_ms(50);
	write(lp[1], "late", 4);
}

static void main_thread_exits_first(void)
{
	thread_create(late_writer, NULL);
	close(lp[0]);
	thread_exit();
}

static void main_returns_early(void)
{
	thread_create(late_writer, NULL);
	close(lp[0]);
	exit(0);        /* what returning from main does */
}

/* Run fn in a child with a fresh pipe lp; returns the exit status and what
 * the child wrote into lp (NUL-terminated, "" if nothing). */
static int child_with_pipe(void (*fn)(void), char *got, int size)
{
	pipe(lp);
	int status = t_in_child(fn);
	close(lp[1]);
	long n = read(lp[0], got, size - 1);
	got[n > 0 ? n : 0] = '\0';
	close(lp[0]);
	return status;
}

static void test_process_end(void)
{
	char got[16];
	int s;

	s = t_in_child(exit_while_main_sleeps);
	t_ok(s == 7, "exit(7) in a thread ends the process while main sleeps (status %d)", s);
	s = t_in_child(exit_while_main_spins);
	t_ok(s == 7, "exit(7) in a thread ends the process while main spins (status %d)", s);
	s = t_in_child(exit_while_main_joins);
	t_ok(s == 7, "exit(7) in a thread ends the process while main joins (status %d)", s);
	s = child_with_pipe(main_thread_exits_first, got, sizeof got);
	t_ok(s == 0 && !strcmp(got, "late"),
	     "main calls thread_exit: the other thread runs on, then status 0 (status %d, \"%s\")",
	     s, got);
	s = child_with_pipe(main_returns_early, got, sizeof got);
	t_ok(s == 0 && got[0] == '\0',
	     "main exits while a thread sleeps: the thread dies with it (status %d, \"%s\")", s, got);
}

/* ---- guard pages ---------------------------------------------------------- */

/* Each level keeps 1 KiB on the stack and touches both ends of it, so the
 * recursion walks down the stack without stepping over the 4 KiB guard. */
static long recurse(long n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	pad[sizeof pad - 1] = (char)n;
	if (n > 1000000)                /* never: 64 KiB of stack runs out first */
		return 0;
	return recurse(n + 1) + pad[0];
}

static volatile long deep_result;

static void deep(void *arg)
{
	deep_result = recurse(0);
}

static void overflow_thread_stack(void)
{
	int tid = thread_create(deep, NULL);
	thread_join(tid);
	exit(0);
}

static void test_guard_page(void)
{
	struct t_kstate before;
	t_kstate(&before);
	int s = t_in_child(overflow_thread_stack);
	t_ok(s == -1, "a thread that overflows its stack hits the guard page: "
	     "the process is killed (status %d)", s);
	t_kernel_healthy(&before, "after the killed process");
}

/* ---- the library under threads ----------------------------------------- */

#define NCHURN 4
#define LINE   300      /* longer than printf's 256-byte buffer: two writes */
#define LINES  10

static long churn_bad[NCHURN];

/* malloc and free blocks of random sizes, each filled with a byte of its
 * own, and check every byte before freeing: a heap shared without a lock
 * hands one block to two threads sooner or later. */
static void churn(void *arg)
{
	long id = (long)arg, bad = 0;
	unsigned char *live[16] = { 0 };
	unsigned size[16] = { 0 }, seed = (unsigned)id * 7919u + 1;

	for (int i = 0; i < 600; i++) {
		int k = i % 16;
		unsigned char mark = (unsigned char)(id * 16 + k);
		for (unsigned j = 0; live[k] && j < size[k]; j++)
			bad += live[k][j] != mark;
		free(live[k]);
		seed = seed * 1103515245u + 12345u;
		size[k] = 1 + (seed >> 16) % 700;
		live[k] = malloc(size[k]);
		if (!live[k]) {
			bad++;
			continue;
		}
		memset(live[k], mark, size[k]);
		if (i % 50 == 0)
			yield();
	}
	for (int k = 0; k < 16; k++)
		free(live[k]);
	churn_bad[id] = bad;
}

/* Each thread prints LINES lines of LINE copies of its own letter. */
static int pp[2];

static void print_lines(void *arg)
{
	char line[LINE + 1];
	memset(line, 'a' + (int)(long)arg, LINE);
	line[LINE] = '\0';
	for (int i = 0; i < LINES; i++)
		fprintf(pp[1], "%s\n", line);
}

/* Read every line back: each must be one letter, LINE times. */
static int lines_whole(void)
{
	static char all[NCHURN * LINES * (LINE + 1)];
	long got = 0, n;
	while (got < (long)sizeof all && (n = read(pp[0], all + got, sizeof all - got)) > 0)
		got += n;
	if (got != (long)sizeof all)
		return 0;
	for (long at = 0; at < got; at += LINE + 1)
		for (int j = 1; j <= LINE; j++)
			if (all[at + j] != (j == LINE ? '\n' : all[at]))
				return 0;
	return 1;
}

static void test_library(void)
{
	int tid[NCHURN], ok = 1;
	long bad = 0;
	for (long i = 0; i < NCHURN; i++)
		tid[i] = thread_create(churn, (void *)i);
	for (int i = 0; i < NCHURN; i++)
		ok &= tid[i] > 0 && thread_join(tid[i]) == 0;
	for (int i = 0; i < NCHURN; i++)
		bad += churn_bad[i];
	t_ok(ok && bad == 0, "malloc/free from %d threads at once: no block shared or lost (%ld bad)",
	     NCHURN, bad);

	pipe(pp);
	for (long i = 0; i < NCHURN; i++)
		tid[i] = thread_create(print_lines, (void *)i);
	ok = lines_whole();
	for (int i = 0; i < NCHURN; i++)
		ok &= tid[i] > 0 && thread_join(tid[i]) == 0;
	t_ok(ok, "fprintf from %d threads: every %d-byte line arrives whole", NCHURN, LINE);
	close(pp[0]);
	close(pp[1]);
}

/* ---- many rounds ------------------------------------------------------- */

/* Each thread of a round counts its runs in its own slot (no atomics:
 * only that thread writes it, main reads it after the join). */
static volatile int ran[4];

static void bump(void *arg)
{
	volatile int *slot = arg;
	(*slot)++;
	if ((slot - ran) & 1)
		yield();
}

/* One round: four threads, joined in reverse order of creation. */
static int one_round(void)
{
	int tid[4], ok = 1;
	for (int i = 0; i < 4; i++)
		ok &= (tid[i] = thread_create(bump, (void *)&ran[i])) > 0;
	for (int i = 3; i >= 0; i--)
		ok &= tid[i] > 0 && thread_join(tid[i]) == 0;
	return ok;
}

/* The load: a thread that never enters the kernel until told to stop, so
 * the rounds run under preemption. */
static volatile int stop_spinning;

static void spin_until_stopped(void *arg)
{
	while (!stop_spinning)
		;
}

static void test_rounds(void)
{
	struct t_kstate before;
	int ok = one_round();           /* the first round may grow kernel caches */
	memset((void *)ran, 0, sizeof ran);
	t_kstate(&before);
	unsigned long t0 = uptime_ms();
	/* Each round beside the spinner costs about a time slice, so only
	 * the first LOADED rounds have one: the test stays within seconds. */
	int spinner = thread_create(spin_until_stopped, NULL);
	for (int r = 0; r < ROUNDS; r++) {
		if (r == LOADED) {
			stop_spinning = 1;
			ok &= spinner > 0 && thread_join(spinner) == 0;
		}
		ok &= one_round();
	}
	int runs = ran[0] + ran[1] + ran[2] + ran[3];
	t_ok(ok && runs == 4 * ROUNDS,
	     "%d create/join rounds of 4 threads, %d beside a spinning one (%d ran, %lu ms)",
	     ROUNDS, LOADED, runs, uptime_ms() - t0);
	t_kernel_healthy(&before, "after the rounds");
}

int main(void)
{
	struct t_kstate start;
	/* Grow our own heap first: the malloc test's sbrk pages are ours,
	 * not a kernel leak, and would count in the final free-page check. */
	free(malloc(256 * 1024));
	t_kstate(&start);
	test_create_join();
	test_join_self();
	test_stack_alignment();
	test_too_many();
	test_join_other_process();
	test_process_end();
	test_guard_page();
	test_library();
	test_rounds();
	t_kernel_healthy(&start, "whole test");
	return t_done();
}
