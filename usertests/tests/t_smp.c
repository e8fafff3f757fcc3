/*
 * t_smp - several CPUs at once (kernel/smp.c, docs/smp.md): getcpu and
 * sysinfo's ncpus; threads of one process spinning on different CPUs at
 * the same moment; munmap taking a page away from a thread that spins on it
 * on another CPU (TLB shootdown); and the seed's Example 1 race lost with
 * no help from the driver (no DEMO_SET_WINDOW), because the flipping thread
 * really runs while the kernel reads. With one CPU (SMP=1) the checks that
 * need two are skipped, saying why.
 */
#include "testlib.h"

#define SPIN_MS 3000

static unsigned ncpu;

/* ---- spinning side by side ---------------------------------------------- */

struct spinner {
	volatile int cpu;               /* its last getcpu() */
	volatile unsigned long reports;
};

static struct spinner sp[8];
static volatile int go, stop;
static volatile unsigned seen_mask;

static void spin(void *arg)
{
	struct spinner *me = arg;
	while (!go)
		;
	while (!stop) {
		me->cpu = getcpu();
		me->reports++;
		seen_mask |= 1u << me->cpu;
	}
}

static int bits(unsigned m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

static void side_by_side(void)
{
	unsigned n = ncpu < 8 ? ncpu : 8;
	int tids[8], bad = 0;

	t_ok(ncpu >= 1 && ncpu <= 8, "sysinfo: ncpus = %u", ncpu);
	for (int i = 0; i < 200; i++) {
		int c = getcpu();
		if (c < 0 || (unsigned)c >= ncpu)
			bad++;
	}
	t_ok(!bad, "getcpu() is always in 0..ncpus-1 (200 calls)");
	if (ncpu < 2) {
		t_skip("one CPU: no two threads can run at once");
		return;
	}
	go = stop = 0;
	seen_mask = 0;
	for (unsigned i = 1; i < n; i++)
		tids[i] = thread_create(spin, &sp[i]);
	sp[0].cpu = -1;
	go = 1;
	/* Thread 0 (this one) watches: at a moment when thread 1 keeps
	 * reporting, are the two on different CPUs? */
	int together = 0;
	unsigned long t0 = uptime_ms();
	while (!together && uptime_ms() - t0 < SPIN_MS) {
		unsigned long r = sp[1].reports;
		int mine = getcpu();
		seen_mask |= 1u << mine;
		int theirs = sp[1].cpu;
		if (sp[1].reports != r && theirs != mine)
			together = 1;
	}
	unsigned long took = uptime_ms() - t0;
	for (unsigned long t1 = uptime_ms(); uptime_ms() - t1 < 200;)
		seen_mask |= 1u << getcpu();
	stop = 1;
	for (unsigned i = 1; i < n; i++)
		thread_join(tids[i]);
	t_ok(together, "two threads of one process ran on different CPUs at the same moment "
	     "(seen after %lu ms)", took);
	printf("# %u threads spinning were seen on CPUs mask 0x%x\n", n, seen_mask);
	t_ok(bits(seen_mask) >= 2, "the spinning threads used %d CPUs", bits(seen_mask));
}

/* ---- munmap under a thread spinning on the page -------------------------- */

static volatile int *page;
static volatile int unmapped, reader_cpu = -1, reader_going;
static int stale_pipe[2];

/* Reads the page until it faults, which kills the process. A read that
 * succeeds after munmap returned is a stale translation: it says so
 * through the pipe, which outlives the process. No signal handler: the
 * test must not lean on the signal frame (the signals lab cuts it out). */
static void reader(void *arg)
{
	(void)arg;
	reader_cpu = getcpu();
	for (;;) {
		/* munmap had returned before this read (acquire: the read of the
		 * page cannot be done before this load, Arm ARM B2.3) */
		int after = __atomic_load_n(&unmapped, __ATOMIC_ACQUIRE);
		(void)page[0];
		if (after)
			write(stale_pipe[1], "S", 1);
		reader_going = 1;
	}
}

static void unmap_child(void)
{
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == (void *)-1)
		exit(1);
	page[0] = 1;
	close(stale_pipe[0]);
	thread_create(reader, NULL);
	while (!reader_going)
		;
	if (munmap((void *)page, 4096) != 0)
		exit(2);
	unmapped = 1;
	sleep_ms(1000);                   /* the reader must have faulted by now */
	exit(3);                          /* it never faulted */
}

static void shootdown(void)
{
	char c;
	pipe(stale_pipe);
	int st = t_in_child(unmap_child);
	close(stale_pipe[1]);
	long stale = 0;
	while (read(stale_pipe[0], &c, 1) == 1)
		stale++;
	close(stale_pipe[0]);
	t_ok(st == -1 && stale == 0, "munmap while a thread reads the page in a loop: the reader "
	     "faults (status %d, -1: killed), and no read succeeded after munmap returned "
	     "(%ld did)", st, stale);
}

/* ---- the seed's Example 1, no window ------------------------------------- */

static union {
	struct demo_ex1 rec;
	unsigned char bytes[256];
} shared __attribute__((aligned(16)));

/* Flips Size between a size that passes the check and one that overflows,
 * in user mode, never entering the kernel. */
static void flip_fast(void *arg)
{
	volatile unsigned *size = &shared.rec.Size;   /* every store happens */
	(void)arg;
	while (!go)
		;
	while (!stop) {
		*size = 16;
		*size = 48;
	}
}

static void example1_real(void)
{
	if (ncpu < 2) {
		t_skip("one CPU: Example 1 needs DEMO_SET_WINDOW here (t_race)");
		return;
	}
	long old = demo(DEMO_SET_WINDOW, NULL, 0);
	memset(shared.bytes, 'A', sizeof(shared.bytes));
	go = stop = 0;
	int tid = thread_create(flip_fast, NULL);
	go = 1;
	unsigned long t0 = uptime_ms(), tries = 0;
	long r = 0;
	while (uptime_ms() - t0 < 20000) {
		tries++;
		r = demo(DEMO_EX1_UNSAFE, &shared.rec, 0);
		if (r == DEMO_CAUGHT)
			break;
	}
	unsigned long took = uptime_ms() - t0;
	stop = 1;
	thread_join(tid);
	demo(DEMO_SET_WINDOW, NULL, (unsigned long)old);
	t_ok(r == DEMO_CAUGHT, "Example 1 with no race window: another CPU changed Size between "
	     "the driver's two reads; first loss after %lu ms, %lu calls", took, tries);
}

int main(void)
{
	struct t_kstate k;

	t_kstate(&k);
	t_sysinfo();
	ncpu = t_si.ncpus;
	side_by_side();
	shootdown();
	example1_real();
	t_kernel_healthy(&k, "after the SMP tests");
	return t_done();
}
