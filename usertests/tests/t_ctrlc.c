/*
 * t_ctrlc - Ctrl-C on the console (kernel/console.c): the line being typed
 * is thrown away and SIGINT goes to every process but process 1. The test
 * types with demo(DEMO_CONSOLE_TYPE), which hands each byte to the line
 * discipline as the UART's receive interrupt does.
 *
 * Every process but 1 includes this one and the runner's watchdog, so the
 * test catches SIGINT itself, and it runs only as a child of process 1
 * (usertests booted as init, as `make test` does): run from the shell, the
 * runner would be killed too.
 */
#include "testlib.h"
#include "demo.h"

static volatile int got_int;

static void on_int(int sig)
{
	if (sig == SIGINT)
		got_int++;
}

static int parent_pid(void)
{
	struct procinfo pi;
	if (procinfo(getpid() - 1, &pi) != getpid())
		return -1;
	return pi.ppid;
}

static void type(const char *s)
{
	for (; *s; s++)
		demo(DEMO_CONSOLE_TYPE, 0, (unsigned char)*s);
}

/* Each child writes one byte to ready before it blocks. */
static int ready[2];

static int child(int how)
{
	int pid = fork();
	if (pid != 0)
		return pid;
	close(ready[0]);
	if (how == 0) {                      /* SIG_DFL: killed */
		signal(SIGINT, SIG_DFL);         /* fork kept the parent's handler */
		write(ready[1], "d", 1);
		sleep_ms(10000);
		exit(0);
	}
	if (how == 1) {                      /* a handler, blocked reading the console */
		char buf[16];
		signal(SIGINT, on_int);
		write(ready[1], "h", 1);
		long n = read(0, buf, sizeof buf);
		exit(n == -1 && errno == EINTR && got_int == 1 ? 42 : 40);
	}
	signal(SIGINT, SIG_IGN);             /* SIG_IGN: sleeps on, undisturbed */
	write(ready[1], "i", 1);
	exit(sleep_ms(300) == 0 ? 9 : 8);
}

int main(void)
{
	struct t_kstate k;
	char buf[16];
	int pid[3], st[3] = { 0, 0, 0 };

	t_kstate(&k);
	if (parent_pid() != 1) {
		t_skip("Ctrl-C reaches every process but 1: run as a child of process 1 "
		       "(init=/bin/usertests)");
		return t_done();
	}
	signal(SIGINT, on_int);
	pipe(ready);
	for (int i = 0; i < 3; i++)
		pid[i] = child(i);
	close(ready[1]);
	int n = 0;
	for (int i = 0; i < 3; i++)
		n += read(ready[0], buf + i, 1);
	close(ready[0]);
	t_ok(n == 3, "three children ready");
	sleep_ms(50);                        /* let each reach its sleep or read */

	type("abc");
	t_ok(got_int == 0, "typing \"abc\" sends nothing");
	type("\x03");
	t_ok(got_int == 1, "Ctrl-C: SIGINT reached this process's handler once, "
	     "before the system call that typed it returned");
	for (int i = 0; i < 3; i++)
		waitpid(pid[i], &st[i]);
	t_ok(st[0] == -1, "a child with SIG_DFL ended: status %d (-1: killed)", st[0]);
	t_ok(st[1] == 42, "a child with a handler, blocked in read(0): the handler ran "
	     "and read returned -1 EINTR (status %d)", st[1]);
	t_ok(st[2] == 9, "a child with SIG_IGN slept on undisturbed (status %d)", st[2]);

	type("xy\n");
	long r = read(0, buf, sizeof buf);
	t_ok(r == 3 && !memcmp(buf, "xy\n", 3),
	     "the line typed before Ctrl-C was thrown away: the next read returns \"xy\\n\" "
	     "(%ld bytes)", r);
	type("pq\x7f" "r\n");
	r = read(0, buf, sizeof buf);
	t_ok(r == 3 && !memcmp(buf, "pr\n", 3), "DEL takes back one byte: \"pq<DEL>r\" reads "
	     "\"pr\\n\" (%ld bytes)", r);
	signal(SIGINT, SIG_DFL);
	t_kernel_healthy(&k, "after Ctrl-C");
	return t_done();
}
