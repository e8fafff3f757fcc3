/*
 * t_peek - peek and poke: a descendant's memory through an attach
 * (kernel/attach.h, kernel/sys/syspeek.c).
 *
 * The child is a fork of this program, so every address here is an
 * address there too, with the child's own bytes behind it: the region
 * spans a page boundary and is longer than the kernel's 512-byte chunk.
 */
#include "testlib.h"
#include "dfdetect.h"

#define LEN 1400

static char *region;             /* LEN bytes across a page boundary */
static char mine[LEN], back[LEN];
static int child, go[2], ready[2];

static char child_byte(int i) { return (char)(i * 7 + 1); }
static char poked_byte(int i) { return (char)(i * 13 + 5); }

/* The child: its own pattern, then wait for a command: 'x' exit 0,
 * 'c' exit 0 if the poked pattern is what it sees, else 1. */
static int start_child(void)
{
	pipe(go);
	pipe(ready);
	int pid = fork();
	if (pid == 0) {
		char c = 0;
		for (int i = 0; i < LEN; i++)
			region[i] = child_byte(i);
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		int bad = 0;
		for (int i = 0; c == 'c' && i < LEN; i++)
			bad |= region[i] != poked_byte(i);
		exit(bad);
	}
	char c;
	read(ready[0], &c, 1);
	return pid;
}

static int finish_child(int pid, char cmd)
{
	int status = 12345;
	write(go[1], &cmd, 1);
	waitpid(pid, &status);
	close(go[0]), close(go[1]), close(ready[0]), close(ready[1]);
	return status;
}

static int same(const char *p, char (*want)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (p[i] != want(i))
			return 0;
	return 1;
}

static long peek_into(void *p, unsigned long n) { return peek(child, region, p, n); }
static long poke_from(void *p, unsigned long n) { return poke(child, region, p, n); }
/* n is 64 or a length that runs past the top of user space */
static long peek_at(void *p, unsigned long n) { return peek(child, p, back, n); }
static long poke_at(void *p, unsigned long n) { return poke(child, p, mine, n); }

static void read_and_write(void)
{
	for (int i = 0; i < LEN; i++)
		region[i] = 'P';                      /* ours differs from the child's */
	child = start_child();
	t_ok(peek(child, region, mine, LEN) == LEN && same(mine, child_byte, LEN),
	     "peek(child, region, buf, %d) reads the child's bytes across a page boundary", LEN);
	t_ok(region[0] == 'P' && region[LEN - 1] == 'P', "our own region is untouched");
	for (int i = 0; i < LEN; i++)
		mine[i] = poked_byte(i);
	t_ok(poke(child, region, mine, LEN) == LEN, "poke(child, region, buf, %d) == %d", LEN, LEN);
	t_ok(peek(child, region, back, LEN) == LEN && same(back, poked_byte, LEN),
	     "peek reads back what poke wrote");
	t_ok(peek(child, region, back, 0) == 0 && poke(child, region, mine, 0) == 0, "n = 0: 0");
}

/* Bad addresses on each side; the child's bytes stay as poked. */
static void bad_pointers(void)
{
	t_bad("peek(child, region, BUF, n)", peek_into, 64, BAD_DST | BAD_LEN);
	t_bad("poke(child, region, BUF, n)", poke_from, 64, BAD_SRC | BAD_LEN);
	t_bad("peek(child, ADDR, buf, n)", peek_at, 64, BAD_SRC | BAD_LEN);
	t_bad("poke(child, ADDR, buf, n)", poke_at, 64, BAD_DST | BAD_LEN);
	t_ok(peek(child, region, back, LEN) == LEN && same(back, poked_byte, LEN),
	     "after every bad call the child's bytes are still the poked ones");
	t_ok(finish_child(child, 'c') == 0, "the child itself sees the poked bytes");
}

static void sibling(void)
{
	exit(peek(child, region, back, 16) == -1 && errno == EPERM ? 0 : 1);
}

/* Who may be read: descendants only. */
static void permissions(void)
{
	t_err(peek(1, region, back, 16), EPERM, "peek(1, ...): not our descendant: EPERM");
	t_err(peek(getpid(), region, back, 16), EPERM, "peek(ourselves): EPERM");
	t_err(poke(1, region, mine, 16), EPERM, "poke(1, ...): EPERM");
	t_err(peek(1 << 30, region, back, 16), ESRCH, "no such process: ESRCH");
	child = start_child();
	t_ok(t_in_child(sibling) == 0, "a sibling may not peek: EPERM");
	int p[2], q[2];
	pipe(p);
	pipe(q);
	int mid = fork();
	if (mid == 0) {                            /* a child whose child we read */
		int g = start_child();
		char c;
		write(p[1], &g, sizeof g);
		read(q[0], &c, 1);                 /* until the parent has peeked */
		exit(finish_child(g, 'x'));
	}
	int g = 0;
	read(p[0], &g, sizeof g);
	t_ok(peek(g, region, back, LEN) == LEN && same(back, child_byte, LEN),
	     "peek(grandchild %d) reads its bytes", g);
	write(q[1], "x", 1);
	int st = -2;
	waitpid(mid, &st);
	close(p[0]), close(p[1]), close(q[0]), close(q[1]);
	finish_child(child, 'x');
	t_ok(st == 0, "the grandchild and its parent ended (%d)", st);
}

