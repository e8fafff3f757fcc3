/*
 * usertests/lib/fuzzrt.c - the run-time /bin/fuzz and its reproducers
 * share (fuzzrt.h): pointer-class pages, resource slots, the scratch
 * directory and the racer thread.
 */
#include "fuzzrt.h"

struct fz_arena FZ;
long fz_fd[FZ_SLOTS], fz_pid[FZ_SLOTS], fz_tid[FZ_SLOTS], fz_map[FZ_SLOTS];
static unsigned nfd, npid, ntid, nmap;

#define RW (PROT_READ | PROT_WRITE)

static unsigned char *pages(unsigned long n)
{
	void *p = mmap(NULL, n * FZ.ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* n pages whose next page is unmapped */
static unsigned char *pages_before_hole(unsigned long n)
{
	unsigned char *p = pages(n + 1);
	if (p)
		munmap(p + n * FZ.ps, FZ.ps);
	return p;
}

void fz_arena_init(void)
{
	if (FZ.ps)
		return;
	sysinfo(&FZ.si);
	FZ.ps = FZ.si.page_size;
	/* x86-64: the first non-canonical address; ARM64 (48-bit TTBR0):
	 * the first one a TTBR0 walk cannot reach (as usertests/lib/badptr.c) */
	FZ.noncanon = 0x0000800000000000UL >= FZ.si.user_va_limit ? 0x0000800000000000UL
							       : 0x0001000000000000UL;
	FZ.valid = pages(FZ_VALID_PAGES);
	FZ.straddle = pages_before_hole(1);
	FZ.ro = pages(1);
	memset(FZ.ro, 0x5a, FZ.ps);
	mprotect(FZ.ro, FZ.ps, PROT_READ);
	FZ.none = pages(1);
	mprotect(FZ.none, FZ.ps, PROT_NONE);
	unsigned char *three = pages(3);
	munmap(three + FZ.ps, FZ.ps);
	FZ.hole = three + FZ.ps;
	FZ.race = pages(1);
	FZ.pathmax = pages_before_hole(1);
	memset(FZ.pathmax, 'a', FZ.ps);
	for (unsigned long i = FZ.ps - PATH_MAX; i < FZ.ps; i += 32)
		FZ.pathmax[i] = '/';            /* components shorter than NAME_MAX */
	FZ.pathmax += FZ.ps - PATH_MAX;
	FZ.unterm = pages_before_hole(1);
	memset(FZ.unterm, 'b', FZ.ps);
	FZ.unterm += FZ.ps - 16;
	char **v = (char **)pages_before_hole(1);
	static char echo[] = "echo", arg[] = "fuzz";
	FZ.argv_ok = v;
	v[0] = echo, v[1] = arg, v[2] = NULL;
	FZ.argv_bad = v + 4;
	v[4] = echo, v[5] = (char *)FZ.hole, v[6] = NULL;
	FZ.argv_unterm = v + FZ.ps / sizeof(char *) - 4;
	for (int i = 0; i < 4; i++)
		FZ.argv_unterm[i] = arg;
	fz_fill(1);
	fz_slots_reset();
}

void fz_fill(unsigned seed)
{
	unsigned long x = seed * 0x9e3779b97f4a7c15UL + 1;
	unsigned long *w = (unsigned long *)FZ.valid;
	for (unsigned long i = 0; i < FZ_VALID_PAGES * FZ.ps / 8; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		unsigned long v = x;
		for (int b = 0; b < 64; b += 8)     /* no poison byte anywhere */
			if (((v >> b) & 0xff) == FZ_POISON)
				v ^= 1UL << b;
		w[i] = v;
	}
}

void fz_slots_reset(void)
{
	for (int i = 0; i < FZ_SLOTS; i++)
		fz_fd[i] = fz_pid[i] = fz_tid[i] = -1, fz_map[i] = 0;
	nfd = npid = ntid = nmap = 0;
}

static int in_valid(long p, unsigned long n)
{
	unsigned long a = (unsigned long)p, v = (unsigned long)FZ.valid;
	return a >= v && a + n <= v + FZ_VALID_PAGES * FZ.ps && a + n >= a;
}

long fz_keep(long nr, long r, const long *args)
{
	if (nr == SYS_fork && r == 0)
		__syscall(SYS_exit, 0, 0, 0, 0, 0, 0);   /* the child does nothing */
	if (r < 0 && r > -4096)
		return r;
	switch (nr) {
	case SYS_open: case SYS_dup:
		fz_fd[nfd++ % FZ_SLOTS] = r;
		break;
	case SYS_pipe:
		if (in_valid(args[0], 2 * sizeof(int))) {
			fz_fd[nfd++ % FZ_SLOTS] = ((int *)args[0])[0];
			fz_fd[nfd++ % FZ_SLOTS] = ((int *)args[0])[1];
		}
		break;
	case SYS_fork: case SYS_spawn:
		fz_pid[npid++ % FZ_SLOTS] = r;
		break;
	case SYS_thread_create:
		fz_tid[ntid++ % FZ_SLOTS] = r;
		break;
	case SYS_mmap:
		fz_map[nmap++ % FZ_SLOTS] = r;
		break;
	}
	return r;
}

long fz_call(long nr, const long *a)
{
	return fz_keep(nr, __syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]), a);
}

