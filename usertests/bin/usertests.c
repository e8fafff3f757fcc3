/*
 * /bin/usertests [NAME...] - run the test programs in /tests (all of them,
 * in name order, or the ones named) and report in TAP.
 *
 * Each program runs (fork + exec) with its stdout and stderr going into a
 * pipe; we copy its output indented by four spaces (nested TAP, so the
 * judge counts only our own lines) and print `ok N - NAME` or `not ok N - NAME (why)`. A
 * program passes only if it exits with status 0, printed a plan, printed
 * as many results as planned and none of them was `not ok`. A program the
 * kernel killed (status -1) fails, and so does one still running after 60 s
 * (a watchdog child kills it). After each program kcheck() must still say
 * the kernel is healthy, and the kernel's memory must be back exactly where
 * it was before the program started: free pages and heap bytes (sysinfo),
 * no tolerance; and the processes it started must be gone.
 * `usertests -r N [NAME...]` runs the whole list N times.
 */
#include "ulib.h"

#define MAXTESTS 128

struct result {
	int plan, results, failed;   /* TAP lines seen at the child's top level */
};

/* Look at one line of the child's output. */
static void scan(struct result *r, const char *line)
{
	if (!strncmp(line, "1..", 3))
		r->plan = atoi(line + 3);
	else if (!strncmp(line, "ok ", 3))
		r->results++;
	else if (!strncmp(line, "not ok ", 7)) {
		r->results++;
		r->failed++;
	}
}

/* Copy everything from fd to our stdout, indented, line by line. */
static void relay(int fd, struct result *r)
{
	char buf[256], line[512];
	int len = 4;
	long n;
	memcpy(line, "    ", 4);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (long i = 0; i < n; i++) {
			if (buf[i] != '\n' && len < (int)sizeof line - 1) {
				line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			scan(r, line + 4);
			line[len++] = '\n';
			write(1, line, len);
			len = 4;
			if (buf[i] != '\n')
				line[len++] = buf[i];
		}
	}
	if (len > 4) {          /* a last line without '\n' */
		line[len] = '\0';
		scan(r, line + 4);
		line[len++] = '\n';
		write(1, line, len);
	}
}

/* Start path in a child whose fds are exactly 0 (our stdin), and 1 and 2
 * both the pipe's write end: nothing else of ours leaks into the test.
 * The child waits for a byte on go[0] before it execs: the watchdog must
 * exist first, or a test that compares the kernel's memory before and
 * after its own work would see the watchdog's process appear. */
static int start(const char *path, char **argv, int fds[2], int go[2])
{
	char byte;
	int pid = fork();
	if (pid != 0)
		return pid;
	close(1);
	dup(fds[1]);
	close(2);
	dup(fds[1]);
	close(fds[0]);
	close(fds[1]);
	close(go[1]);
	read(go[0], &byte, 1);
	close(go[0]);
	exec(path, argv);
	fprintf(2, "usertests: exec %s: %s\n", path, strerror(errno));
	exit(127);
}

#define TEST_TIMEOUT_MS 60000   /* a test that runs longer is killed: it hangs */

/* Kill pid and every process it started, children of children too. All
 * at once, after finding them: a process whose parent is gone has no
 * parent any more (ppid 0), so it could no longer be found. A descendant
 * left running would keep the test's output pipe open, and reading it
 * would never end (a fuzzer's reproducer looping in user mode did that). */
static void kill_tree(int pid)
{
	int tree[64], n = 1, grew = 1;
	struct procinfo pi;

	tree[0] = pid;
	while (grew) {
		grew = 0;
		for (int p = 0; (p = procinfo(p, &pi)) > 0 && n < 64;) {
			int mine = 0, known = 0;
			for (int i = 0; i < n; i++)
				mine |= tree[i] == pi.ppid, known |= tree[i] == p;
			if (mine && !known)
				tree[n++] = p, grew = 1;
		}
	}
	for (int i = 0; i < n; i++)
		kill(tree[i], SIGKILL);
}

/* A child that kills pid (and what it started) after the timeout and
 * exits 0; killed itself (status -1) when the test finished in time. */
static int watchdog(int pid)
{
	int w = fork();
	if (w == 0) {
		sleep_ms(TEST_TIMEOUT_MS);
		kill_tree(pid);
		exit(0);
	}
	return w;
}

static unsigned count_processes(void)
{
	struct sysinfo si;
	kcheck();                               /* frees orphaned zombies (kernel/sys/sysproc.c) */
	return sysinfo(&si) == 0 ? si.nprocs : 0;
}

/* A program may leave children that were already dying when it ended (a
 * Ctrl-C, a kill): they go on their own, so wait for them up to 2 s,
 * then blame the program that left them rather than the next one, whose
 * memory count they would spoil. */
