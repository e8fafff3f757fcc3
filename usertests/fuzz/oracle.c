/*
 * usertests/fuzz/oracle.c - what counts as a finding, checked after every
 * batch once its executor is reaped and the scratch directory emptied:
 *   oops      sysinfo's oops count went up (an oops ends the process it
 *             met, which may well be one of ours: still a kernel bug)
 *   hang      a batch made no progress for HANG_MS (exec.c)
 *   death     a process that was there before us (not ours) is gone
 *   leak      free pages or kernel heap bytes not back where they were
 *   dfetch    the double-fetch detector's count went up (uma/doublefetch.h)
 *   ileak     the info-leak detector's count went up (kernel/uapi/infoleak.h)
 *   kcheck    kcheck() found the kernel heap or our page tables broken
 */
#include "fuzz.h"
#include "dfdetect.h"

const char *const oracle_names[NORACLES] = {
	"oops", "hang", "process death", "kernel memory not back", "double fetch",
	"info leak", "kcheck",
};

#define MAXOTHERS 32
static int others[MAXOTHERS], nothers;
static unsigned oopses;
static long dfs, ils;
static unsigned long free_pages, heap_bytes;

static long counter(long nr, long op)
{
	long r = __syscall(nr, op, 0, 0, 0, 0, 0);
	return r < 0 ? -1 : r;           /* -1: the detector is not there (ENOSYS) */
}

void oracle_rebase(void)
{
	struct sysinfo si;
	kcheck();                        /* frees orphaned zombies first */
	sysinfo(&si);
	oopses = si.oopses;
	free_pages = si_free_or_heap_pages(&si);
	heap_bytes = si.heap_bytes;
	dfs = counter(SYS_dfdetect, DF_COUNT);
	ils = counter(SYS_infoleak, IL_COUNT);
}

/* The processes that are not ours: none of them may die while we run. */
void oracle_init(void)
{
	struct procinfo pi;
	int pid = 0, me = getpid();
	while ((pid = procinfo(pid, &pi)) > 0)
		if (pid != me && pi.state == PI_RUNNING && nothers < MAXOTHERS)
			others[nothers++] = pid;
	oracle_rebase();
	printf("# oracles: %d other processes watched; double-fetch detector %s, info-leak detector %s\n",
	       nothers, dfs < 0 ? "absent" : "present", ils < 0 ? "absent" : "present");
}

static int alive(int pid)
{
	struct procinfo pi;
	return procinfo(pid - 1, &pi) == pid && pi.state == PI_RUNNING;
}

/* Whatever the executor left running (a spawned echo blocked writing a
 * pipe it holds both ends of, the executor killed before it could kill
 * it) is ours: SIGKILL it, so that its memory comes back. Returns how many. */
static int kill_strays(void)
{
	struct procinfo pi;
	int pid = 0, me = getpid(), n = 0;
	while ((pid = procinfo(pid, &pi)) > 0) {
		int other = pid == me;
		for (int i = 0; i < nothers; i++)
			other |= others[i] == pid;
		if (!other && pi.state == PI_RUNNING && kill(pid, SIGKILL) == 0)
			n++;
	}
	return n;
}

/* For a human reading a leak: the names in / and /tmp (a name a program
 * made outside the scratch directory would hold memory). */
static void list_dir(const char *path)
{
	struct dirent d[8];
	long n;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	printf("# %s:", path);
	while ((n = getdents(fd, d, sizeof d)) > 0)
		for (unsigned long i = 0; i < n / sizeof d[0]; i++)
			printf(" %s", d[i].d_name);
	printf("\n");
	close(fd);
}

int oracle_check(const struct result *res, char *why, int n)
{
	struct sysinfo si;
	int mask = 0, k = 0;

	why[0] = 0;
	int strays = kill_strays();
	if (strays && fz_verbose)
		printf("# fuzz: killed %d processes the executor left running\n", strays);
	fz_scratch_clean();
	mkdir(FZ_DIR);
	if (res && res->hung)
		mask |= O_HANG, k += snprintf(why + k, n - k, "no progress for %d s; ", HANG_MS / 1000);
	if (kcheck() != 0)
		mask |= O_KCHECK, k += snprintf(why + k, n - k, "kcheck failed; ");
	sysinfo(&si);
	if (si.oopses != oopses)
		mask |= O_OOPS, k += snprintf(why + k, n - k, "%u oops(es); ", si.oopses - oopses);
	long d = counter(SYS_dfdetect, DF_COUNT), l = counter(SYS_infoleak, IL_COUNT);
	if (d > dfs)
		mask |= O_DFETCH, k += snprintf(why + k, n - k, "%ld double fetch(es); ", d - dfs);
	if (l > ils)
		mask |= O_ILEAK, k += snprintf(why + k, n - k, "%ld info leak(s); ", l - ils);
	for (int i = 0; i < nothers; i++)
		if (!alive(others[i]))
			mask |= O_DEATH, k += snprintf(why + k, n - k, "pid %d died; ", others[i]);
	/* Dying processes free their memory a little later: wait up to 1 s. */
	for (int tries = 0; tries < 20; tries++) {
		kcheck();
		sysinfo(&si);
		if (si_free_or_heap_pages(&si) == free_pages && si.heap_bytes == heap_bytes)
			break;
		sleep_ms(tries < 5 ? 10 : 50);
	}
	if (si_free_or_heap_pages(&si) != free_pages || si.heap_bytes != heap_bytes) {
		list_dir("/");
		list_dir("/tmp");
		list_dir(FZ_DIR);
	}
	if (si_free_or_heap_pages(&si) != free_pages || si.heap_bytes != heap_bytes)
		mask |= O_LEAK, k += snprintf(why + k, n - k, "%ld pages, %ld heap bytes not back; ",
					      (long)(free_pages - si_free_or_heap_pages(&si)),
					      (long)(si.heap_bytes - heap_bytes));
	return mask;
}