void fz_prog_end(int keep)
{
	for (int i = 0; i < FZ_SLOTS; i++) {
		if (fz_fd[i] >= 0 && fz_fd[i] != keep)
			close(fz_fd[i]);
		if (fz_map[i])
			munmap((void *)fz_map[i], FZ.ps);
		if (fz_pid[i] > 0) {         /* a spawned echo may be stuck on a full pipe */
			kill(fz_pid[i], SIGKILL);
			waitpid(fz_pid[i], NULL);
		}
	}
	fz_slots_reset();
}

static void clean(char *path, int len, int depth)
{
	struct dirent d[8];
	long n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	/* Re-read from the start after each batch of removals. */
	while ((n = getdents(fd, d, sizeof d)) > 0) {
		int removed = 0;
		for (unsigned long i = 0; i < n / sizeof d[0]; i++) {
			if (!strcmp(d[i].d_name, ".") || !strcmp(d[i].d_name, ".."))
				continue;
			int l = snprintf(path + len, PATH_MAX - len, "/%s", d[i].d_name);
			if (len + l >= PATH_MAX - 1)
				continue;
			if (depth < 32)     /* chdir and mkdir of "a" can nest deep */
				clean(path, len + l, depth + 1);
			if (unlink(path) == 0)
				removed++;
			path[len] = 0;
		}
		if (removed) {
			close(fd);
			fd = open(path, O_RDONLY);
			if (fd < 0)
				return;
		}
	}
	close(fd);
}

/* FZ_DIR itself goes too: a program may have removed the directory and
 * made a file of that name (open with O_CREAT), which would hold pages. */
void fz_scratch_clean(void)
{
	char path[PATH_MAX] = FZ_DIR;
	clean(path, strlen(path), 0);
	unlink(FZ_DIR);
}

void fz_thread_start(void *fn, void *arg)
{
	thread_exit();
}

void fz_handler(int sig)
{
}

long fz_callback(long arg, void *frame)
{
	return arg;
}

static volatile int racer_run, racer_tid = -1;

static void racer(void *unused)
{
	while (racer_run) {
		munmap(FZ.race, FZ.ps);
		yield();
		mmap(FZ.race, FZ.ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		yield();
	}
}

void fz_racer_start(void)
{
	racer_run = 1;
	racer_tid = thread_create(racer, NULL);
}

void fz_racer_stop(void)
{
	racer_run = 0;
	if (racer_tid >= 0)
		thread_join(racer_tid);
	racer_tid = -1;
}
