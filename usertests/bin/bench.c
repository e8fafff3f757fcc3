/*
 * /bin/bench - system-call costs for `make bench` (SPEC section 10).
 *
 * Prints `bench: NAME,VALUE,UNIT` lines (tools/bench.sh collects them).
 * uptime_ms() has millisecond resolution, so each repetition runs enough
 * calls to last 100 ms or more, and each figure is the best of REPS
 * repetitions: the machines are shared, and noise only ever adds time.
 * The operations are the ones Linux's anchor benchmark times
 * (../shared/linux-anchor/bench.c): getppid, read() into an unmapped
 * address, pread of 4 KiB from tmpfs.
 */
#include "ulib.h"

#define REPS 5
#define FILE_SIZE (64 * 1024)

static int fd;
static char *hole;
static unsigned long failures;
static char buf[4096];

static void op_getpid(unsigned long i) { (void)i; getpid(); }

/* The buffer is unmapped: the copy faults, the exception table turns it
 * into EFAULT. A failed read does not move the offset (main put it at 0),
 * so no lseek is needed. */
static void op_efault(unsigned long i)
{
	(void)i;
	if (read(fd, hole, 8) != -1 || errno != EFAULT)
		failures++;
}

/* 4 KiB reads walking through the file, back to the start every 16th
 * (so the lseek adds 1/16 of its cost to each read). */
static void op_read4k(unsigned long i)
{
	if (i % (FILE_SIZE / sizeof(buf)) == 0)
		lseek(fd, 0, SEEK_SET);
	if (read(fd, buf, sizeof(buf)) != (long)sizeof(buf))
		failures++;
}

static void op_lseek(unsigned long i) { (void)i; lseek(fd, 0, SEEK_SET); }

/* Best of REPS runs of n calls to op, printed in microseconds per call. */
static void measure(const char *name, void (*op)(unsigned long), unsigned long n)
{
	unsigned long best = ~0ul;

	for (int r = 0; r < REPS; r++) {
		unsigned long t0 = uptime_ms();
		for (unsigned long i = 0; i < n; i++)
			op(i);
		unsigned long ms = uptime_ms() - t0;
		if (ms < best)
			best = ms;
	}
	unsigned long ns = best * 1000000 / n;
	printf("bench: %s,%lu.%03lu,us\n", name, ns / 1000, ns % 1000);
}

/* ---- system calls from several threads at once ------------------------ */

#define PAR_CALLS 50000

static volatile int par_go;
static volatile int par_done;
static long (*par_call)(void);

static long call_getpid(void) { return getpid(); }
static long call_sysinfo(void) { static struct sysinfo si[8]; return sysinfo(&si[getcpu() & 7]); }

static void par_thread(void *arg)
{
	(void)arg;
	while (!par_go)
		;
	for (int i = 0; i < PAR_CALLS; i++)
		par_call();
	__atomic_fetch_add(&par_done, 1, __ATOMIC_RELEASE);
}

/* Calls per millisecond of n threads (this one and n - 1 more) making
 * PAR_CALLS calls each; the best of REPS runs. */
static unsigned long throughput(int n)
{
	unsigned long best = 0;

	for (int r = 0; r < REPS; r++) {
		int tids[8];
		par_go = par_done = 0;
		for (int i = 1; i < n; i++)
			tids[i] = thread_create(par_thread, NULL);
		unsigned long t0 = uptime_ms();
		par_go = 1;
		par_thread(NULL);
		while (__atomic_load_n(&par_done, __ATOMIC_ACQUIRE) < n)
			;
		unsigned long ms = uptime_ms() - t0;
		for (int i = 1; i < n; i++)
			thread_join(tids[i]);
		unsigned long rate = (unsigned long)n * PAR_CALLS / (ms ? ms : 1);
		if (rate > best)
			best = rate;
	}
	return best;
}

/* getpid runs without the big kernel lock (docs/smp.md); sysinfo takes
 * it, so its calls from several CPUs wait for each other. */
static void parallel(const char *what, long (*call)(void))
{
	struct sysinfo si;
	sysinfo(&si);
	int n = si.ncpus < 4 ? (int)si.ncpus : 4;
	par_call = call;
	unsigned long one = throughput(1), many = throughput(n);
	/* A figure's name holds no comma: the lines are CSV (tools/bench.sh). */
	printf("bench: %s calls per ms with 1 thread,%lu,calls/ms\n", what, one);
	printf("bench: %s calls per ms with %d threads (one per CPU),%lu,calls/ms\n", what, n, many);
	printf("bench: speedup of %d threads over 1: %s,%lu.%02lu,x\n", n, what,
	       many / one, many * 100 / one % 100);
}

int main(int argc, char **argv)
{
	fd = open("/bench.tmp", O_RDWR | O_CREAT | O_TRUNC);
	for (int i = 0; i < FILE_SIZE / (int)sizeof(buf); i++)
		write(fd, buf, sizeof(buf));
	hole = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 4096);

	measure("null syscall (getpid)", op_getpid, 200000);
	lseek(fd, 0, SEEK_SET);
	measure("read that faults (EFAULT)", op_efault, 40000);
	measure("read 4 KiB from the ramfs", op_read4k, 40000);
	measure("lseek", op_lseek, 100000);
	parallel("getpid (no lock)", call_getpid);
	parallel("sysinfo (under the lock)", call_sysinfo);
	close(fd);
	unlink("/bench.tmp");
	if (failures)
		printf("bench: %lu reads did not do what they should (EFAULT, 4 KiB)\n", failures);
	return failures != 0;
}
