/*
 * usertests/fuzz/exec.c - the executor. The master forks one per batch;
 * it runs each program's calls on 1..3 threads (call i on thread
 * i % nthreads) and tells the master through a pipe what it is doing, so
 * that its death -- by the kernel, for a bad access in user mode, by
 * sigreturn garbage, by a signal a program sent -- costs nothing but the
 * rest of its batch. Only the kernel misbehaving is a finding (oracle.c).
 */
#include "fuzz.h"

int fz_verbose;

enum { M_START, M_DONE, M_BIT, M_PC, M_PROF };

/* Milliseconds spent in each system call (-v prints the slowest). */
#define NPROF 64
unsigned long prof_ms[NPROF];
struct msg { int type, prog; unsigned a, b; };

#define KCOV_N 8192
static unsigned long (*kcovbuf)[KCOV_N];    /* mapped by the executor: forks stay cheap */
static int kcov_on;
static int report_fd;

/* The watchdog of one program: SIGALRM interrupts any call that sleeps
 * (read of an empty pipe, wait, sleep_ms) with EINTR on every thread, and
 * the threads then stop. A program's own alarm_ms fires early: re-armed. */
static volatile unsigned long deadline;
static volatile int expired;

static void on_alarm(int sig)
{
	unsigned long now = uptime_ms();
	if (now + 1 < deadline) {
		alarm_ms(deadline - now);
		return;
	}
	if (++expired >= 3)            /* a thread would not stop: end it all */
		__syscall(SYS_exit, 0, 0, 0, 0, 0, 0);
	alarm_ms(100);
}

static void send(int type, int prog, unsigned a, unsigned b)
{
	struct msg m = { type, prog, a, b };
	write(report_fd, &m, sizeof m);
}

struct worker {
	const struct prog *p;
	int t, tid;
	volatile unsigned calls;
};

static void run_calls(struct worker *w)
{
	const struct prog *p = w->p;
	if (kcov_on) {
		__syscall(SYS_kcov_enable, (long)kcovbuf[w->t], KCOV_N, 0, 0, 0, 0);
		kcovbuf[w->t][0] = 0;
	}
	for (int i = w->t; i < p->ncalls && !expired; i += p->nthreads) {
		const struct call *c = &p->c[i];
		long args[6];
		for (int j = 0; j < 6; j++)
			args[j] = arg_value(&c->a[j]);
		unsigned long t0 = uptime_ms();
		fz_call(c->nr, args);
		prof_ms[c->nr % NPROF] += uptime_ms() - t0;
		w->calls++;
	}
	if (kcov_on)
		__syscall(SYS_kcov_disable, 0, 0, 0, 0, 0, 0);
}

static void worker_thread(void *arg)
{
	run_calls(arg);
}

/* Distinct PCs (hashed): the master's map, which each executor inherits. */
static unsigned char pc_map[COVER_BITS / 8];
unsigned long pc_total;

static int pc_add(unsigned h)
{
	if (pc_map[h / 8] & (1u << (h % 8)))
		return 0;
	pc_map[h / 8] |= 1u << (h % 8);
	pc_total++;
	return 1;
}

/* Edges (previous PC, PC) hashed into the bitmap, as AFL and syzkaller do;
 * the bits this executor sees first go to the master. */
static unsigned hash(unsigned long a, unsigned long b)
{
	unsigned long x = (a * 0x9e3779b97f4a7c15UL) ^ b;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9UL;
	return (unsigned)(x >> 40);
}

static unsigned take_cover(int prog, int nthreads)
{
	unsigned newbits = 0;
	for (int t = 0; t < nthreads; t++) {
		unsigned long n = kcovbuf[t][0], prev = 0;
		if (n > KCOV_N - 1)
			n = KCOV_N - 1;
		for (unsigned long i = 1; i <= n; i++) {
			unsigned long pc = kcovbuf[t][i];
			unsigned e = hash(prev, pc) % COVER_BITS, h = hash(0, pc) % COVER_BITS;
			if (cover_add(e)) {
				send(M_BIT, prog, e, 0);
				newbits++;
			}
			if (pc_add(h))
				send(M_PC, prog, h, 0);
			prev = pc;
		}
		kcovbuf[t][0] = 0;
	}
	return newbits;
}

