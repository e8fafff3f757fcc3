/*
 * t_oom - physical memory run dry from user mode: no panic, every call
 * that needs memory says ENOMEM and gives back what it took.
 *
 * One process may map at most max_map_bytes_per_proc, so children each
 * map until ENOMEM, one after the other, and keep what they have, until
 * one of them stops short of the limit: the machine is out of pages. That
 * one gives one page back and then maps one page where no page table
 * exists yet (which used to panic the kernel: the page fits, its tables
 * do not), forks, execs, spawns, creates a thread and grows its heap:
 * each must fail with ENOMEM and leave free pages and heap exactly as they
 * were. Then everyone lets go, and everything is back.
 */
#include "testlib.h"

#define MB     (1ul << 20)
#define FRESH  0x500000000000ul
#define RW     (PROT_READ | PROT_WRITE)
#define ANON   (MAP_PRIVATE | MAP_ANONYMOUS)
#define MAXHOGS 8

static unsigned long ps;
static int release[2], report[2];
static char *last_page;

/* Map until ENOMEM: 1 MiB pieces, then single pages. Bytes mapped. */
static unsigned long hog(void)
{
	unsigned long total = 0;
	void *p;

	while ((p = mmap(NULL, MB, RW, ANON, -1, 0)) != MAP_FAILED)
		total += MB;
	while ((p = mmap(NULL, ps, RW, ANON, -1, 0)) != MAP_FAILED) {
		last_page = p;
		total += ps;
	}
	return total;
}

/* Bits of what went wrong in the child that ran the machine dry. */
enum { B_MMAP = 1, B_FORK = 2, B_EXEC = 4, B_SPAWN = 8, B_THREAD = 16, B_SBRK = 32, B_KCHECK = 64 };

static int same(const struct t_kstate *a, const struct t_kstate *b)
{
	return a->free_pages == b->free_pages && a->heap_bytes == b->heap_bytes;
}

/* r is the call's result (-1 and errno on failure): ENOMEM and nothing moved? */
static int failed_cleanly(const char *what, long r, const struct t_kstate *before)
{
	struct t_kstate now;
	int e = errno;
	t_kstate(&now);
	if (r != -1 || e != ENOMEM || !same(before, &now)) {
		printf("# out of memory: %s returned %ld (errno %d), free pages moved %ld, heap %ld\n",
		       what, r, e, (long)(now.free_pages - before->free_pages),
		       (long)(now.heap_bytes - before->heap_bytes));
		return 0;
	}
	return 1;
}

static void nothing(void *arg) { (void)arg; }

static int exhausted_checks(void)
{
	struct t_kstate k;
	int bad = 0;
	char *argv[] = { "t_oom", "exit0", NULL };

	munmap(last_page, ps);                  /* one page back */
	t_kstate(&k);
	if (!failed_cleanly("mmap of a page with no page table",
			    (long)mmap((void *)FRESH, ps, RW, ANON | MAP_FIXED, -1, 0), &k))
		bad |= B_MMAP;
	int pid = fork();
	if (pid == 0)
		exit(0);
	if (!failed_cleanly("fork", pid, &k))
		bad |= B_FORK;
	if (!failed_cleanly("exec", exec("/tests/t_oom", argv), &k))
		bad |= B_EXEC;
	if (!failed_cleanly("spawn", spawn("/tests/t_oom", argv), &k))
		bad |= B_SPAWN;
	if (!failed_cleanly("thread_create", thread_create(nothing, NULL), &k))
		bad |= B_THREAD;
	if (!failed_cleanly("sbrk", (long)sbrk((long)(16 * ps)), &k))
		bad |= B_SBRK;
	if (kcheck() != 0)
		bad |= B_KCHECK;
	return bad;
}

/* One hog: 'c' if it stopped at its limit, else the machine is dry: run
 * the checks and report their bits. Then wait for the release. */
static void hog_child(void)
{
	close(release[1]);
	close(report[0]);
	unsigned long got = hog();
	char r[2] = { 'c', 0 };
	if (got + 4 * MB < t_si.max_map_bytes_per_proc) {
		r[0] = 'p';
		r[1] = (char)exhausted_checks();
	}
	write(report[1], r, 2);
	close(report[1]);
	char c;
	read(release[0], &c, 1);
	exit(0);
}

/*
 * One round. The first warms the kernel heap up (slab pages taken for the
 * hogs' many areas stay with the heap); the second must give back exactly.
 */
static void round(int rnd)
{
	struct t_kstate before, now;
	int pids[MAXHOGS], n = 0, bits = -1, statuses = 1;

	t_kstate(&before);
	if (pipe(release) < 0 || pipe(report) < 0) {
		t_ok(0, "round %d: pipes: %s", rnd, strerror(errno));
		return;
	}
	while (n < MAXHOGS) {
		char r[2];
		int pid = fork();
		if (pid == 0)
			hog_child();
		if (pid < 0)
			break;
		pids[n++] = pid;
		if (read(report[0], r, 2) != 2)
			break;
		if (r[0] == 'p') {
			bits = r[1];
			break;
		}
	}
	t_ok(bits >= 0, "round %d: %d processes, each mapping up to its limit, ran the machine out of pages", rnd, n);
	t_ok(bits >= 0 && !(bits & B_MMAP), "round %d: out of pages: mmap of one page needing new page tables: ENOMEM, nothing moved", rnd);
	t_ok(bits >= 0 && !(bits & B_FORK), "round %d: out of pages: fork: ENOMEM, nothing moved", rnd);
	t_ok(bits >= 0 && !(bits & B_EXEC), "round %d: out of pages: exec: ENOMEM, nothing moved, the caller runs on", rnd);
	t_ok(bits >= 0 && !(bits & B_SPAWN), "round %d: out of pages: spawn: ENOMEM, nothing moved", rnd);
	t_ok(bits >= 0 && !(bits & B_THREAD), "round %d: out of pages: thread_create: ENOMEM, nothing moved", rnd);
	t_ok(bits >= 0 && !(bits & B_SBRK), "round %d: out of pages: sbrk: ENOMEM, nothing moved", rnd);
	t_ok(bits >= 0 && !(bits & B_KCHECK), "round %d: out of pages: kcheck clean", rnd);
	close(release[1]);          /* let them all go */
	for (int i = 0; i < n; i++) {
		int status = -1;
		statuses &= waitpid(pids[i], &status) == pids[i] && status == 0;
	}
	close(release[0]);
	close(report[0]);
	close(report[1]);
	t_ok(statuses, "round %d: all %d processes ended normally", rnd, n);
	if (rnd < 2)
		return;
	t_kstate(&now);
	t_ok(same(&before, &now) && kcheck() == 0,
	     "round %d: all memory is back (free pages moved %ld, heap %ld bytes), kcheck clean", rnd,
	     (long)(now.free_pages - before.free_pages), (long)(now.heap_bytes - before.heap_bytes));
}

int main(int argc, char **argv)
{
	if (argc > 1)               /* exec or spawn worked after all */
		return 0;
	sleep_ms(20);               /* let usertests fork its watchdog first */
	t_sysinfo();
	ps = t_si.page_size;
	round(1);
	round(2);
	return t_done();
}
