/*
 * t_doublefetch - the kernel's own system calls read each user byte once.
 *
 * With the double-fetch detector on (kernel/uapi/dfdetect.h), every system
 * call that reads the same user bytes twice is counted and reported on the
 * console. This test runs a workload of every family of system calls and
 * checks after each family that the count did not move; then it calls the
 * demo driver's unsafe Example 1, which reads Ptr->Size twice on purpose,
 * and checks that exactly that one was caught. The detector is left as it
 * was found (on when the kernel was booted with `doublefetch`).
 */
#include "testlib.h"
#include "dfdetect.h"

static long df(int op)
{
	return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0);
}

static long last;

/* ok if no system call since the previous check read a user byte twice. */
static void clean(const char *family)
{
	long now = df(DF_COUNT);
	t_ok(now == last, "%s: no double fetch (%ld)", family, now - last);
	last = now;
}

static void files(void)
{
	char buf[64];
	struct stat st;
	struct dirent ents[4];

	unlink("/dfd/a"), unlink("/dfd/b"), unlink("/dfd");   /* left by a run that failed */
	t_ok(mkdir("/dfd") == 0 && chdir("/dfd") == 0, "mkdir, chdir");
	int fd = open("/dfd/a", O_RDWR | O_CREAT | O_TRUNC);
	t_ok(fd >= 0 && write(fd, "abcdefgh", 8) == 8, "open, write");
	t_ok(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, sizeof buf) == 8, "lseek, read");
	t_ok(fstat(fd, &st) == 0 && st.st_size == 8, "fstat");
	int fd2 = dup(fd);
	t_ok(fd2 >= 0 && close(fd2) == 0 && close(fd) == 0, "dup, close");
	t_ok(link("/dfd/a", "/dfd/b") == 0 && unlink("/dfd/a") == 0, "link, unlink");
	fd = open("/dfd", O_RDONLY);
	t_ok(fd >= 0 && getdents(fd, ents, sizeof ents) > 0, "getdents");
	close(fd);
	fd = open("/dfd/b", O_RDWR);
	t_err(write(fd, (void *)8, 4), EFAULT, "a bad buffer still fails cleanly");
	close(fd);
	t_ok(unlink("/dfd/b") == 0 && chdir("/") == 0 && unlink("/dfd") == 0, "clean up");
	clean("files");
}

static void pipes(void)
{
	int p[2];
	char buf[300];

	t_ok(pipe(p) == 0, "pipe");
	int pid = fork();
	if (pid == 0) {
		close(p[0]);
		memset(buf, 'x', sizeof buf);
		for (int i = 0; i < 40; i++)     /* more than the pipe holds: the writer sleeps */
			write(p[1], buf, sizeof buf);
		exit(0);
	}
	close(p[1]);
	long total = 0, n;
	while ((n = read(p[0], buf, sizeof buf)) > 0)
		total += n;
	close(p[0]);
	int status = -1;
	t_ok(total == 40 * 300 && waitpid(pid, &status) == pid && status == 0,
	     "a child writes %ld bytes through a pipe", total);
	clean("pipes");
}

static void processes(void)
{
	int status = -1;
	char *argv[] = { "echo", "ok", NULL };

	int pid = fork();
	if (pid == 0)
		exit(getpid() > 0 ? 7 : 1);
	t_ok(wait(&status) == pid && status == 7, "fork, getpid, exit, wait");
	pid = fork();
	if (pid == 0) {
		exec("/bin/echo", argv);
		exit(99);
	}
	t_ok(waitpid(pid, &status) == pid && status == 0, "fork, exec /bin/echo, waitpid");
	pid = spawn("/bin/echo", argv);
	t_ok(pid > 0 && waitpid(pid, &status) == pid && status == 0, "spawn /bin/echo");
	pid = fork();
	if (pid == 0) {
		for (;;)
			sleep_ms(10);
	}
	t_ok(kill(pid, SIGKILL) == 0 && waitpid(pid, &status) == pid, "kill");
	clean("processes");

	/* Arguments that share bytes: each is captured on its own and nothing
	 * compares the captures, so the kernel should not count these. */
	char path[] = "/bin/echo", word[] = "same";
	char *alias[] = { path, word, word, path + 5, NULL };
	pid = spawn(path, alias);
	t_ok(pid > 0 && waitpid(pid, &status) == pid && status == 0,
	     "spawn with argv[0] == path, a string twice, a string inside the path");
	clean("aliased exec arguments");
}

static void memory(void)
{
	char *old = sbrk(4096);
	t_ok(old != (void *)-1 && sbrk(-4096) != (void *)-1, "sbrk");
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t_ok(m != MAP_FAILED, "mmap");
	m[0] = 1;
	t_ok(mprotect(m, 4096, PROT_READ) == 0 && munmap(m, 8192) == 0, "mprotect, munmap");
	clean("memory");
}

static void counter(void *arg)
{
	++*(int *)arg;
}

static void misc(void)
{
	struct sysinfo si;
	int n = 0;

	t_ok(sysinfo(&si) == 0 && si.page_size == 4096, "sysinfo");
	unsigned long t0 = uptime_ms();
	t_ok(sleep_ms(5) == 0 && uptime_ms() >= t0, "sleep_ms, uptime_ms");
	yield();
	t_ok(kcheck() == 0, "kcheck");
	int tid = thread_create(counter, &n);
	t_ok(tid > 0 && thread_join(tid) == 0 && n == 1, "thread_create, thread_join");
	clean("time, threads and the rest");
}

/* The demo driver's Example 1 as the seed wrote it reads Ptr->Size twice
 * (kernel/sys/demo_driver.c). Built only where the racing demo exists. */
static void deliberate(void)
{
#ifdef DEMO_EX1_UNSAFE
	struct demo_ex1 *p = malloc(sizeof(*p) + 64);
	p->Size = 16;
	long before = df(DF_COUNT);
	long r = demo(DEMO_EX1_UNSAFE, p, 0);
	t_ok(r == 0, "DEMO_EX1_UNSAFE with a steady Size: no overflow (%ld)", r);
	t_ok(df(DF_COUNT) == before + 1, "... but its two reads of Size are one double fetch");
	last = df(DF_COUNT);
	free(p);
#else
	t_skip("no DEMO_EX1_UNSAFE in kernel/uapi/demo.h");
#endif
#ifdef DEMO_TOCTOU_UNSAFE
	/* Check-then-use fetches the path twice; the fixed form once. */
	char path[] = "/pub/readme";
	long before2 = df(DF_COUNT);
	t_ok(demo(DEMO_TOCTOU_UNSAFE, path, 0) == 0 && df(DF_COUNT) == before2 + 1,
	     "DEMO_TOCTOU_UNSAFE: its two fetches of the path are one double fetch");
	t_ok(demo(DEMO_TOCTOU_FIXED, path, 0) == 0 && df(DF_COUNT) == before2 + 1,
	     "DEMO_TOCTOU_FIXED: none");
	last = df(DF_COUNT);
#endif
}

int main(void)
{
	long was = df(DF_ON);
	t_ok(was == 0 || was == 1, "DF_ON: the detector is on (it was %s)", was ? "on" : "off");
	last = df(DF_COUNT);
	t_ok(last >= 0, "DF_COUNT works (%ld so far)", last);
	files();
	pipes();
	processes();
	memory();
	misc();
	deliberate();
	t_ok(df(99) == -EINVAL, "an unknown op: EINVAL");
	df(was ? DF_ON : DF_OFF);
	return t_done();
}
