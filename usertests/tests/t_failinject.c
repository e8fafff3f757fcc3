/*
 * t_failinject - every allocation a system call makes may fail, and the
 * call then fails cleanly: ENOMEM, nothing left behind, the process and
 * the kernel running on.
 *
 * For each system call that allocates, and for page and heap allocations
 * separately, the test walks n = 1, 2, ...: a child arms the fault
 * injection (kernel/uapi/failinject.h) so that the nth allocation of its
 * own system calls fails, makes the call and disarms. If the failure
 * happened, the call must have returned exactly ENOMEM with free pages and
 * heap exactly as before it (and kcheck clean); if it did not, the call
 * made fewer than n allocations, must have succeeded, and the walk is
 * over. After each child the parent checks that free pages and heap are
 * exactly back where they were before it.
 *
 * A run of the call before the walk warms the kernel up (slab pages a
 * first use takes stay with the heap), so that every later run starts
 * from the same state.
 */
#include "testlib.h"
#include "failinject.h"

#define SELF    "/tests/t_failinject"
#define DIR     "/fi.d"
#define FRESH   0x500000000000ul   /* no page table of any level there yet */
#define FRESH2  0x510000000000ul
#define MAXN    600                /* more allocations than any call here makes */
#define RW      (PROT_READ | PROT_WRITE)
#define ANON    (MAP_PRIVATE | MAP_ANONYMOUS)

/* What a child reports in its exit status. */
enum { R_FAILED_CLEANLY = 0, R_SUCCEEDED = 1, R_BAD = 2 };

static unsigned long ps;

static long fi(int op, int kinds, unsigned long nth)
{
	return __syscall(SYS_failinject, op, kinds, nth, 0, 0, 0);
}

/* A library call's result: r, or -errno when it failed. */
static long res(long r)
{
	return r < 0 ? -errno : r;
}

static long ptr_res(void *p)
{
	return p == MAP_FAILED ? -errno : 0;
}

/* ---- the calls ------------------------------------------------------------ */

static void *area;
static int fd = -1;

static long c_mmap(void)       { return ptr_res(mmap(NULL, ps, RW, ANON, -1, 0)); }
static long c_mmap_fresh(void) { return ptr_res(mmap((void *)FRESH, 2 * ps, RW, ANON | MAP_FIXED, -1, 0)); }
static long c_sbrk(void)       { return ptr_res(sbrk((long)ps)); }

/* A heap of three whole pages, so that giving one back splits its area. */
static void s_sbrk3(void)
{
	uintptr_t b = (uintptr_t)sbrk(0);
	sbrk((long)(3 * ps + (ps - b % ps) % ps));
}
static long c_sbrk_shrink(void) { return ptr_res(sbrk(-(long)ps)); }

static void s_none3(void) { area = mmap((void *)FRESH2, 3 * ps, PROT_NONE, ANON | MAP_FIXED, -1, 0); }
static long c_mprotect(void)    { return res(mprotect((char *)area + ps, ps, RW)); }

static void s_rw3(void)   { area = mmap(NULL, 3 * ps, RW, ANON, -1, 0); }
static long c_munmap(void)      { return res(munmap((char *)area + ps, ps)); }

static long c_fork(void)
{
	int pid = fork();
	if (pid == 0)
		exit(0);
	if (pid > 0)
		waitpid(pid, NULL);
	return res(pid);
}

static long c_exec(void)
{
	char *argv[] = { "t_failinject", "exec-ok", NULL };
	return res(exec(SELF, argv));   /* returns only if it failed */
}

static long c_spawn(void)
{
	char *argv[] = { "t_failinject", "exit0", NULL };
	int pid = spawn(SELF, argv);
	if (pid > 0)
		waitpid(pid, NULL);
	return res(pid);
}

static void nothing(void *arg) { (void)arg; }
static long c_thread(void)
{
	int tid = thread_create(nothing, NULL);
	if (tid > 0)
		thread_join(tid);
	return res(tid);
}

static long c_pipe(void)
{
	int fds[2];
	long r = res(pipe(fds));
	if (r == 0) {
		close(fds[0]);
		close(fds[1]);
	}
	return r;
}

static long c_open_creat(void)
{
	long r = res(open(DIR "/new", O_CREAT | O_RDWR));
	if (r >= 0) {
		close((int)r);
		unlink(DIR "/new");
	}
	return r;
}

static long c_mkdir(void)
{
	long r = res(mkdir(DIR "/sub"));
	if (r == 0)
		unlink(DIR "/sub");
	return r;
}

