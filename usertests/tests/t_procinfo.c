/*
 * t_procinfo - procinfo(after, pi), system call 40 (docs/labs/01-syscall.md):
 * the process with the smallest pid above `after`, its pid returned and *pi
 * filled; 0 when there is none, with nothing written.
 *
 * Checked field by field: the caller's own entry (its mapped bytes and its
 * threads as they change), a child blocked in read(), a child that has
 * exited and not been waited for (a zombie), process 1, a walk over every
 * process, and the end of the walk.
 */
#include "testlib.h"

#define PATTERN 0xa5

static struct procinfo pi;
static int me;

/* procinfo(after, &pi) must return want and say pi.pid == want. */
static int get(int after, int want)
{
	memset(&pi, PATTERN, sizeof pi);
	errno = 0;
	int r = procinfo(after, &pi);
	if (r != want)
		printf("# procinfo(%d, &pi): expected %d, got %d (errno %d, %s)\n", after, want, r,
		       errno, strerror(errno));
	else if (pi.pid != want)
		printf("# procinfo(%d, &pi) = %d, but pi.pid is %d\n", after, r, pi.pid);
	return r == want && pi.pid == want;
}

/* One field: prints what was expected when it differs. */
static int field(const char *name, long got, long want)
{
	if (got != want)
		printf("#   %s: expected %ld, got %ld\n", name, want, got);
	return got == want;
}

/* pi.name as a C string even if the kernel left no NUL in it */
static const char *name_of(void)
{
	static char buf[sizeof pi.name + 1];

	memcpy(buf, pi.name, sizeof pi.name);
	buf[sizeof pi.name] = 0;
	return buf;
}

static int name_is(const char *want)
{
	int n = 0;

	while (n < (int)sizeof pi.name && pi.name[n])
		n++;
	if (n < (int)sizeof pi.name && !strcmp(pi.name, want))
		return 1;
	printf("#   name: expected \"%s\", got \"%s\"%s\n", want, name_of(),
	       n == sizeof pi.name ? " with no NUL" : "");
	return 0;
}

static void layout(void)
{
	t_ok(sizeof(struct procinfo) == 40 && offsetof(struct procinfo, pid) == 0 &&
	     offsetof(struct procinfo, ppid) == 4 && offsetof(struct procinfo, state) == 8 &&
	     offsetof(struct procinfo, nthreads) == 12 &&
	     offsetof(struct procinfo, mapped_bytes) == 16 &&
	     offsetof(struct procinfo, name) == 24 && sizeof pi.name == 16,
	     "struct procinfo: 40 bytes, no padding (%d)", (int)sizeof(struct procinfo));
}

static unsigned long own_mapped(void)
{
	return get(me - 1, me) ? pi.mapped_bytes : 0;
}

static void own_entry(void)
{
	int got = get(me - 1, me);
	int ok = got && (field("state", pi.state, PI_RUNNING) & field("nthreads", pi.nthreads, 1) &
			 name_is("t_procinfo"));
	if (got && (pi.ppid <= 0 || pi.ppid == me || !pi.mapped_bytes ||
		    pi.mapped_bytes % t_si.page_size)) {
		printf("#   expected a parent (ppid > 0, not us) and whole pages mapped\n");
		ok = 0;
	}
	t_ok(ok, "procinfo(getpid() - 1) is us: pid %d, parent %d, running, %d thread, %lu bytes "
	     "mapped, \"%s\"", me, got ? pi.ppid : 0, got ? pi.nthreads : 0,
	     got ? pi.mapped_bytes : 0, got ? name_of() : "");
	int parent = pi.ppid;
	t_ok(got && get(parent - 1, parent) && field("state", pi.state, PI_RUNNING),
	     "our parent %d is there and running", got ? parent : 0);
}

