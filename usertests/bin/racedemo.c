/*
 * /bin/racedemo - the seed's double-fetch races, happening and prevented.
 *
 * Two threads of this process share a record in user memory. One keeps
 * changing it ("the flipper"); the other hands it to the deliberately
 * buggy demo driver (kernel/sys/demo_driver.c, docs/races.md):
 *
 *  1. Example 1: the driver reads Ptr->Size, allocates that many bytes,
 *     then reads Ptr->Size AGAIN to know how much to copy. The flipper
 *     grows Size in between; the copy runs past the kernel buffer into its
 *     redzone, and the kernel names the overflow on the console.
 *     The UMA version reads Size once and can never do that.
 *  2. Check-then-use (TOCTOU): the driver checks that a path is under
 *     /pub/, then reads the path again to use it. The flipper swaps it for
 *     /etc/... in between. The fixed version checks and uses one copy.
 *
 * The window: on one CPU our kernel does not preempt itself, so
 * between two reads in one system call nothing else can run -- unless the
 * driver gives the CPU away there, as real drivers do when they wait for a
 * lock or a disk. DEMO_SET_WINDOW makes the driver yield once between its
 * two reads. With several CPUs (make run, SMP=4 by default) the flipper
 * does not need that: it runs on another CPU at the same time, never
 * entering the kernel (docs/smp.md).
 */
#include "ulib.h"
#include "flipper.h"

/* Tries the unsafe forms get: with several CPUs the window is only the
 * driver's one yield wide, so they need more (t_smp times the first loss). */
#define TRIES_UNSAFE_1CPU 200
#define TRIES_UNSAFE_SMP  20000
static int TRIES_UNSAFE = TRIES_UNSAFE_1CPU;
#define TRIES_SAFE   1000
#define SMALL 16u        /* what Size says when the driver allocates... */
#define LARGE 48u        /* ...and what it says when the driver copies */

/* The record the driver reads: the seed's StructWithData, then its data. */
static union {
	struct demo_ex1 rec;
	unsigned char bytes[256];
} shared __attribute__((aligned(16)));
static char path[64] __attribute__((aligned(16)));

static int start_flipper(struct flip *f)
{
	flip_init(f);
	f->stop = 0;
	int tid = thread_create(flipper, f);
	if (tid < 0)
		printf("racedemo: thread_create: %s\n", strerror(errno));
	else
		flip_wait_started(f);
	return tid;
}

static void stop_flipper(struct flip *f, int tid)
{
	f->stop = 1;
	thread_join(tid);
}

/* What n calls of one operation returned. */
struct tally {
	int first;      /* the try that first returned `want` (0: never) */
	int hits;       /* how many returned `want` */
	int refused;    /* how many were refused with EPERM */
};

/* Call op up to n times (the unsafe ops stop at the first hit: once is
 * enough to make the point). */
static struct tally run(int op, void *arg, int n, long want)
{
	struct tally t = { 0, 0, 0 };
	for (int i = 1; i <= n; i++) {
		long r = demo(op, arg, 0);
		if (r == -1 && errno == EPERM) {
			t.refused++;
		} else if (r == -1) {
			printf("racedemo: the driver failed: %s\n", strerror(errno));
			break;
		} else if (r == want) {
			t.hits++;
			t.first = t.first ? t.first : i;
			if (op == DEMO_EX1_UNSAFE || op == DEMO_TOCTOU_UNSAFE)
				break;
		}
		yield();        /* let the flipper write before the next try */
	}
	return t;
}

