/*
 * t_race - the seed's races made runnable (docs/races.md): a second thread
 * changes user memory while the demo driver reads it twice.
 *
 *   Example 1, unsafe (Size read twice): the redzone catches the overflow
 *     within N tries; the UMA form (Size read once) never overflows in M.
 *   Check-then-use: the unsafe form uses a path it never checked within N
 *     tries; the fixed form (capture once) never does in M.
 * The driver yields once between its two reads (DEMO_SET_WINDOW), so that
 * on one CPU the flipping thread runs there. The flipper writes one of the
 * two values at random and yields, and the caller yields between tries:
 * so each read sees either value, and an unsafe call loses the race about
 * one time in four (first read small / allowed, second large / not).
 * With several CPUs the flipper runs on another one without yielding; the
 * driver's yields return at once, so the window is FLIP_WINDOW_SMP of them
 * (flipper.h), and the unsafe forms get up to UNSAFE_MS of tries rather
 * than a count: on a quiet host the race is lost within a few tries, but
 * when the host's cores are busy (two QEMUs on two cores) the flipper's
 * virtual CPU is often not running during the window, and a loss has been
 * measured to take up to 20,000 tries (800 ms).
 * Afterwards the kernel heap must be healthy: the unsafe demo overflows
 * only into its redzone.
 */
#include "testlib.h"
#include "flipper.h"

#define N 200           /* tries the unsafe forms get to be caught, one CPU */
#define UNSAFE_MS 30000 /* how long they get with several CPUs */
#define M 500           /* tries the fixed forms must survive, one CPU */
#define M_SMP 5000      /* ... several (the flipper's CPU may be descheduled by the host) */

static union {
	struct demo_ex1 rec;
	unsigned char bytes[256];
} shared __attribute__((aligned(16)));
static char path[64] __attribute__((aligned(16)));

/* Run op `tries` times with the flipper going (tries 0: until a hit or
 * UNSAFE_MS have passed); count results == want. Stops at the first hit
 * if stop_at_hit. Any other result but 0 counts in *odd. */
static int race(int op, void *arg, struct flip *f, int tries, long want, int stop_at_hit,
		int *used, int *odd)
{
	int hits = 0;
	*odd = 0;
	f->stop = 0;
	flip_init(f);
	int tid = thread_create(flipper, f);
	if (!t_ok(tid > 0, "thread_create for the flipper"))
		return -1;
	flip_wait_started(f);
	unsigned long t0 = uptime_ms();
	for (*used = 1; tries ? *used <= tries : uptime_ms() - t0 < UNSAFE_MS; ++*used) {
		long r = demo(op, arg, 0);
		if (r == want)
			hits++;
		else if (r != 0)
			++*odd;
		if (hits && stop_at_hit)
			break;
		yield();        /* a fresh value for the next first read */
	}
	f->stop = 1;
	t_ok(thread_join(tid) == 0, "the flipper joins");
	if (hits && stop_at_hit)
		printf("# first loss after %lu ms\n", uptime_ms() - t0);
	return hits;
}

/* One CPU: N tries. Several: 0, that is for up to UNSAFE_MS. */
static int unsafe_tries(void)
{
	struct flip f;
	flip_init(&f);
	return f.spin ? 0 : N;
}

static int fixed_tries(void)
{
	struct flip f;
	flip_init(&f);
	return f.spin ? M_SMP : M;
}

