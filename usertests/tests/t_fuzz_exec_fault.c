/*
 * t_fuzz_exec_fault.c - found by /bin/fuzz -s 3 on aarch64 (make soak): an
 * executor never finished dying, not even after SIGKILL ("executor pid N
 * does not die after SIGKILL", its memory never back). One thread was in
 * exec, waiting in kill_other_threads for its siblings to end; a sibling
 * that faulted at that moment went into proc_exit and waited, in
 * kill_other_threads too, for the exec'ing thread: each waited for the
 * other for ever. Here a thread faults (a call through NULL) just as the
 * main thread execs /bin/echo; the process must end every time, within 5 s.
 */
#include "testlib.h"

static volatile int go;

static void on_alarm(int sig)
{
}

static void faulter(void *unused)
{
	while (!go)
		;
	((void (*)(void))0)();           /* the kernel kills the process for this */
}

static int once(void)
{
	int pid = fork();
	if (pid == 0) {
		char *argv[] = { "echo", NULL };
		int fd = open("/dev/null", O_WRONLY);   /* echo's output: nowhere, if it can */
		if (fd >= 0) {
			close(1);
			dup(fd);
		}
		thread_create(faulter, NULL);
		for (volatile int i = 0; i < 20000; i++)
			;
		go = 1;
		exec("/bin/echo", argv);
		exit(0);
	}
	int status = 0;
	alarm_ms(5000);
	long r = waitpid(pid, &status);
	alarm_ms(0);
	if (r < 0) {
		kill(pid, SIGKILL);
		alarm_ms(5000);
		r = waitpid(pid, &status);
		alarm_ms(0);
		return r < 0 ? -3 : -2;
	}
	return 0;
}

int main(void)
{
	struct t_kstate before;
	int bad = 0, st = 0;

	signal(SIGALRM, on_alarm);
	t_kstate(&before);
	for (int i = 0; i < 30 && !bad; i++)
		if ((st = once()) != 0)
			bad = i + 1;
	t_ok(!bad, "a thread faulting while another execs: the process ends every time (%s)",
	     !bad ? "30 tries" : st == -2 ? "one needed SIGKILL" : "one did not end even after SIGKILL");
	t_kernel_healthy(&before, "exec racing a fault");
	return t_done();
}
