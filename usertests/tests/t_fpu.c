/*
 * t_fpu - floating point and SIMD registers belong to their thread.
 *
 * The kernel saves and restores every thread's FP/SIMD registers on each
 * switch (x86-64: FXSAVE image with XMM0-15 and MXCSR; ARM64: V0-V31,
 * FPCR, FPSR). Checked here, with several threads and processes spinning
 * at once so that the timer preempts them in the middle of their work:
 *  - double arithmetic gives exact, known results in every thread;
 *  - every vector register keeps the pattern its thread put there while
 *    others put their own (vregs_hold spins with no system call, so only
 *    a preemption can come between its load and its store);
 *  - the rounding mode is per thread: one rounding up, others to nearest;
 *  - a new thread starts with the default control word and zero vector
 *    registers; fork copies the caller's.
 */
#include "testlib.h"
#include "cpuregs.h"

#define SPIN_MS   300       /* how long each worker keeps going */
#define NTHREADS  4
#define NPROCS    3
#define HOLD_LOOPS 200000   /* one vregs_hold round: a few ms under TCG */

/* ---- exact double arithmetic -------------------------------------------- */

/*
 * acc = sum of n * scale for n = 1..count, with scale a multiple of 1/4:
 * every partial sum is a multiple of 1/4 below 2^50, so each addition is
 * exact and the result must equal scale * count * (count + 1) / 2 to the
 * last bit. Division by scale then gives the integer back exactly.
 */
struct fpwork {
	double scale;
	long count;
	double acc;
	int exact;
};

static void fp_work(void *arg)
{
	struct fpwork *w = arg;
	double acc = 0, x = 0;
	long n = 0;
	unsigned long end = uptime_ms() + SPIN_MS;

	while (uptime_ms() < end)
		for (int k = 0; k < 20000; k++) {
			n++;
			x += 1.0;                 /* x == n, in a register */
			acc += x * w->scale;
		}
	long tri = n * (n + 1) / 2;
	w->count = n;
	w->acc = acc;
	w->exact = acc == (double)tri * w->scale && acc / w->scale == (double)tri &&
		   x == (double)n;
}

static void test_exact_threads(void)
{
	struct fpwork w[NTHREADS];
	int tid[NTHREADS], ok = 1, created = 1;

	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct fpwork){ .scale = 0.25 * (i + 1) };
		tid[i] = thread_create(fp_work, &w[i]);
		created &= tid[i] > 0;
	}
	struct fpwork mine = { .scale = 1.75 };
	fp_work(&mine);
	for (int i = 0; i < NTHREADS; i++)
		if (tid[i] > 0)
			thread_join(tid[i]);
	t_ok(created, "%d FP threads created", NTHREADS);
	for (int i = 0; i < NTHREADS; i++) {
		ok &= w[i].exact && w[i].count > 0;
		if (!w[i].exact)
			printf("# thread %d: %ld terms, result wrong\n", i, w[i].count);
	}
	t_ok(ok && mine.exact, "double sums in %d threads and main, all spinning %d ms: every "
	     "result exact (%ld, %ld terms ...)", NTHREADS, SPIN_MS, mine.count, w[0].count);
}

/* ---- vector registers under preemption ---------------------------------- */

static volatile unsigned long rounds[NTHREADS + 1];

struct vwork {
	int id;
	int bad;                  /* rounds whose registers came back changed */
	int preempted;            /* rounds during which another thread ran */
	int total;
};

static void pattern(unsigned char *p, int id, unsigned long round)
{
	for (int i = 0; i < VREGS_BYTES; i++)
		p[i] = (unsigned char)(id * 37 + i * 11 + round * 3 + 1);
}

static unsigned long others_rounds(int id)
{
	unsigned long s = 0;
	for (int i = 0; i <= NTHREADS; i++)
		if (i != id)
			s += rounds[i];
	return s;
}

