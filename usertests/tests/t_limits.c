/*
 * t_limits - one program cannot take the machine: the limits sysinfo
 * reports (processes, threads per process, mapped bytes per process) hold,
 * each ends in its error (EAGAIN, EAGAIN, ENOMEM), and once the program
 * lets go everything comes back exactly.
 *
 * The fork bomb: every process forks until fork fails, then waits until the
 * test lets it go. All must have failed with EAGAIN (a full process table,
 * not memory running out), the table must have been full, and after every
 * process has ended free pages and heap are exactly where they were.
 */
#include "testlib.h"

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int same(const struct t_kstate *a, const struct t_kstate *b)
{
	return a->free_pages == b->free_pages && a->heap_bytes == b->heap_bytes;
}

static void exact(const struct t_kstate *before, const char *what)
{
	struct t_kstate now;
	t_kstate(&now);
	t_ok(same(before, &now) && kcheck() == 0,
	     "%s: free pages and heap exactly back (pages moved %ld, heap %ld bytes), kcheck clean", what,
	     (long)(now.free_pages - before->free_pages), (long)(now.heap_bytes - before->heap_bytes));
}

static void test_sysinfo(void)
{
	t_ok(t_si.max_procs == 64, "sysinfo: max_procs is 64 (%u)", t_si.max_procs);
	t_ok(t_si.max_threads_per_proc == 16, "sysinfo: max_threads_per_proc is 16 (%u)",
	     t_si.max_threads_per_proc);
	t_ok(t_si.max_map_bytes_per_proc == 128ul << 20, "sysinfo: max_map_bytes_per_proc is 128 MiB (%lu)",
	     t_si.max_map_bytes_per_proc);
	t_ok(t_si.ncpus >= 1, "sysinfo: ncpus is at least 1 (%u)", t_si.ncpus);
}

/* ---- mapped bytes --------------------------------------------------------- */

static void test_map_limit(void)
{
	unsigned long max = t_si.max_map_bytes_per_proc, half = max / 2;
	struct t_kstate before;

	t_kstate(&before);
	/* the program and its stack are mapped already: max bytes more do not fit */
	t_err((long)mmap(NULL, max, RW, ANON, -1, 0), ENOMEM, "mmap of the whole limit: ENOMEM");
	t_err((long)sbrk((long)max), ENOMEM, "sbrk of the whole limit: ENOMEM");
	void *p = mmap(NULL, half, RW, ANON, -1, 0);
	t_ok(p != MAP_FAILED, "mmap of half the limit works");
	t_err((long)mmap(NULL, half, RW, ANON, -1, 0), ENOMEM, "mmap of another half: ENOMEM");
	t_ok(munmap(p, half) == 0, "munmap of the half");
	exact(&before, "map limit");
	p = mmap(NULL, half, RW, ANON, -1, 0);
	t_ok(p != MAP_FAILED && munmap(p, half) == 0, "after munmap the bytes count again: half maps");
}

/* ---- threads -------------------------------------------------------------- */

static volatile int release_threads;

static void wait_release(void *arg)
{
	(void)arg;
	while (!release_threads)
		yield();
}

/* measured: check the counts exactly (the first round only warms the
 * kernel heap up: slab pages a first use takes stay with the heap) */
static void thread_limit(int measured)
{
	int tid[64], n = 0, err = 0;
	struct t_kstate before;

	t_kstate(&before);
	release_threads = 0;
	while (n < 64) {
		int t = thread_create(wait_release, NULL);
		if (t < 0) {
			err = errno;
			break;
		}
		tid[n++] = t;
	}
	release_threads = 1;
	int joined = 1;
	for (int i = 0; i < n; i++)
		joined &= thread_join(tid[i]) == 0;
	if (!measured)
		return;
	t_ok(err == EAGAIN && n == (int)t_si.max_threads_per_proc - 1,
	     "thread_create beyond %u threads: EAGAIN (made %d, errno %d)", t_si.max_threads_per_proc,
	     n, err);
	t_ok(joined, "all %d threads joined", n);
	exact(&before, "thread limit");
}

/* ---- the fork bomb ---------------------------------------------------------- */

static int release[2], report[2];

/*
 * One process of the bomb: fork until it fails (children do the same),
 * tell the test, wait for the release, then wait for its own children.
 * Exit status 0 only if its own forks ended in EAGAIN and so did those of
 * every process below it.
 */