static void example1(void)
{
	struct flip f = { .word = &shared.rec.Size, .v = { 16, 48 } };
	int used, odd;

	memset(shared.bytes, 'A', sizeof(shared.bytes));
	shared.rec.Size = 16;
	t_ok(demo(DEMO_EX1_UNSAFE, &shared.rec, 0) == 0, "Example 1 unsafe, nobody racing: 0");
	t_ok(demo(DEMO_EX1_UMA, &shared.rec, 0) == 0, "Example 1 UMA, nobody racing: 0");

	int n = unsafe_tries();
	int hits = race(DEMO_EX1_UNSAFE, &shared.rec, &f, n, DEMO_CAUGHT, 1, &used, &odd);
	t_ok(hits == 1, "Example 1 unsafe: the redzone caught the overflow on try %d (limit %d %s)", used,
	     n ? n : UNSAFE_MS / 1000, n ? "tries" : "s");
	t_ok(odd == 0, "Example 1 unsafe: no other results (%d)", odd);
	int m = fixed_tries();
	hits = race(DEMO_EX1_UMA, &shared.rec, &f, m, DEMO_CAUGHT, 0, &used, &odd);
	t_ok(hits == 0 && odd == 0, "Example 1 UMA: %d overflows, %d errors in %d tries", hits, odd, m);
}

static void toctou(void)
{
	unsigned pub, etc;
	memcpy(&pub, "/pub", 4);
	memcpy(&etc, "/etc", 4);
	struct flip f = { .word = (volatile unsigned *)path, .v = { pub, etc } };
	int used, odd;

	strcpy(path, "/pub/passwd");
	t_ok(demo(DEMO_TOCTOU_UNSAFE, path, 0) == 0, "TOCTOU unsafe, nobody racing: 0");
	t_ok(demo(DEMO_TOCTOU_FIXED, path, 0) == 0, "TOCTOU fixed, nobody racing: 0");
	int n = unsafe_tries();
	int hits = race(DEMO_TOCTOU_UNSAFE, path, &f, n, DEMO_ESCAPED, 1, &used, &odd);
	t_ok(hits == 1, "TOCTOU unsafe: used an unchecked path on try %d (limit %d %s)", used,
	     n ? n : UNSAFE_MS / 1000, n ? "tries" : "s");
	/* Refusals (-EPERM when the check saw "/etc") are expected in the fixed
	 * run; escapes never are. */
	int m = fixed_tries();
	hits = race(DEMO_TOCTOU_FIXED, path, &f, m, DEMO_ESCAPED, 0, &used, &odd);
	t_ok(hits == 0, "TOCTOU fixed: %d escapes in %d tries (%d refused)", hits, m, odd);
	t_ok(odd > 0, "TOCTOU fixed: the check did see \"/etc\" sometimes (%d times)", odd);
}

static void argument_checks(void)
{
	shared.rec.Size = DEMO_EX1_MAX + 1;
	t_err(demo(DEMO_EX1_UNSAFE, &shared.rec, 0), EINVAL, "Example 1 unsafe: Size > max: EINVAL");
	t_err(demo(DEMO_EX1_UMA, &shared.rec, 0), EINVAL, "Example 1 UMA: Size > max: EINVAL");
	t_err(demo(DEMO_EX1_UNSAFE, NULL, 0), EFAULT, "Example 1 unsafe: NULL: EFAULT");
	t_err(demo(DEMO_EX1_UMA, (void *)-4096L, 0), EFAULT, "Example 1 UMA: kernel address: EFAULT");
	t_err(demo(DEMO_TOCTOU_FIXED, NULL, 0), EFAULT, "TOCTOU fixed: NULL: EFAULT");
	strcpy(path, "/pub/../etc/passwd");
	t_err(demo(DEMO_TOCTOU_FIXED, path, 0), EPERM, "TOCTOU fixed: \"..\" refused: EPERM");
	t_err(demo(DEMO_SET_WINDOW, NULL, DEMO_WINDOW_MAX + 1), EINVAL, "window > max: EINVAL");
}

int main(void)
{
	struct t_kstate before;
	t_kstate(&before);
	argument_checks();
	unsigned w = flip_window();
	long old = demo(DEMO_SET_WINDOW, NULL, w);
	t_ok(old >= 0, "DEMO_SET_WINDOW %u (was %ld)", w, old);
	example1();
	toctou();
	t_ok(demo(DEMO_SET_WINDOW, NULL, 0) == (long)w, "DEMO_SET_WINDOW back to 0");
	t_kernel_healthy(&before, "after the races");
	return t_done();
}
