/*
 * t_trace - `trace` prints each system call of a program and of its
 * children, exactly, and changes nothing about them.
 *
 * Part 1: a child of this test has its calls traced into a pipe
 * (trace_me) and makes a script of calls: good ones with flags to decode,
 * bad pointers, a path that runs into an unmapped page, unknown numbers,
 * a forked and a spawned child of its own. We read every line from the pipe and compare the
 * lines of each process, in order, with the ones expected (the time at
 * the end of a line, " <s.micros>", is checked for its form only). The
 * child checks each result itself and exits with a bit set per result
 * that differs from the untraced one, which we also make here.
 * Part 2: /bin/trace -o FILE runs /bin/echo.
 * The double-fetch detector is on throughout: trace reads paths and
 * buffers before the call reads them, and that must not count.
 */
#include "testlib.h"
#include "dfdetect.h"

#define FILE_PATH "/t_trace.txt"
#define MAXLINES  64

static char rbuf[16];                   /* same address in every process */
static char *hole_path;                 /* "/ab" with no NUL: an unmapped page follows */
static char *hole;                      /* that unmapped page */
static void *fixed;                     /* a free page-aligned address for MAP_FIXED */

static long df(int op)
{
	return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0);
}

/* ---- the traced child ---------------------------------------------------- */

static int bad;                         /* bit k: result k differed */

static void expect(int k, long r, long want, int err)
{
	if (r != want || (want == -1 && errno != err))
		bad |= 1 << k;
}

static void grandchild_and_wait(void)
{
	int g = fork();
	if (g == 0) {
		getpid();
		exit(3);
	}
	expect(14, waitpid(g, NULL), g, 0);
}

/* A spawned child is traced too: this program again, in its quiet mode. */
static void spawn_and_wait(void)
{
	char *argv[] = { "t_trace", "getpid", NULL };
	int s = spawn("/tests/t_trace", argv);
	expect(19, waitpid(s, NULL), s, 0);
}

static void script(int fd_keep, int fd_close)
{
	close(fd_close);
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC);
	expect(0, fd, fd_keep, 0);
	expect(1, write(fd, "hello\n", 6), 6, 0);
	expect(2, lseek(fd, 0, SEEK_SET), 0, 0);
	expect(3, read(fd, rbuf, sizeof rbuf), 6, 0);
	expect(4, memcmp(rbuf, "hello\n", 6), 0, 0);
	lseek(fd, 0, SEEK_SET);                 /* so a read has bytes to copy */
	expect(5, read(fd, (void *)1, 6), -1, EFAULT);
	expect(6, read(fd, hole, 6), -1, EFAULT);
	expect(7, write(fd, (void *)t_si.kernel_text_start, 4), -1, EFAULT);
	expect(8, open(hole_path, O_RDONLY), -1, EFAULT);
	expect(9, open((char *)t_si.kernel_text_start, O_RDONLY), -1, EFAULT);
	expect(10, open("/no/such", O_WRONLY | O_APPEND), -1, ENOENT);
	expect(11, __syscall(999, 1, 2, 3, 4, 5, 6), -ENOSYS, 0);
	expect(12, __syscall(-1, 0, 0, 0, 0, 0, 0), -ENOSYS, 0);
	expect(13, lseek(fd, 0, 7), -1, EINVAL);
	char *m = mmap(fixed, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);
	expect(15, (long)m, (long)fixed, 0);
	expect(16, mprotect(m, 4096, PROT_NONE) | munmap(m, 4096), 0, 0);
	grandchild_and_wait();
	spawn_and_wait();
	expect(17, close(fd) | unlink(FILE_PATH), 0, 0);
	expect(18, trace_me(-1), 0, 0);
	getpid();                               /* not traced any more */
	exit(bad);
}

/* ---- reading the log --------------------------------------------------------- */

static char logbuf[8192];
static char *lines[MAXLINES];
static int nlines;

/* Read fd to its end and cut what came into lines. */
static void read_log(int fd)
{
	nlines = t_read_lines(fd, logbuf, sizeof logbuf, lines, MAXLINES);
}

/* The lines of pid, in order, compared with want[]. */
static void check_lines(int pid, const char *who, char want[][160], int nwant)
{
	char prefix[24];
	int k = 0;

	snprintf(prefix, sizeof prefix, "[pid %d] ", pid);
	for (int i = 0; i < nlines; i++) {
		if (strncmp(lines[i], prefix, strlen(prefix)))
			continue;
		if (k < nwant && !t_ok(!strcmp(lines[i], want[k]), "%s: %s", who, want[k]))
			printf("#   got: %s\n", lines[i]);
		if (k >= nwant)
			t_ok(0, "%s: an extra line: %s", who, lines[i]);
		k++;
	}
	for (; k < nwant; k++)
		t_ok(0, "%s: missing: %s", who, want[k]);
}

