/*
 * usertests/lib/testlib.c - TAP output and kernel-health checks for tests.
 */
#include "testlib.h"

static int t_count, t_failed;
/* Threads of a test may report too: numbering and printing are one step,
 * so the TAP numbers come out in order. */
static struct ulock t_lock;

static int report(int cond, const char *fmt, va_list ap)
{
	char what[160];
	vsnprintf(what, sizeof what, fmt, ap);
	ulock_acquire(&t_lock);
	t_count++;
	if (!cond)
		t_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", t_count, what);
	ulock_release(&t_lock);
	return cond;
}

int t_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int t_err(long r, int err, const char *fmt, ...)
{
	int e = errno, cond = (r == -1 && e == err);
	va_list ap;
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("# expected -1 errno %d (%s), got %ld errno %d (%s)\n",
		       err, strerror(err), r, e, strerror(e));
	return cond;
}

void t_skip(const char *fmt, ...)
{
	char what[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	ulock_acquire(&t_lock);
	printf("ok %d - %s # SKIP\n", ++t_count, what);
	ulock_release(&t_lock);
}

int t_done(void)
{
	printf("1..%d\n", t_count);
	if (t_failed)
		printf("# %d of %d checks failed\n", t_failed, t_count);
	return t_failed ? 1 : 0;
}

int t_in_child(void (*fn)(void))
{
	int pid = fork(), status = 12345;
	if (pid == 0) {
		fn();
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status) != pid)
		printf("# fork/waitpid failed: errno %d\n", errno);
	return status;
}

struct sysinfo t_si;

void t_sysinfo(void)
{
	if (!t_si.page_size && sysinfo(&t_si) < 0)
		printf("# sysinfo failed: errno %d\n", errno);
}

void t_kstate(struct t_kstate *s)
{
	struct sysinfo si;
	memset(&si, 0, sizeof si);
	sysinfo(&si);
	s->heap_bytes = si.heap_bytes;
	s->free_pages = si_free_or_heap_pages(&si);
}

/* Slack for what the running test itself still holds (page tables and
 * mapping records of its own address space, its threads' stacks): a leak
 * per call shows up as hundreds. The exact check comes after the program
 * has ended: /bin/usertests demands free pages and heap back to the byte. */
#define HEAP_SLACK  8192
#define PAGE_SLACK  16

int t_kernel_healthy(const struct t_kstate *before, const char *what)
{
	struct t_kstate now;
	int k = kcheck();
	t_kstate(&now);
	long dheap = (long)(now.heap_bytes - before->heap_bytes);
	long dpages = (long)(before->free_pages - now.free_pages);
	int ok = t_ok(k == 0, "%s: kcheck() == 0", what);
	ok &= t_ok(dheap <= HEAP_SLACK && dpages <= PAGE_SLACK,
		   "%s: no kernel leak (heap change %ld bytes, free pages change %ld)",
		   what, dheap, -dpages);
	return ok;
}

/* Run `sh -c line` with stdout and stderr into a pipe; return its output. */
int t_run_sh(const char *line, char *out, int max)
{
	int p[2], status = -99, n = 0;
	long r;
	pipe(p);
	int pid = fork();
	if (pid == 0) {
		close(1); dup(p[1]);
		close(2); dup(p[1]);
		close(p[0]); close(p[1]);
		char *argv[] = { "sh", "-c", (char *)line, NULL };
		exec("/bin/sh", argv);
		exit(126);
	}
	close(p[1]);
	while (n < max - 1 && (r = read(p[0], out + n, max - 1 - n)) > 0)
		n += r;
	out[n] = '\0';
	close(p[0]);
	waitpid(pid, &status);
	return status;
}

int t_read_lines(int fd, char *buf, unsigned long size, char **lines, int max)
{
	long n, len = 0;
	int count = 0;

	while (len < (long)size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	buf[len] = 0;
	for (char *s = buf; *s && count < max; ) {
		char *nl = strchr(s, '\n');
		if (!nl)
			break;
		*nl = 0;
		lines[count++] = s;
		s = nl + 1;
	}
	return count;
}

int t_trace_strip_time(char *s)
{
	size_t n = strlen(s);
	if (n > 4 && !strcmp(s + n - 4, " = ?"))
		return 1;
	char *t = s + n;
	while (t > s && t[-1] != '<')
		t--;
	if (t - s < 2 || t[-2] != ' ' || s[n - 1] != '>')
		return 0;
	char *dot = strchr(t, '.');
	if (!dot || dot == t || s + n - 1 - (dot + 1) != 6)
		return 0;
	t[-2] = 0;
	return 1;
}