static void v_work(void *arg)
{
	struct vwork *w = arg;
	unsigned char in[VREGS_BYTES], out[VREGS_BYTES];
	unsigned long end = uptime_ms() + SPIN_MS;

	while (uptime_ms() < end) {
		pattern(in, w->id, rounds[w->id]);
		unsigned long before = others_rounds(w->id);
		vregs_hold(in, out, HOLD_LOOPS);
		w->preempted += others_rounds(w->id) != before;
		w->bad += memcmp(in, out, VREGS_BYTES) != 0;
		w->total++;
		rounds[w->id]++;
	}
}

static void test_vregs_threads(void)
{
	struct vwork w[NTHREADS + 1];
	int tid[NTHREADS], bad = 0, preempted = 0, total = 0;

	for (int i = 0; i <= NTHREADS; i++) {
		w[i] = (struct vwork){ .id = i };
		rounds[i] = 0;
	}
	for (int i = 0; i < NTHREADS; i++)
		tid[i] = thread_create(v_work, &w[i]);
	v_work(&w[NTHREADS]);
	for (int i = 0; i < NTHREADS; i++)
		if (tid[i] > 0)
			thread_join(tid[i]);
	for (int i = 0; i <= NTHREADS; i++) {
		bad += w[i].bad;
		preempted += w[i].preempted;
		total += w[i].total;
	}
	t_ok(preempted > 0, "%d threads holding %d vector registers: preempted in the middle "
	     "of %d of %d rounds", NTHREADS + 1, NVREGS, preempted, total);
	t_ok(bad == 0, "every vector register came back as its thread left it (%d rounds changed)",
	     bad);
}

/* Processes, each with its own registers and patterns, beside each other. */
static void test_vregs_procs(void)
{
	int pid[NPROCS], all = 1;

	for (int i = 0; i < NPROCS; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			struct vwork w = { .id = i + 1 };
			struct fpwork f = { .scale = 0.5 * (i + 1) };
			v_work(&w);
			fp_work(&f);
			exit(w.bad == 0 && w.total > 0 && f.exact ? 0 : 1);
		}
	}
	struct vwork w = { .id = 0 };
	v_work(&w);
	for (int i = 0; i < NPROCS; i++) {
		int status = -2;
		all &= pid[i] > 0 && waitpid(pid[i], &status) == pid[i] && status == 0;
	}
	t_ok(all && w.bad == 0, "%d processes and the parent, spinning with their own vector "
	     "registers and doubles: no register changed, every sum exact", NPROCS);
}

/* ---- the rounding mode and a new thread's state ------------------------- */

#define ONE_THIRD_NEAREST 0x3fd5555555555555ul   /* 1/3 rounded to nearest (down) */
#define ONE_THIRD_UP      0x3fd5555555555556ul   /* 1/3 rounded toward +infinity */

static volatile double one = 1.0, three = 3.0;   /* volatile: no constant folding */

static unsigned long third_bits(void)
{
	double q = one / three;
	unsigned long bits;
	memcpy(&bits, &q, sizeof(bits));
	return bits;
}

struct mode {
	unsigned long ctl_at_start;
	unsigned char v_at_start[VREGS_BYTES];
	int up;                       /* round up in this thread */
	int right;                    /* every quotient rounded as this thread asked */
};

static void mode_work(void *arg)
{
	struct mode *m = arg;
	unsigned long end = uptime_ms() + SPIN_MS / 2;

	vregs_dump(m->v_at_start);
	m->ctl_at_start = fpctl_get();
	if (m->up)
		fpctl_set(FPCTL_ROUND_UP);
	m->right = 1;
	while (uptime_ms() < end)
		for (int k = 0; k < 2000; k++)
			m->right &= third_bits() == (m->up ? ONE_THIRD_UP : ONE_THIRD_NEAREST);
}