static int processes_back(unsigned before)
{
	unsigned long t0 = uptime_ms();
	while (count_processes() > before && uptime_ms() - t0 < 2000)
		sleep_ms(10);
	return count_processes() <= before;
}

/* Run one test program; returns 1 if it passed. */
static int run(int k, const char *name)
{
	char path[PATH_MAX], why[64] = "";
	struct result r = { -1, 0, 0 };
	int fds[2], go[2], status = 0;
	char *argv[] = { (char *)name, NULL };
	struct sysinfo before, after;
	unsigned long t0 = uptime_ms();         /* the time each program takes, printed */
	snprintf(path, sizeof path, strchr(name, '/') ? "%s" : "/tests/%s", name);
	kcheck();                               /* counts exact from here */
	sysinfo(&before);
	if (pipe(fds) < 0 || pipe(go) < 0) {
		printf("not ok %d - %s (pipe: %s)\n", k, name, strerror(errno));
		return 0;
	}
	int pid = start(path, argv, fds, go);
	close(fds[1]);
	close(go[0]);
	if (pid < 0) {
		close(fds[0]);
		close(go[1]);
		printf("not ok %d - %s (fork: %s)\n", k, name, strerror(errno));
		return 0;
	}
	int dog = watchdog(pid), dog_status = -1;
	write(go[1], "g", 1);                   /* now the program may start */
	close(go[1]);
	relay(fds[0], &r);
	close(fds[0]);
	int waited = waitpid(pid, &status);
	if (dog > 0) {
		kill(dog, SIGKILL);
		waitpid(dog, &dog_status);
	}
	if (waited < 0)
		snprintf(why, sizeof why, "waitpid: %s", strerror(errno));
	else if (dog_status == 0)
		snprintf(why, sizeof why, "timed out after %d s, killed", TEST_TIMEOUT_MS / 1000);
	else if (status != 0)
		snprintf(why, sizeof why, "exit status %d%s", status,
			 status == -1 ? ", killed" : "");
	else if (r.plan < 0)
		snprintf(why, sizeof why, "no TAP plan");
	else if (r.failed)
		snprintf(why, sizeof why, "%d checks failed", r.failed);
	else if (r.results != r.plan)
		snprintf(why, sizeof why, "%d of %d results", r.results, r.plan);
	else if (!processes_back(before.nprocs))
		snprintf(why, sizeof why, "left processes behind: %u, not %u",
			 count_processes(), before.nprocs);
	else if (kcheck() != 0 && errno != ENOSYS)
		snprintf(why, sizeof why, "kcheck() failed afterwards");
	else if (sysinfo(&after) < 0 ||
		 si_free_or_heap_pages(&after) != si_free_or_heap_pages(&before) ||
		 after.heap_bytes != before.heap_bytes)
		snprintf(why, sizeof why, "kernel memory not back: %ld pages, %ld heap bytes",
			 (long)(si_free_or_heap_pages(&after) - si_free_or_heap_pages(&before)),
			 (long)(after.heap_bytes - before.heap_bytes));
	unsigned long ms = uptime_ms() - t0;
	if (why[0])
		printf("not ok %d - %s (%s) (%lu ms)\n", k, name, why, ms);
	else
		printf("ok %d - %s (%lu ms)\n", k, name, ms);
	return why[0] == '\0';
}

/* The names in /tests, sorted so every run has the same order. */
static int list_tests(char **names, int max)
{
	static struct dirent ents[MAXTESTS];
	int fd = open("/tests", O_RDONLY), n = 0;
	long got;
	if (fd < 0) {
		printf("# usertests: /tests: %s\n", strerror(errno));
		return 0;
	}
	while ((got = getdents(fd, ents + n, (MAXTESTS - n) * sizeof ents[0])) > 0)
		n += got / sizeof ents[0];
	close(fd);
	int m = 0;
	for (int i = 0; i < n && m < max; i++) {
		char *s = ents[i].d_name;
		if (strcmp(s, ".") && strcmp(s, ".."))
			names[m++] = s;
	}
	for (int i = 1; i < m; i++)             /* insertion sort */
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	return m;
}

int main(int argc, char **argv)
{
	static char *names[MAXTESTS];
	int rounds = 1;
	if (argc > 2 && !strcmp(argv[1], "-r")) {
		rounds = atoi(argv[2]);
		argc -= 2, argv += 2;
	}
	int n = argc > 1 ? argc - 1 : list_tests(names, MAXTESTS), passed = 0;
	char **list = argc > 1 ? argv + 1 : names;
	printf("1..%d\n", n * rounds);
	for (int k = 0; k < n * rounds; k++) {
		if (k % n == 0 && rounds > 1)
			printf("# usertests: round %d of %d\n", k / n + 1, rounds);
		passed += run(k + 1, list[k % n]);
	}
	printf("# usertests: %d passed, %d failed\n", passed, n * rounds - passed);
	return passed == n * rounds ? 0 : 1;
}
