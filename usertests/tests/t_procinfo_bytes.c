/*
 * t_procinfo_bytes - every byte procinfo() writes is one the kernel chose
 * (docs/labs/01-syscall.md): the fields, and zero where the design says
 * zero, the bytes of name after its NUL. struct procinfo has no padding
 * (kernel/uapi/procinfo.h), so those bytes are where a handler that did
 * not zero its struct first would copy out whatever an earlier system
 * call left on the kernel stack (kernel addresses, typically). To make
 * such a leak likelier still, each call here comes right after two calls
 * that leave our own bytes (STALE) on the kernel stack: open() of a long
 * path and a write() through a pipe.
 *
 * The buffer is 64 bytes of PATTERN: the first 40 must be exactly the
 * struct we expect, the rest untouched; the same at an odd address (the
 * call asks for no alignment). The processes looked at are children
 * whose every field we know: "sh" exited and not waited for (a zombie),
 * "cat" blocked reading a pipe; and ourselves, whose name is cut to 15
 * characters and a NUL.
 */
#include "testlib.h"

#define PATTERN 0xa5
#define STALE   0x6b            /* 'k': our bytes on the kernel stack */
#define BUF     64

static int me;
static int junk[2];             /* a pipe to write STALE bytes through */

/* Leave STALE bytes where the next system call's locals will be. */
static void dirty_kernel_stack(void)
{
	static char path[PATH_MAX], bytes[512];

	memset(path, STALE, sizeof path - 1);
	path[0] = '/';
	open(path, O_RDONLY);           /* copied whole to the kernel stack, then fails */
	memset(bytes, STALE, sizeof bytes);
	write(junk[1], bytes, sizeof bytes);
	read(junk[0], bytes, sizeof bytes);
}

/* procinfo(pid - 1) into buf + off must give exactly *want and leave the
 * other bytes of buf alone. Prints the first byte that differs. */
static int exact(const char *who, int pid, const struct procinfo *want, int off)
{
	unsigned char buf[BUF + 1];
	const unsigned char *w = (const unsigned char *)want;

	memset(buf, PATTERN, sizeof buf);
	dirty_kernel_stack();
	errno = 0;
	int r = procinfo(pid - 1, (struct procinfo *)(buf + off));
	if (r != pid) {
		printf("# %s: procinfo(%d) expected %d, got %d (errno %d, %s)\n", who, pid - 1, pid, r,
		       errno, strerror(errno));
		return 0;
	}
	for (int i = 0; i < (int)sizeof buf; i++) {
		int k = i - off;
		int expect = k >= 0 && k < (int)sizeof *want ? w[k] : PATTERN;
		if (buf[i] != expect) {
			printf("# %s: byte %d of the struct%s: expected 0x%02x, got 0x%02x%s\n", who, k,
			       k < 0 || k >= (int)sizeof *want ? " (outside it)" : "", expect, buf[i],
			       k >= 0 && k < (int)sizeof *want && !expect ?
			       " (a byte the kernel never set: stale kernel stack)" : "");
			return 0;
		}
	}
	return 1;
}

static void want_of(struct procinfo *w, int pid, int state, int nthreads, unsigned long mapped,
		    const char *name)
{
	memset(w, 0, sizeof *w);
	w->pid = pid;
	w->ppid = me;
	w->state = state;
	w->nthreads = nthreads;
	w->mapped_bytes = mapped;
	strcpy(w->name, name);
}

static void zombie_sh(void)
{
	char *argv[] = { "sh", "-c", "exit 3", NULL };
	struct procinfo pi, want;
	int s = spawn("/bin/sh", argv), zombie = 0;

	for (unsigned long t0 = uptime_ms(); uptime_ms() - t0 < 5000; sleep_ms(1))
		if (procinfo(s - 1, &pi) != s || (zombie = pi.state == PI_ZOMBIE))
			break;                  /* a zombie, or procinfo fails */
	if (!zombie)
		printf("# procinfo(%d) never showed sh (pid %d) as a zombie\n", s - 1, s);
	want_of(&want, s, PI_ZOMBIE, 0, 0, "sh");
	t_ok(zombie && exact("sh, a zombie", s, &want, 0),
	     "an exited \"sh\": exactly {%d, %d, PI_ZOMBIE, 0, 0, \"sh\"} and 13 zero bytes", s, me);
	t_ok(exact("sh at an odd address", s, &want, 1), "the same 40 bytes at an odd address");
	int st = -1, w = waitpid(s, &st);
	t_ok(w == s && st == 3, "sh exited with 3 (%d)", st);
}

static void running_cat(void)
{
	struct procinfo pi, want;
	int p[2], ok = 0;

	pipe(p);
	int c = fork();
	if (c == 0) {
		char *argv[] = { "cat", NULL };
		close(0);
		dup(p[0]);
		close(p[0]);
		close(p[1]);
		exec("/bin/cat", argv);
		exit(127);
	}
	close(p[0]);
	for (unsigned long t0 = uptime_ms(); uptime_ms() - t0 < 5000; sleep_ms(1))
		if (procinfo(c - 1, &pi) != c || (ok = !strcmp(pi.name, "cat")))
			break;                  /* it runs /bin/cat, or procinfo fails */
	if (!ok)
		printf("# procinfo(%d) never showed the child %d running \"cat\"\n", c - 1, c);
	want_of(&want, c, PI_RUNNING, 1, pi.mapped_bytes, "cat");
	t_ok(ok && pi.mapped_bytes > 0 && exact("cat, running", c, &want, 0),
	     "\"cat\" in read(): exactly {%d, %d, PI_RUNNING, 1, %lu, \"cat\"} and 12 zero bytes",
	     c, me, pi.mapped_bytes);
	close(p[1]);
	int st = -1, w = waitpid(c, &st);
	t_ok(w == c && st == 0, "cat ended at end of file (%d)", st);
}

static void ourselves(void)
{
	struct procinfo pi, want;

	procinfo(me - 1, &pi);
	want = pi;
	memset(want.name, 0, sizeof want.name);
	memcpy(want.name, "t_procinfo_byte", 15);
	t_ok(pi.pid == me && exact("ourselves", me, &want, 0),
	     "our own name, \"t_procinfo_bytes\", comes out cut to 15 characters and a NUL");
}

int main(void)
{
	t_sysinfo();
	me = getpid();
	pipe(junk);
	zombie_sh();
	running_cat();
	ourselves();
	close(junk[0]);
	close(junk[1]);
	return t_done();
}
