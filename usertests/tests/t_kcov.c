/*
 * t_kcov - kernel coverage, KCOV-style: kcov_enable(buf, n), kcov_disable()
 * (kernel/kcov.c, kernel/sys/syskcov.c, docs/detectors.md).
 *
 * In a kernel built without coverage (the normal build) both calls must
 * fail with ENOSYS and nothing else is checked. In the coverage build
 * (`make COVER=1`; `make test` boots it for this program) the PCs a call
 * records are kernel text, a different call records a different set, the
 * same call the same set, buf[0] = 0 starts again, the buffer's end is
 * respected, every bad pointer of SPEC section 8 is EFAULT, EBUSY/EINVAL,
 * a buffer unmapped or made read-only under an enabled kcov only loses
 * PCs, another thread's calls never land in this thread's buffer, fork,
 * new threads and exec start without coverage, and the kernel's memory
 * comes back.
 */
#include "testlib.h"

#define N     4096                      /* longs in the main buffer */
#define GUARD 0x6775617264776f72UL      /* "guardwor" */

static unsigned long *buf;              /* N longs, then a guard word */

static int in_text(const unsigned long *b)
{
	for (unsigned long i = 1; i <= b[0]; i++)
		if (b[i] < t_si.kernel_text_start || b[i] >= t_si.kernel_text_end) {
			printf("# buf[%lu] = %#lx is outside the kernel text %#lx..%#lx\n",
			       i, b[i], t_si.kernel_text_start, t_si.kernel_text_end);
			return 0;
		}
	return 1;
}

/* Is pc among b[1..b[0]]? */
static int has_pc(const unsigned long *b, unsigned long pc)
{
	for (unsigned long i = 1; i <= b[0]; i++)
		if (b[i] == pc)
			return 1;
	return 0;
}

/* PCs of one call, copied out: its count. */
static unsigned long record(long (*call)(void), unsigned long *out, unsigned long max)
{
	buf[0] = 0;
	call();
	unsigned long n = buf[0];
	for (unsigned long i = 0; i <= n && i < max; i++)
		out[i] = buf[i];
	return n;
}

static long c_getpid(void) { return getpid(); }
static long c_close_bad(void) { return close(-1); }
static long c_sysinfo(void) { struct sysinfo si; return sysinfo(&si); }

static unsigned long pid_pcs[N], close_pcs[N];

static void test_record(void)
{
	/* Every t_ok prints (a write: recorded too), so each value is taken
	 * before the line that reports it. */
	buf[N] = GUARD;
	buf[0] = 12345;
	int r = kcov_enable(buf, N);
	unsigned long zero = buf[0];
	getpid();
	unsigned long got = buf[0];
	int text = in_text(buf);
	t_ok(r == 0, "kcov_enable(buf, %d)", N);
	t_ok(zero == 0, "buf[0] is 0 after kcov_enable (it zeroes buf)");
	t_ok(got > 0 && got < N, "getpid() recorded %lu PCs", got);
	t_ok(text, "every PC is in the kernel text (sysinfo's kernel_text_start/_end)");

	unsigned long np = record(c_getpid, pid_pcs, N);
	unsigned long nc = record(c_close_bad, close_pcs, N);
	t_ok(np > 0 && nc > 0, "buf[0] = 0, then getpid: %lu PCs; buf[0] = 0, then close(-1): %lu PCs",
	     np, nc);
	int differ = 0;
	for (unsigned long i = 1; i <= nc; i++)
		differ |= !has_pc(pid_pcs, close_pcs[i]);
	t_ok(differ, "close(-1) reached a PC that getpid did not");

	/* The same call twice, without a reset: the second run's PCs follow
	 * the first's, and they are the same ones. */
	buf[0] = 0;
	getpid();
	unsigned long one = buf[0];
	getpid();
	int same = buf[0] == 2 * one;
	for (unsigned long i = 1; same && i <= one; i++)
		same = buf[i] == buf[one + i];
	t_ok(same, "two getpids without a reset: %lu then %lu PCs, the second run the same as the first",
	     one, buf[0]);
	buf[0] = 0;
	getpid();
	t_ok(buf[0] == one, "buf[0] = 0 starts again: one getpid, %lu PCs", buf[0]);
	t_ok(buf[N] == GUARD, "the word after buf[%d] is untouched", N - 1);
	t_err(kcov_enable(buf, N), EBUSY, "kcov_enable again: EBUSY");
	t_ok(kcov_disable() == 0, "kcov_disable");
	buf[0] = 0;
	getpid();
	t_ok(buf[0] == 0, "nothing recorded after kcov_disable");
	t_err(kcov_disable(), EINVAL, "kcov_disable when off: EINVAL");
}

