/* usertests/lib/drvtest.c - checks run in a child process (drvtest.h). */
#include "drvtest.h"

static int c_fails;

int c_check(int cond, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (cond)
		return cond;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printf("# %s\n", msg);
	c_fails++;
	return cond;
}

int c_expect(long r, long want, const char *what)
{
	int e = errno;

	if (want >= 0)
		return c_check(r == want, "%s: expected %ld, got %ld%s%s", what, want, r,
			       r == -1 ? " errno " : "", r == -1 ? strerror(e) : "");
	return c_check(r == -1 && e == -want, "%s: expected -1 errno %s, got %ld%s%s", what,
		       strerror(-want), r, r == -1 ? " errno " : "", r == -1 ? strerror(e) : "");
}

int t_child(const char *what, void (*fn)(void))
{
	int pid = fork(), status = 12345;

	if (pid == 0) {
		c_fails = 0;
		fn();
		exit(c_fails > 100 ? 100 : c_fails);
	}
	if (pid < 0 || waitpid(pid, &status) != pid)
		printf("# fork/waitpid failed: %s\n", strerror(errno));
	t_ok(status == 0, "%s", what);
	if (status == -1)
		printf("# the kernel KILLED the process doing this (exit status -1): "
		       "look for the KERNEL OOPS on the console just above\n");
	else if (status != 0)
		printf("# %d check(s) above failed\n", status);
	return status;
}

struct race_result t_race_op(int op, void *arg, struct flip *f, int tries, long value,
			     int refusal)
{
	struct race_result r = { 0, 0, 0, 0, 0 };
	long old = demo(DEMO_SET_WINDOW, NULL, flip_window());

	f->stop = 0;
	flip_init(f);
	if (f->spin)
		tries *= 40;
	int tid = thread_create(flipper, f);
	if (tid < 0) {
		printf("# thread_create for the flipper: %s\n", strerror(errno));
		r.escapes = -1;
		return r;
	}
	flip_wait_started(f);
	while (r.tries < tries && !r.escapes) {
		long got = demo(op, arg, 0);
		r.tries++;
		if (got == value)
			r.right++;
		else if (got == -1 && errno == refusal)
			r.refused++;
		else {
			r.escapes++;
			r.escaped_with = got == -1 ? -errno : got;
		}
		yield();        /* the flipper writes again before the next try */
	}
	f->stop = 1;
	thread_join(tid);
	demo(DEMO_SET_WINDOW, NULL, old < 0 ? 0 : old);
	return r;
}