static int example1(void)
{
	struct flip f = { .word = &shared.rec.Size, .v = { SMALL, LARGE } };
	int hits, bad = 0;

	memset(shared.bytes, 'A', sizeof(shared.bytes));
	shared.rec.Size = SMALL;
	printf("== Example 1: the size is read twice ==\n");
	printf("The record says Size = %u; a second thread keeps switching it between %u and %u.\n",
	       SMALL, SMALL, LARGE);
	int tid = start_flipper(&f);
	if (tid < 0)
		return 1;
	int n = run(DEMO_EX1_UNSAFE, &shared.rec, TRIES_UNSAFE, DEMO_CAUGHT).first;
	if (n)
		printf("-> CAUGHT on try %d: the driver allocated a buffer for the Size it read first,\n"
		       "   then copied as many bytes as the Size it read second. The extra bytes landed in\n"
		       "   the redzone behind the buffer; the kernel's report is the 'redzone:' line above.\n"
		       "   Without the redzone they would have overwritten the next kernel object.\n", n);
	else {
		printf("-> no overflow in %d tries (unexpected: is the window set?)\n", TRIES_UNSAFE);
		bad++;
	}
	hits = run(DEMO_EX1_UMA, &shared.rec, TRIES_SAFE, DEMO_CAUGHT).hits;
	printf("The UMA version, %d times with the same thread flipping: %d overflows.\n",
	       TRIES_SAFE, hits);
	printf("-> it reads Size once (ReadULongFromUser), allocates and copies exactly that\n"
	       "   many bytes, and sets the kernel copy's Size to it: whatever the other thread\n"
	       "   writes, the kernel works with one value.\n\n");
	bad += hits != 0;
	stop_flipper(&f, tid);
	return bad;
}

static int toctou(void)
{
	/* "/pub" and "/etc" are both 4 bytes: one store swaps the directory. */
	unsigned pub, etc;
	memcpy(&pub, "/pub", 4);
	memcpy(&etc, "/etc", 4);
	struct flip f = { .word = (volatile unsigned *)path, .v = { pub, etc } };
	int hits, bad = 0;

	strcpy(path, "/pub/passwd");
	printf("== Check, then use: the path is read twice ==\n");
	printf("The driver only accepts paths under /pub/. We pass \"/pub/passwd\"; a second thread\n"
	       "keeps changing the first four bytes between \"/pub\" and \"/etc\".\n");
	int tid = start_flipper(&f);
	if (tid < 0)
		return 1;
	int n = run(DEMO_TOCTOU_UNSAFE, path, TRIES_UNSAFE, DEMO_ESCAPED).first;
	if (n)
		printf("-> ESCAPED on try %d: the driver checked \"/pub/passwd\", then read the path from\n"
		       "   our memory again to use it and got \"/etc/passwd\" -- a path it never checked\n"
		       "   (the 'demo: TOCTOU' line above).\n", n);
	else {
		printf("-> the check held in %d tries (unexpected: is the window set?)\n", TRIES_UNSAFE);
		bad++;
	}
	struct tally t = run(DEMO_TOCTOU_FIXED, path, TRIES_SAFE, DEMO_ESCAPED);
	hits = t.hits;
	printf("The fixed version, %d times: %d escapes (%d times it saw \"/etc\" and refused).\n",
	       TRIES_SAFE, hits, t.refused);
	printf("-> it copies the path into the kernel once, checks the copy and uses the copy:\n"
	       "   what it checked is what it uses. A path the check refuses gets EPERM.\n\n");
	bad += hits != 0;
	stop_flipper(&f, tid);
	return bad;
}

int main(int argc, char **argv)
{
	struct flip probe;
	flip_init(&probe);
	if (probe.spin)
		TRIES_UNSAFE = TRIES_UNSAFE_SMP;
	unsigned w = flip_window();
	long old = demo(DEMO_SET_WINDOW, NULL, w);
	if (old < 0) {
		printf("racedemo: DEMO_SET_WINDOW: %s\n", strerror(errno));
		return 1;
	}
	if (w == 1)
		printf("racedemo: the driver now yields the CPU once between its two reads.\n\n");
	else
		printf("racedemo: %s CPUs: the flipper runs on another one while the driver reads;\n"
		       "the driver yields %u times between its two reads (each returns at once).\n\n",
		       "several", w);
	int bad = example1() + toctou();
	demo(DEMO_SET_WINDOW, NULL, (unsigned long)old);
	printf("racedemo: %s\n", bad ? "SOMETHING UNEXPECTED happened (see above)"
				     : "both races happened, and both fixes held.");
	return bad ? 1 : 0;
}