/* A tiny buffer: buf[0] stops at n - 1 and nothing lands beyond buf[n-1],
 * even when the user put a huge count into buf[0]. */
static void test_cap(void)
{
	unsigned long small[8 + 1];
	small[8] = GUARD;
	t_ok(kcov_enable(small, 8) == 0, "kcov_enable(buf, 8)");
	c_sysinfo();
	t_ok(small[0] == 7 && small[8] == GUARD, "sysinfo fills it: buf[0] = %lu (7 = n - 1), guard word intact",
	     small[0]);
	small[0] = 1000;
	c_sysinfo();
	t_ok(small[0] == 7 && small[8] == GUARD,
	     "user writes buf[0] = 1000: the kernel clamps it, buf[0] = %lu, guard intact", small[0]);
	small[0] = 5;
	getpid();
	t_ok(small[0] == 7 && small[8] == GUARD, "buf[0] = 5: two more PCs, buf[0] = %lu", small[0]);
	kcov_disable();
	for (unsigned long n = 0; n < 2; n++)
		t_err(kcov_enable(small, n), EINVAL, "kcov_enable(buf, %lu): EINVAL", n);
	t_err(kcov_enable(buf, 65537), EINVAL, "kcov_enable(buf, 65537) (the cap is 65536): EINVAL");
	t_err(kcov_enable(buf, ~0UL), EINVAL, "kcov_enable(buf, ~0UL): EINVAL");
	t_err(kcov_disable(), EINVAL, "none of them enabled it");
}

static long bad_enable(void *p, unsigned long bytes)
{
	long r = kcov_enable(p, bytes / sizeof(long));
	if (r == 0)
		kcov_disable();
	return r;
}

/* The buffer made read-only, then unmapped, while kcov is on: the calls
 * return what they return, the PCs of those calls are lost. */
static void test_buffer_goes(void)
{
	unsigned long *p = t_pages(1);
	int pid = getpid();
	t_ok(kcov_enable(p, 512) == 0, "kcov_enable on a fresh page");
	getpid();
	unsigned long had = p[0];
	mprotect(p, t_si.page_size, PROT_READ);
	t_ok(getpid() == pid && p[0] == had, "buffer read-only: getpid works, buf unchanged (%lu)", p[0]);
	mprotect(p, t_si.page_size, PROT_READ | PROT_WRITE);
	getpid();
	t_ok(p[0] > had, "read-write again: recording goes on (%lu PCs)", p[0]);
	munmap(p, t_si.page_size);
	int ok = 1;
	for (int i = 0; i < 50; i++)
		ok &= getpid() == pid;
	struct sysinfo si;
	ok &= sysinfo(&si) == 0 && si.page_size == t_si.page_size;
	t_ok(ok, "buffer unmapped: 50 getpids and a sysinfo return normally");
	t_ok(kcov_disable() == 0, "kcov_disable after the unmap");
}

/* Another thread unmaps and maps the buffer again, over and over, while
 * this one enables, calls and disables. */
static unsigned long *racy;
static volatile int race_done;