static void run_prog(const struct prog *p, int idx)
{
	struct worker w[MAX_THREADS];
	int race = prog_uses_race(p);

	expired = 0;
	deadline = uptime_ms() + PROG_MS;
	alarm_ms(PROG_MS);
	if (race)
		fz_racer_start();
	for (int t = 0; t < p->nthreads; t++) {
		w[t] = (struct worker){ .p = p, .t = t, .tid = -1 };
		if (t)
			w[t].tid = thread_create(worker_thread, &w[t]);
	}
	run_calls(&w[0]);
	unsigned calls = w[0].calls;
	for (int t = 1; t < p->nthreads; t++) {
		if (w[t].tid >= 0)
			while (thread_join(w[t].tid) < 0 && errno == EINTR)
				;
		else
			run_calls(&w[t]);     /* no thread to be had: run them here */
		calls += w[t].calls;
	}
	if (race)
		fz_racer_stop();
	alarm_ms(0);
	deadline = 0;
	fz_prog_end(report_fd);
	send(M_DONE, idx, calls, kcov_on ? take_cover(idx, p->nthreads) : 0);
}

static void __attribute__((noreturn)) executor(const struct prog *progs, int n, int wfd)
{
	report_fd = wfd;
	for (int fd = 0; fd < 3; fd++)
		if (fd != wfd)
			close(fd);                /* its output is the pipe only */
	static unsigned long probe[16];
	kcov_on = __syscall(SYS_kcov_enable, (long)probe, 16, 0, 0, 0, 0) == 0;
	if (kcov_on) {
		__syscall(SYS_kcov_disable, 0, 0, 0, 0, 0, 0);
		kcovbuf = mmap(NULL, MAX_THREADS * sizeof kcovbuf[0], PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		kcov_on = kcovbuf != MAP_FAILED;
	}
	signal(SIGALRM, on_alarm);
	if (chdir(FZ_DIR) < 0)          /* relative names would land outside it */
		exit(0);
	memset(prof_ms, 0, sizeof prof_ms);      /* the master's totals came with the fork */
	for (int i = 0; i < n; i++) {
		send(M_START, i, kcov_on, 0);
		fz_fill(i + 1);
		run_prog(&progs[i], i);
	}
	for (int i = 0; i < NPROF; i++)
		if (prof_ms[i])
			send(M_PROF, i, prof_ms[i], 0);
	exit(0);
}

/* Read one message; 0 at EOF, -1 when the master's alarm interrupted. */
static int get(int fd, struct msg *m)
{
	unsigned got = 0;
	while (got < sizeof *m) {
		long r = read(fd, (char *)m + got, sizeof *m - got);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (got)
				continue;
			return -1;
		}
		got += r;
	}
	return 1;
}

void exec_batch(const struct prog *progs, int n, struct result *res)
{
	int fds[2];
	struct msg m;

	memset(res, 0, sizeof *res);
	res->started = res->finished = 0;
	if (pipe(fds) < 0) {
		printf("# fuzz: pipe: %s\n", strerror(errno));
		exit(1);
	}
	int pid = fork();
	if (pid == 0) {
		close(fds[0]);
		executor(progs, n, fds[1]);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		res->status = -2;
		return;
	}
	unsigned long last = uptime_ms();
	for (;;) {
		alarm_ms(1000);
		int r = get(fds[0], &m);
		if (r == 0)
			break;
		if (r < 0) {
			if (uptime_ms() - last > HANG_MS) {
				res->hung = 1;
				kill(pid, SIGKILL);
				break;
			}
			continue;
		}
		last = uptime_ms();
		if (m.type == M_START) {
			res->started = m.prog + 1;
			res->kcov = m.a;
		} else if (m.type == M_DONE) {
			res->finished = m.prog + 1;
			res->calls += m.a;
			res->newbits[m.prog] = m.b;
		} else if (m.type == M_BIT) {
			cover_add(m.a);
		} else if (m.type == M_PC) {
			pc_add(m.a);
		} else if (m.type == M_PROF) {
			prof_ms[m.prog % NPROF] += m.a;
		}
	}
	close(fds[0]);
	alarm_ms(HANG_MS);              /* an executor that will not die is a hang too */
	while (waitpid(pid, &res->status) < 0) {
		if (errno == EINTR) {
			res->hung = 1;
			printf("# fuzz: executor pid %d does not die after SIGKILL\n", pid);
			break;
		}
		if (errno == ECHILD)
			break;
	}
	alarm_ms(0);
}