/* The result in the line "[pid N] CALL = R": R, or -1 if there is none. */
static int result_of(int pid, const char *call)
{
	char prefix[80];

	snprintf(prefix, sizeof prefix, "[pid %d] %s = ", pid, call);
	for (int i = 0; i < nlines; i++)
		if (!strncmp(lines[i], prefix, strlen(prefix)))
			return atoi(lines[i] + strlen(prefix));
	return -1;
}

/* ---- part 1 -------------------------------------------------------------- */

#define SPAWN_CALL "spawn(\"/tests/t_trace\", [\"t_trace\", \"getpid\"])"

static char want_c[32][160], want_g[4][160];

#define W(...) snprintf(want_c[nc++], sizeof want_c[0], __VA_ARGS__)

static int child_lines(int c, int g, int s, int p0, int p1)
{
	unsigned long kt = t_si.kernel_text_start;
	int nc = 0;

	W("[pid %d] close(%d) = 0", c, p1);
	W("[pid %d] open(\"%s\", O_RDWR|O_CREAT|O_TRUNC) = %d", c, FILE_PATH, p0);
	W("[pid %d] write(%d, \"hello\\n\", 6) = 6", c, p0);
	W("[pid %d] lseek(%d, 0, SEEK_SET) = 0", c, p0);
	W("[pid %d] read(%d, %p, 16) = 6", c, p0, rbuf);
	W("[pid %d] lseek(%d, 0, SEEK_SET) = 0", c, p0);
	W("[pid %d] read(%d, 0x1, 6) = -1 EFAULT (bad address)", c, p0);
	W("[pid %d] read(%d, %p, 6) = -1 EFAULT (bad address)", c, p0, hole);
	W("[pid %d] write(%d, 0x%lx, 4) = -1 EFAULT (bad address)", c, p0, kt);
	W("[pid %d] open(%p, O_RDONLY) = -1 EFAULT (bad address)", c, hole_path);
	W("[pid %d] open(0x%lx, O_RDONLY) = -1 EFAULT (bad address)", c, kt);
	W("[pid %d] open(\"/no/such\", O_WRONLY|O_APPEND) = -1 ENOENT (no such file or directory)", c);
	W("[pid %d] syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (not implemented)", c);
	W("[pid %d] syscall_-1(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) = -1 ENOSYS (not implemented)", c);
	W("[pid %d] lseek(%d, 0, 7) = -1 EINVAL (invalid argument)", c, p0);
	W("[pid %d] mmap(%p, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)"
	  " = %p", c, fixed, fixed);
	W("[pid %d] mprotect(%p, 4096, PROT_NONE) = 0", c, fixed);
	W("[pid %d] munmap(%p, 4096) = 0", c, fixed);
	W("[pid %d] fork() = %d", c, g);
	W("[pid %d] waitpid(%d, NULL) = %d", c, g, g);
	W("[pid %d] " SPAWN_CALL " = %d", c, s);
	W("[pid %d] waitpid(%d, NULL) = %d", c, s, s);
	W("[pid %d] close(%d) = 0", c, p0);
	W("[pid %d] unlink(\"%s\") = 0", c, FILE_PATH);
	W("[pid %d] trace_me(-1) = 0", c);
	return nc;
}

/* Untraced, here: the results the traced child must have seen too. */
static void untraced_results(void)
{
	int fd = open("/t_trace.u", O_RDWR | O_CREAT | O_TRUNC);
	write(fd, "hello\n", 6);
	lseek(fd, 0, SEEK_SET);
	t_err(read(fd, (void *)1, 6), EFAULT, "untraced: read into 0x1: EFAULT");
	t_err(open(hole_path, O_RDONLY), EFAULT, "untraced: a path running into a hole: EFAULT");
	t_err(open((char *)t_si.kernel_text_start, O_RDONLY), EFAULT,
	      "untraced: a path in kernel text: EFAULT");
	t_ok(__syscall(999, 1, 2, 3, 4, 5, 6) == -ENOSYS, "untraced: syscall 999: ENOSYS");
	close(fd);
	unlink("/t_trace.u");
}