static void unmapper(void *arg)
{
	while (!race_done) {
		munmap(racy, 2 * t_si.page_size);
		yield();
		mmap(racy, 2 * t_si.page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		yield();
	}
}

static void test_race(void)
{
	racy = t_pages(2);
	race_done = 0;
	int tid = thread_create(unmapper, NULL), pid = getpid();
	unsigned long ok = 0, efault = 0, wrong = 0;
	for (int i = 0; i < 300; i++) {
		long r = __syscall(SYS_kcov_enable, (long)racy, 1024, 0, 0, 0, 0);
		if (r == 0) {
			ok++;
			for (int k = 0; k < 3; k++)
				wrong += __syscall(SYS_getpid, 0, 0, 0, 0, 0, 0) != pid;
			wrong += __syscall(SYS_kcov_disable, 0, 0, 0, 0, 0, 0) != 0;
		} else if (r == -EFAULT) {
			efault++;
		} else {
			wrong++;
		}
		if (i % 16 == 0)
			yield();
	}
	race_done = 1;
	thread_join(tid);
	munmap(racy, 2 * t_si.page_size);
	t_ok(tid > 0 && !wrong, "buffer unmapped by another thread: %lu enables worked, %lu EFAULT, "
	     "every other call right", ok, efault);
}

/* A second thread's calls never go into this thread's buffer. */
static volatile int go, done_calls;
static volatile long t_result;
static unsigned long tbuf[N];

static void busy_thread(void *arg)
{
	while (!go)
		;
	long e = __syscall(SYS_kcov_disable, 0, 0, 0, 0, 0, 0);
	long r = __syscall(SYS_kcov_enable, (long)tbuf, N, 0, 0, 0, 0);
	for (int i = 0; i < 20; i++)
		kcheck();
	t_result = e == -EINVAL && r == 0 && tbuf[0] > 0 ? 1 : (e != -EINVAL ? -1 : -2);
	done_calls = 1;                    /* it exits with kcov on: freed then */
}

static void test_threads(void)
{
	t_ok(kcov_enable(buf, N) == 0, "kcov_enable for the main thread");
	unsigned long one = record(c_getpid, pid_pcs, N);
	int tid = thread_create(busy_thread, NULL);
	buf[0] = 0;
	go = 1;
	while (!done_calls)                /* no system call: nothing to record */
		;
	getpid();
	int same = buf[0] == one;
	for (unsigned long i = 1; same && i <= one; i++)
		same = buf[i] == pid_pcs[i];
	t_ok(same, "another thread's 20 kcheck calls: main's buffer holds only its own getpid (%lu PCs, %lu expected)",
	     buf[0], one);
	t_ok(t_result == 1, "the new thread starts with kcov off (EINVAL), enables its own and sees its calls (%ld)",
	     t_result);
	thread_join(tid);
	kcov_disable();
}

/* fork: the child has no coverage; exec: the new program neither. */
static void test_fork_exec(void)
{
	t_ok(kcov_enable(buf, N) == 0, "kcov_enable before fork");
	int pid = fork();
	if (pid == 0) {
		int r = kcov_disable();
		exit(r == -1 && errno == EINVAL ? 0 : 1);
	}
	int st = -2;
	waitpid(pid, &st);
	t_ok(st == 0, "the forked child's kcov_disable: EINVAL (not inherited)");
	pid = fork();
	if (pid == 0) {
		/* the child enabled it itself; exec drops it */
		kcov_disable();
		if (kcov_enable(buf, N) != 0)
			exit(2);
		char *argv[] = { "t_kcov", "--after-exec", NULL };
		exec("/tests/t_kcov", argv);
		exit(3);
	}
	st = -2;
	waitpid(pid, &st);
	t_ok(st == 0, "kcov on, then exec: the new program's kcov_disable is EINVAL (status %d)", st);
	kcov_disable();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--after-exec")) {
		int r = kcov_disable();
		return r == -1 && errno == EINVAL ? 0 : 1;
	}
	struct t_kstate before;
	t_sysinfo();
	bad_init();
	buf = t_pages((N + 1) * sizeof(long) / t_si.page_size + 1);
	t_kstate(&before);
	errno = 0;
	int r = kcov_enable(buf, N);
	if (r == -1 && errno == ENOSYS) {
		t_ok(1, "kcov_enable: ENOSYS: this kernel is built without coverage (make COVER=1)");
		t_err(kcov_disable(), ENOSYS, "kcov_disable: ENOSYS");
		t_kernel_healthy(&before, "kcov calls without coverage");
		return t_done();
	}
	t_ok(r == 0, "kcov_enable: this kernel is built with coverage");
	kcov_disable();
	test_record();
	test_cap();
	t_bad("kcov_enable", bad_enable, 64, BAD_DST);
	t_err(kcov_disable(), EINVAL, "no bad pointer left kcov enabled");
	test_buffer_goes();
	test_race();
	test_threads();
	test_fork_exec();
	t_kernel_healthy(&before, "kcov: every buffer given back");
	return t_done();
}