/* A target that ends while we read it: every answer is the data or ESRCH. */
static void exiting_target(void)
{
	child = start_child();
	write(go[1], "x", 1);
	int ok = 1, got = 0, gone = 0;
	for (int i = 0; i < 200 && !gone; i++) {
		long r = peek(child, region, back, LEN);
		if (r == LEN && same(back, child_byte, LEN))
			got++;
		else if (r == -1 && errno == ESRCH)
			gone = 1;
		else
			ok = 0;
		yield();
	}
	t_ok(ok && gone, "a child exiting meanwhile: data (%d times) then ESRCH", got);
	int st;
	waitpid(child, &st);
	t_err(peek(child, region, back, LEN), ESRCH, "after it was reaped: ESRCH");
	close(go[0]), close(go[1]), close(ready[0]), close(ready[1]);
}

/* A target that unmaps and maps back the page we read, again and again. */
static void flip_thread(void *arg)
{
	for (;;) {
		mprotect(region, LEN + 4096, PROT_NONE);
		yield();
		mprotect(region, LEN + 4096, PROT_READ | PROT_WRITE);
		yield();
	}
}

static void unmapping_target(void)
{
	pipe(go);
	pipe(ready);
	int pid = fork();
	if (pid == 0) {
		region = (char *)((unsigned long)region & ~4095ul);
		for (int i = 0; i < LEN; i++)
			region[i] = child_byte(i);
		thread_create(flip_thread, NULL);
		write(ready[1], "r", 1);
		for (;;)
			yield();
	}
	char c;
	read(ready[0], &c, 1);
	char *page = (char *)((unsigned long)region & ~4095ul);
	int ok = 1, data = 0, fault = 0;
	for (int i = 0; i < 300; i++) {
		long r = peek(pid, page, back, LEN);
		if (r == LEN && same(back, child_byte, LEN))
			data++;
		else if (r == -1 && errno == EFAULT)
			fault++;
		else
			ok = 0;
		yield();
	}
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st);
	close(go[0]), close(go[1]), close(ready[0]), close(ready[1]);
	t_ok(ok, "a child flipping its page between PROT_NONE and read-write: %d reads whole, "
	     "%d EFAULT, nothing else", data, fault);
}

static long df(int op) { return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0); }

/* The same addresses on both sides, more than one chunk: reading X in the
 * child and writing X here is not a double fetch. */
static void no_double_fetch(void)
{
	child = start_child();
	long was = df(DF_ON), n0 = df(DF_COUNT);
	peek(child, region, region, LEN);
	poke(child, region, region, LEN);
	t_ok(df(DF_COUNT) == n0, "peek and poke with one address on both sides: "
	     "no double fetch reported (%ld)", df(DF_COUNT) - n0);
	df(was ? DF_ON : DF_OFF);
	finish_child(child, 'x');
}

static int contains(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (!strncmp(s, part, n))
			return 1;
	return 0;
}

/* What the shell printed, as TAP diagnostic lines. */
static void print_diagnostic(const char *out)
{
	while (*out) {
		const char *end = strchr(out, '\n');
		int n = end ? (int)(end - out) : (int)strlen(out);
		printf("#   %.*s\n", n, out);
		out += n + (end != NULL);
	}
}

/* The shell's peek builtin on a background job (/bin/secret). */
static void the_tool(void)
{
	static char out[1024];
	int st = t_run_sh("secret hello & sleep 0.05; peek $! 0x20000000 6; kill $!", out, sizeof out);
	if (!t_ok(st == 0 && contains(out, "0000000020000000  68 65 6c 6c 6f 00") &&
		  contains(out, "|hello.|"), "sh: secret hello & ... peek $! 0x20000000 6 dumps it"))
		print_diagnostic(out);
	st = t_run_sh("peek 1 0x20000000 6", out, sizeof out);
	t_ok(st == 1 && contains(out, "peek: ") && contains(out, strerror(EPERM)),
	     "sh: peek 1 ...: status %d, EPERM's message", st);
	st = t_run_sh("peek 1 0x2000zz 6", out, sizeof out);
	t_ok(st == 2 && contains(out, "usage: peek PID ADDR N"), "sh: peek with a bad address: usage");
}

int main(void)
{
	struct t_kstate before;

	bad_init();
	region = (char *)t_pages(2) + 4096 - LEN / 2;
	t_kstate(&before);
	read_and_write();
	bad_pointers();
	permissions();
	exiting_target();
	unmapping_target();
	no_double_fetch();
	the_tool();
	t_kernel_healthy(&before, "after peek and poke");
	return t_done();
}