static int bomb(void)
{
	int kids = 0, ok = 1, status;

	for (;;) {
		int pid = fork();
		if (pid == 0) {             /* a new process of the bomb */
			close(release[1]);
			kids = 0;
			continue;
		}
		if (pid < 0) {
			ok = errno == EAGAIN;
			break;
		}
		kids++;
	}
	write(report[1], ok ? "y" : "n", 1);
	close(report[1]);
	char c;
	read(release[0], &c, 1);        /* 0 bytes: the test closed its end */
	while (kids-- > 0)
		if (wait(&status) < 0 || status != 0)
			ok = 0;
	return ok ? 0 : 1;
}

static int fork_and_wait_ok(void)
{
	int status = -1, pid = fork();
	if (pid == 0)
		exit(0);
	return pid > 0 && waitpid(pid, &status) == pid && status == 0;
}

/* The first round warms the kernel heap up; the second is checked exactly. */
static void fork_bomb(int round)
{
	struct t_kstate before;
	struct sysinfo si;
	int status = -1;

	t_kstate(&before);
	if (pipe(release) < 0 || pipe(report) < 0) {
		t_ok(0, "fork bomb: pipes: %s", strerror(errno));
		return;
	}
	int pid = fork();
	if (pid == 0) {
		close(release[1]);
		close(report[0]);
		exit(bomb());
	}
	close(report[1]);
	char c = 0;
	long got = read(report[0], &c, 1);     /* one process met the limit */
	sysinfo(&si);
	t_ok(pid > 0 && got == 1 && c == 'y', "fork bomb %d: fork fails with EAGAIN", round);
	t_ok(si.nprocs == si.max_procs, "fork bomb %d: the process table is full (%u of %u)",
	     round, si.nprocs, si.max_procs);
	t_ok(getpid() > 0 && uptime_ms() > 0, "fork bomb %d: the system still answers", round);
	close(release[1]);                      /* let them all go */
	int waited = pid > 0 ? waitpid(pid, &status) : -1;
	t_ok(waited == pid && status == 0,
	     "fork bomb %d: every process of it saw EAGAIN and ended (status %d)", round, status);
	int n = 0;
	while (read(report[0], &c, 1) == 1)
		n++;
	close(report[0]);
	close(release[0]);
	t_ok(n > 0, "fork bomb %d: %d more processes reported", round, n);
	if (round == 2)
		exact(&before, "fork bomb 2");
	t_ok(fork_and_wait_ok(), "fork bomb %d: fork works again afterwards", round);
}

/* ---- the fork bomb from the shell ------------------------------------------- */


static int ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);
	return a >= b && strcmp(s + a - b, end) == 0;
}

/*
 * /bin/forkbomb's processes exit without waiting for their children: the
 * kernel frees those orphans as they end. Wait (at most 3 s) until the
 * process count is back, then everything must be.
 */
static void shell_bomb(int round)
{
	struct t_kstate before;
	struct sysinfo si;
	char out[256];

	sysinfo(&si);
	unsigned nprocs = si.nprocs;
	t_kstate(&before);
	int st = t_run_sh("forkbomb; echo the shell answers", out, sizeof out);
	t_ok(st == 0 && ends_with(out, " processes, then fork: try again\nthe shell answers\n"),
	     "sh -c 'forkbomb; echo ...' %d: EAGAIN, then the shell runs the next command", round);
	if (st != 0 || !ends_with(out, "the shell answers\n"))
		printf("# status %d, output [%s]\n", st, out);
	for (int ms = 0; ms < 3000; ms += 10) {
		sysinfo(&si);
		if (si.nprocs == nprocs)
			break;
		sleep_ms(10);
	}
	t_ok(si.nprocs == nprocs, "forkbomb %d: its orphans are freed (%u processes, %u before)",
	     round, si.nprocs, nprocs);
	if (round == 2)
		exact(&before, "forkbomb from the shell 2");
}

int main(void)
{
	/* usertests forks its watchdog for us right after starting us: let it,
	 * before the first count of free pages and heap */
	sleep_ms(20);
	t_sysinfo();
	test_sysinfo();
	test_map_limit();
	thread_limit(0);
	thread_limit(1);
	fork_bomb(1);
	fork_bomb(2);
	shell_bomb(1);
	shell_bomb(2);
	return t_done();
}