/* mapped_bytes follows mmap and munmap exactly. */
static void mapped(void)
{
	unsigned long ps = t_si.page_size, m0 = own_mapped();
	char *m = mmap(NULL, 3 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long m1 = own_mapped();
	munmap(m, 3 * ps);
	unsigned long m2 = own_mapped();
	t_ok(m != MAP_FAILED && m1 == m0 + 3 * ps && m2 == m0,
	     "mapped_bytes: %lu, after mmap of 3 pages %lu (expected %lu), after munmap %lu (expected %lu)",
	     m0, m1, m0 + 3 * ps, m2, m0);
}

static volatile int stop;

static void waiter(void *arg)
{
	while (!stop)
		sleep_ms(1);
}

/* nthreads counts the live threads. */
static void threads(void)
{
	stop = 0;
	int tid = thread_create(waiter, NULL);
	int two = get(me - 1, me) && field("nthreads", pi.nthreads, 2);
	stop = 1;
	int joined = tid > 0 && thread_join(tid) == 0;
	int one = get(me - 1, me) && field("nthreads", pi.nthreads, 1);
	t_ok(tid > 0 && joined && two && one, "nthreads: 2 with a second thread, 1 after it is joined");
}

/* A child blocked in read(): its parent is us, it is running, one thread,
 * and (a copy of our memory) as many bytes mapped as we have. */
static void child_running(void)
{
	int p[2];
	char c;
	unsigned long ours = own_mapped();

	pipe(p);
	int kid = fork();
	if (kid == 0) {
		close(p[1]);
		exit(read(p[0], &c, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	int ok = get(kid - 1, kid) &&
		 (field("ppid", pi.ppid, me) & field("state", pi.state, PI_RUNNING) &
		  field("nthreads", pi.nthreads, 1) & field("mapped_bytes", pi.mapped_bytes, ours) &
		  name_is("t_procinfo"));
	t_ok(ok, "a child in read(): pid %d, parent %d (us), running, 1 thread, %lu bytes mapped "
	     "like us", kid, me, ours);
	write(p[1], "x", 1);
	close(p[1]);
	int st = -1;
	waitpid(kid, &st);
}

/* A child that has exited, not yet waited for: a zombie with no threads
 * and no memory; once reaped it is gone. */
static void child_zombie(void)
{
	int kid = fork();
	if (kid == 0)
		exit(7);
	/* until it has exited (5 s at most), or at once if procinfo fails */
	for (unsigned long t0 = uptime_ms(); uptime_ms() - t0 < 5000; sleep_ms(1))
		if (procinfo(kid - 1, &pi) != kid || pi.state == PI_ZOMBIE)
			break;
	int ok = get(kid - 1, kid) &&
		 (field("ppid", pi.ppid, me) & field("state", pi.state, PI_ZOMBIE) &
		  field("nthreads", pi.nthreads, 0) & field("mapped_bytes", pi.mapped_bytes, 0) &
		  name_is("t_procinfo"));
	t_ok(ok, "an exited child not waited for: pid %d, parent %d (us), zombie, 0 threads, 0 bytes",
	     kid, me);
	int st = -1;
	int w = waitpid(kid, &st);
	memset(&pi, PATTERN, sizeof pi);
	int r = procinfo(kid - 1, &pi);
	t_ok(w == kid && st == 7 && r != kid && (r == 0 || r > kid),
	     "reaped (status %d), it is gone: procinfo(%d) = %d", st, kid - 1, r);
}

/* Process 1 has no parent; any `after` below 1 finds it. */
static void process_one(void)
{
	int ok = get(0, 1) && field("ppid", pi.ppid, 0) & field("state", pi.state, PI_RUNNING);
	t_ok(ok, "procinfo(0) is process 1, no parent (ppid 0), running");
	t_ok(get(-1, 1) && get(-2147483647 - 1, 1), "procinfo(-1) and procinfo(INT_MIN): process 1");
}

/* Every process once, in increasing pid order; as many as sysinfo counts. */
static int walk(void)
{
	struct sysinfo a, b;
	int n = 0, last = 0, ordered = 1, found = 0, p = 0, r;

	sysinfo(&a);
	while ((r = procinfo(p, &pi)) > 0 && n < 1000) {
		ordered &= r > p && pi.pid == r;
		found += r == 1 || r == me;
		last = p = r;
		n++;
	}
	sysinfo(&b);
	t_ok(r == 0 && ordered && found == 2,
	     "walking from 0: %d processes in increasing pid order, 1 and us among them, then 0 "
	     "(last result %d)", n, r);
	t_ok(a.nprocs != b.nprocs || (unsigned)n == a.nprocs,
	     "the walk finds as many processes as sysinfo counts: %d, %u", n, a.nprocs);
	return last;
}

static int all_pattern(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != PATTERN)
			return 0;
	return 1;
}

/* After the last process: 0, and the buffer is not touched at all. */
static void the_end(int last)
{
	memset(&pi, PATTERN, sizeof pi);
	int r = procinfo(last, &pi);
	t_ok(r == 0 && all_pattern(&pi, sizeof pi),
	     "procinfo(%d), the highest pid: 0, buffer untouched (got %d)", last, r);
	memset(&pi, PATTERN, sizeof pi);
	r = procinfo(1 << 30, &pi);
	t_ok(r == 0 && all_pattern(&pi, sizeof pi), "no process above 2^30: 0, buffer untouched (got %d)", r);
	errno = 0;
	r = procinfo(0x7fffffff, NULL);
	t_ok(r == 0 && errno == 0,
	     "procinfo(INT_MAX, NULL): 0, no error (nothing to write), got %d errno %d", r, errno);
}

int main(void)
{
	t_sysinfo();
	me = getpid();
	layout();
	own_entry();
	mapped();
	threads();
	child_running();
	child_zombie();
	process_one();
	the_end(walk());
	return t_done();
}