static void part1(void)
{
	int p[2] = { -1, -1 }, status = -1;
	int r = pipe(p);

	t_ok(r == 0 && p[0] < p[1], "pipe for the log: fds %d, %d", p[0], p[1]);
	int c = fork();
	if (c == 0) {
		close(p[0]);
		if (trace_me(p[1]) < 0)
			exit(100);
		script(p[0], p[1]);
	}
	close(p[1]);
	read_log(p[0]);                         /* ends when no process holds the log */
	close(p[0]);
	int w = waitpid(c, &status);
	t_ok(w == c && status == 0,
	     "the traced calls returned what they return untraced (mask 0x%x)", status);

	int times = 1;
	for (int i = 0; i < nlines; i++)
		times &= t_trace_strip_time(lines[i]);
	t_ok(times && nlines > 0, "every line that returned ends with its time (%d lines)", nlines);
	int g = result_of(c, "fork()"), sp = result_of(c, SPAWN_CALL);
	t_ok(g > c && sp > g, "the child's fork() and spawn() lines name its children %d, %d", g, sp);
	check_lines(c, "child", want_c, child_lines(c, g, sp, p[0], p[1]));
	snprintf(want_g[0], sizeof want_g[0], "[pid %d] getpid() = %d", g, g);
	snprintf(want_g[1], sizeof want_g[1], "[pid %d] exit(3) = ?", g);
	check_lines(g, "forked grandchild (traced too)", want_g, 2);
	snprintf(want_g[0], sizeof want_g[0], "[pid %d] getpid() = %d", sp, sp);
	snprintf(want_g[1], sizeof want_g[1], "[pid %d] exit(0) = ?", sp);
	check_lines(sp, "spawned grandchild (traced too)", want_g, 2);
	untraced_results();
}

/* ---- part 2: /bin/trace ------------------------------------------------------ */

static void part2(void)
{
	char *argv[] = { "trace", "-o", "/t_trace.log", "/bin/echo", "hi", NULL };
	char out[16] = { 0 };
	int status = -1;

	int t = fork();
	if (t == 0) {
		close(1);                       /* echo's output goes to a file */
		if (open("/t_trace.out", O_WRONLY | O_CREAT | O_TRUNC) != 1)
			exit(100);
		exec("/bin/trace", argv);
		exit(101);
	}
	t_ok(waitpid(t, &status) == t && status == 0, "trace -o FILE /bin/echo hi: status 0");
	int fd = open("/t_trace.out", O_RDONLY);
	t_ok(fd >= 0 && read(fd, out, sizeof out) == 3 && !strcmp(out, "hi\n"),
	     "echo under trace still wrote \"hi\\n\"");
	close(fd);
	fd = open("/t_trace.log", O_RDONLY);
	read_log(fd);
	close(fd);
	for (int i = 0; i < nlines; i++)
		t_trace_strip_time(lines[i]);
	int e = nlines ? atoi(lines[0] + 5) : -1;  /* "[pid E] exec(..." */
	t_ok(e > t, "the log starts with trace's child, pid %d", e);
	snprintf(want_g[0], sizeof want_g[0],
		 "[pid %d] exec(\"/bin/echo\", [\"/bin/echo\", \"hi\"]) = 2", e);
	snprintf(want_g[1], sizeof want_g[1], "[pid %d] write(1, \"hi\\n\", 3) = 3", e);
	snprintf(want_g[2], sizeof want_g[2], "[pid %d] exit(0) = ?", e);
	check_lines(e, "trace echo", want_g, 3);
	t_ok(nlines == 3, "and nothing else (%d lines)", nlines);
	unlink("/t_trace.out");
	unlink("/t_trace.log");
}

static void bad_fds(void)
{
	int fd = open("/", O_RDONLY);
	t_err(trace_me(99), EBADF, "trace_me(99): EBADF");
	t_err(trace_me(-2), EBADF, "trace_me(-2): EBADF");
	t_err(trace_me(fd), EBADF, "trace_me(a read-only fd): EBADF");
	t_ok(trace_me(-1) == 0, "trace_me(-1) when not traced: 0");
	close(fd);
}

int main(int argc, char **argv)
{
	struct t_kstate before;

	if (argc > 1 && !strcmp(argv[1], "getpid"))     /* spawned by the traced child */
		return getpid() > 0 ? 0 : 1;

	t_sysinfo();
	hole_path = (char *)t_page_before_hole() + t_si.page_size - 3;
	memcpy(hole_path, "/ab", 3);
	hole = hole_path + 3;
	fixed = t_pages(1);
	munmap(fixed, t_si.page_size);
	long was = df(DF_ON);
	long df0 = df(DF_COUNT);
	t_kstate(&before);

	part1();
	part2();
	bad_fds();
	t_ok(df(DF_COUNT) == df0, "no double fetch reported (%ld)", df(DF_COUNT) - df0);
	df(was ? DF_ON : DF_OFF);
	t_kernel_healthy(&before, "after tracing");
	return t_done();
}