static long c_link(void)
{
	long r = res(link(DIR "/a", DIR "/b"));
	if (r == 0)
		unlink(DIR "/b");
	return r;
}

/* A new empty file: its first write allocates its data. */
static void s_newfile(void) { fd = open(DIR "/w", O_CREAT | O_RDWR); }
static long c_write(void)
{
	static const char text[100] = "the first bytes of a file";
	return res(write(fd, text, sizeof text));
}
static void u_newfile(void) { close(fd); unlink(DIR "/w"); }

static void s_opendir(void) { fd = open(DIR, O_RDONLY); }
static long c_getdents(void)
{
	struct dirent d[4];
	return res(getdents(fd, d, sizeof d));
}

static long c_console(void)
{
	static const char line[] = "# (a console write under fault injection)\n";
	return res(write(1, line, sizeof line - 1));
}

/* After a failure: is the name the call would have made still absent? */
static int absent(const char *path)
{
	int f = open(path, O_RDONLY);
	if (f >= 0)
		close(f);
	return f < 0 && errno == ENOENT;
}
static int no_new(void)  { return absent(DIR "/new"); }
static int no_sub(void)  { return absent(DIR "/sub"); }
static int no_b(void)    { return absent(DIR "/b"); }

struct target {
	const char *name;
	long (*call)(void);           /* >= 0, or -errno */
	void (*setup)(void);          /* in the child, before the measuring starts */
	void (*cleanup)(void);        /* in the child, after it ends */
	int (*unchanged)(void);       /* after a failure: nothing of the call is left */
};

static const struct target targets[] = {
	{ "mmap", .call = c_mmap },
	{ "mmap where no page table is", .call = c_mmap_fresh },
	{ "sbrk", .call = c_sbrk },
	{ "sbrk shrinking an area", .call = c_sbrk_shrink, .setup = s_sbrk3 },
	{ "mprotect of part of a PROT_NONE area", .call = c_mprotect, .setup = s_none3 },
	{ "munmap of the middle of an area", .call = c_munmap, .setup = s_rw3 },
	{ "fork", .call = c_fork },
	{ "exec", .call = c_exec },
	{ "spawn", .call = c_spawn },
	{ "thread_create", .call = c_thread },
	{ "pipe", .call = c_pipe },
	{ "open with O_CREAT", .call = c_open_creat, .unchanged = no_new },
	{ "mkdir", .call = c_mkdir, .unchanged = no_sub },
	{ "link", .call = c_link, .unchanged = no_b },
	{ "write growing a file", .call = c_write, .setup = s_newfile, .cleanup = u_newfile },
	{ "getdents", .call = c_getdents, .setup = s_opendir },
	{ "write to the console", .call = c_console },
};
#define NTARGETS (int)(sizeof targets / sizeof targets[0])

/* ---- one attempt, in a child ---------------------------------------------- */

static int same(const struct t_kstate *a, const struct t_kstate *b)
{
	return a->free_pages == b->free_pages && a->heap_bytes == b->heap_bytes;
}

/* n == 0: a plain run (the warm-up). */
static void attempt(const struct target *t, int kinds, unsigned long n)
{
	struct t_kstate before, after;
	int status = R_SUCCEEDED;

	if (t->setup)
		t->setup();
	t_kstate(&before);
	if (n)
		fi(FI_ARM, kinds | FI_SELF, n);
	long r = t->call();
	long fired = fi(FI_DISARM, 0, 0);
	t_kstate(&after);
	if (!fired && r < 0) {
		printf("# %s: allocation %lu did not fail, yet the call failed: %s\n",
		       t->name, n, strerror((int)-r));
		status = R_BAD;
	} else if (fired && r != -ENOMEM) {
		printf("# %s: allocation %lu failed, the call returned %ld (%s), not ENOMEM\n",
		       t->name, n, r, r < 0 ? strerror((int)-r) : "success");
		status = R_BAD;
	} else if (fired && !same(&before, &after)) {
		printf("# %s: allocation %lu failed and free pages moved by %ld, heap by %ld bytes\n",
		       t->name, n, (long)(after.free_pages - before.free_pages),
		       (long)(after.heap_bytes - before.heap_bytes));
		status = R_BAD;
	} else if (fired && t->unchanged && !t->unchanged()) {
		printf("# %s: allocation %lu failed, yet what the call makes is there\n", t->name, n);
		status = R_BAD;
	} else if (kcheck() != 0) {
		printf("# %s: allocation %lu: kcheck failed\n", t->name, n);
		status = R_BAD;
	} else if (fired) {
		status = R_FAILED_CLEANLY;
	}
	if (t->cleanup)
		t->cleanup();
	exit(status);
}