static int all_zero(const unsigned char *p, int n)
{
	for (int i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_rounding(void)
{
	unsigned char junk[VREGS_BYTES];
	struct mode m[3] = { { .up = 1 }, { .up = 0 }, { .up = 1 } };
	int tid[3];

	t_ok(fpctl_get() == FPCTL_DEFAULT, "main starts with the default control word (0x%lx)",
	     fpctl_get());
	t_ok(third_bits() == ONE_THIRD_NEAREST, "1/3 rounds to nearest by default");
	/* main rounds up and fills its registers: nothing of it reaches a new thread */
	fpctl_set(FPCTL_ROUND_UP);
	pattern(junk, 99, 0);
	vregs_hold(junk, junk, 1);
	for (int i = 0; i < 3; i++)
		tid[i] = thread_create(mode_work, &m[i]);
	for (int i = 0; i < 3; i++)
		if (tid[i] > 0)
			thread_join(tid[i]);
	int fresh = 1, right = 1;
	for (int i = 0; i < 3; i++) {
		fresh &= m[i].ctl_at_start == FPCTL_DEFAULT && all_zero(m[i].v_at_start, VREGS_BYTES);
		right &= m[i].right;
	}
	t_ok(fresh, "a new thread starts with the default control word and zero vector registers");
	t_ok(right, "rounding up in two threads, to nearest in a third, all at once: each "
	     "quotient rounded as its own thread asked");
	t_ok(fpctl_get() == FPCTL_ROUND_UP && third_bits() == ONE_THIRD_UP,
	     "main still rounds up after the threads ran");

	/* fork copies the control word */
	int pid = fork();
	if (pid == 0) {
		int ok = fpctl_get() == FPCTL_ROUND_UP && third_bits() == ONE_THIRD_UP;
		if (!ok)
			printf("# child: control word 0x%lx, 1/3 = 0x%lx\n", fpctl_get(), third_bits());
		exit(ok ? 0 : 1);
	}
	int status = -2;
	t_ok(pid > 0 && waitpid(pid, &status) == pid && status == 0,
	     "fork: the child rounds up like its parent");
	fpctl_set(FPCTL_DEFAULT);
	t_ok(third_bits() == ONE_THIRD_NEAREST, "back to nearest");
}

/* A fork child's vector registers are its parent's at the fork:
 * vregs_fork loads them, makes the system call and stores them again,
 * with nothing in between that could use them. */
static void test_fork_copies_vregs(void)
{
	static unsigned char in[VREGS_BYTES], out[VREGS_BYTES];
	pattern(in, 5, 5);
	long pid = vregs_fork(in, out, SYS_fork);
	if (pid == 0)
		exit(memcmp(in, out, VREGS_BYTES) == 0 ? 0 : 1);
	int status = -2;
	t_ok(pid > 0 && waitpid(pid, &status) == pid && status == 0,
	     "fork: the child's %d vector registers are the parent's", NVREGS);
}

/* ---- wider registers stay off ------------------------------------------ */

/*
 * The kernel switches only the FXSAVE image (x86-64) and V0-V31 (ARM64).
 * AVX's YMM upper halves and SVE's Z/P registers would leak between
 * threads, so those instructions must not run at all: CR4.OSXSAVE clear
 * makes a VEX instruction #UD, CPACR_EL1.ZEN = 0 traps SVE. Either way
 * the program is killed (wait status -1).
 */
static void wide_insn(void)
{
#ifdef __x86_64__
	__asm__ volatile(".byte 0xc5, 0xfc, 0x57, 0xc0");   /* vxorps %ymm0, %ymm0, %ymm0 */
#else
	__asm__ volatile(".inst 0x2518e3e0");               /* ptrue p0.b */
#endif
}

static void test_wide_off(void)
{
	t_ok(t_in_child(wide_insn) == -1, "an %s instruction kills the program: the kernel "
	     "does not switch those registers", NVREGS == 16 ? "AVX (YMM)" : "SVE");
}

int main(void)
{
	struct t_kstate before;
	t_kstate(&before);

	test_rounding();
	test_fork_copies_vregs();
	test_exact_threads();
	test_vregs_threads();
	test_vregs_procs();
	test_wide_off();
	t_kernel_healthy(&before, "after the FP tests");
	return t_done();
}