static int run_attempt(const struct target *t, int kinds, unsigned long n)
{
	int status = -1;
	int pid = fork();

	if (pid == 0)
		attempt(t, kinds, n);
	if (pid < 0 || waitpid(pid, &status) != pid)
		return -1;
	return status;
}

/* ---- the walk --------------------------------------------------------------- */

static void walk(const struct target *t, int kinds)
{
	const char *kind = kinds == FI_PAGE ? "page" : "heap";
	struct t_kstate before, after;
	unsigned long n, failed = 0;
	int bad = 0, st = -1;

	for (n = 1; n <= MAXN; n++) {
		t_kstate(&before);
		st = run_attempt(t, kinds, n);
		t_kstate(&after);
		if (!same(&before, &after)) {
			printf("# %s, %s allocation %lu: after the child free pages moved by %ld, heap by %ld\n",
			       t->name, kind, n, (long)(after.free_pages - before.free_pages),
			       (long)(after.heap_bytes - before.heap_bytes));
			bad++;
		}
		if (st != R_FAILED_CLEANLY)
			break;
		failed++;
	}
	t_ok(st == R_SUCCEEDED && !bad && kcheck() == 0,
	     "%s: each of its %lu %s allocations failed alone: ENOMEM, nothing left behind; "
	     "then it succeeds", t->name, failed, kind);
}

/* Run before the walks: the fs objects some calls need. */
static void fs_setup(void)
{
	mkdir(DIR);
	close(open(DIR "/a", O_CREAT | O_RDWR));
}

static void fs_cleanup(void)
{
	unlink(DIR "/a");
	unlink(DIR "/w");
	unlink(DIR "/new");
	unlink(DIR "/sub");
	unlink(DIR "/b");
	t_ok(unlink(DIR) == 0, "%s removed again", DIR);
}

/* The switch itself: bad requests, and a failure outside the scope. */
static void test_switch(void)
{
	t_ok(fi(FI_ARM, FI_PAGE, 0) == -EINVAL, "failinject: nth 0 is EINVAL");
	t_ok(fi(FI_ARM, FI_SELF, 1) == -EINVAL, "failinject: no kind is EINVAL");
	t_ok(fi(FI_ARM, 64, 1) == -EINVAL, "failinject: an unknown kind is EINVAL");
	t_ok(fi(99, 0, 0) == -EINVAL, "failinject: an unknown op is EINVAL");
	t_ok(fi(FI_DISARM, 0, 0) == 0, "failinject: disarming when nothing is armed: 0");
	/* FI_SELF counts our allocations only; getpid makes none */
	t_ok(fi(FI_ARM, FI_PAGE | FI_HEAP | FI_SELF, 1) == 0 && getpid() > 0 &&
	     fi(FI_COUNT, 0, 0) == 0 && fi(FI_DISARM, 0, 0) == 0,
	     "failinject: a call that allocates nothing counts nothing");
	/* a page's area and its page list: two heap allocations */
	long armed = fi(FI_ARM, FI_HEAP | FI_SELF, 1000);
	void *p = mmap(NULL, ps, RW, ANON, -1, 0);
	long n = fi(FI_COUNT, 0, 0);
	t_ok(armed == 0 && fi(FI_DISARM, 0, 0) == 0 && p != MAP_FAILED && n == 2,
	     "failinject: an mmap of one page counts 2 heap allocations (%ld)", n);
	munmap(p, ps);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exit0") == 0)
		return 0;
	if (argc > 1 && strcmp(argv[1], "exec-ok") == 0)   /* c_exec succeeded */
		return fi(FI_DISARM, 0, 0) ? R_BAD : R_SUCCEEDED;

	/* usertests forks its watchdog for us right after starting us: let it,
	 * before the first count of free pages and heap */
	sleep_ms(20);
	t_sysinfo();
	ps = t_si.page_size;
	fs_setup();
	test_switch();
	for (int i = 0; i < NTARGETS; i++) {
		run_attempt(&targets[i], 0, 0);     /* warm up */
		walk(&targets[i], FI_PAGE);
		walk(&targets[i], FI_HEAP);
	}
	fs_cleanup();
	return t_done();
}
