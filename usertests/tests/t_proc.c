/* t_proc - fork, exec, spawn, exit status, wait, kill, getpid, time. */
#include "testlib.h"

/* Run as a child by spawn/exec below: check argv and exit with argc. */
static int child_mode(int argc, char **argv)
{
	if (strcmp(argv[2], "two words") || strcmp(argv[3], ""))
		return 100;
	return argc;
}

static void forks(void)
{
	int parent = getpid(), status = 0;
	int pid = fork();
	if (pid == 0)
		exit(getpid() != parent ? 42 : 1);
	t_ok(pid > 0 && pid != parent, "fork returns the child's pid (%d) to the parent", pid);
	t_ok(wait(&status) == pid && status == 42, "wait: child's pid and exit status 42 (%d)", status);
	t_err(wait(&status), ECHILD, "wait with no children: ECHILD");
	t_err(waitpid(parent + 1000, &status), ECHILD, "waitpid of a stranger: ECHILD");

	int a = fork();
	if (a == 0)
		exit(3);
	int b = fork();
	if (b == 0) {
		sleep_ms(20);
		exit(4);
	}
	int sb = 0, sa = 0;
	t_ok(waitpid(b, &sb) == b && sb == 4, "waitpid picks the named child (b: %d)", sb);
	t_ok(waitpid(a, &sa) == a && sa == 3, "... and then the other (a: %d)", sa);
	t_ok(wait(NULL) == -1, "wait(NULL) with nothing left fails");

	static int shared = 1;
	pid = fork();
	if (pid == 0) {
		shared = 99;
		exit(shared);
	}
	waitpid(pid, &status);
	t_ok(status == 99 && shared == 1, "the child's memory is a copy");
}

static void programs(void)
{
	char *argv[] = { "t_proc", "child", "two words", "", NULL };
	int status = 0;
	int pid = spawn("/tests/t_proc", argv);
	t_ok(pid > 0, "spawn /tests/t_proc");
	t_ok(waitpid(pid, &status) == pid && status == 4, "spawned child saw argv, exited argc=4 (%d)", status);
	pid = fork();
	if (pid == 0) {
		exec("/tests/t_proc", argv);
		exit(77);
	}
	waitpid(pid, &status);
	t_ok(status == 4, "fork + exec: argv intact, exit status 4 (%d)", status);
	char *none[] = { "nothing", NULL };
	t_err(exec("/bin/no-such-program", none), ENOENT, "exec of a missing file: ENOENT, still running");
	t_err(spawn("/bin/no-such-program", none), ENOENT, "spawn of a missing file: ENOENT");
	t_err(spawn("/bin", none), EISDIR, "spawn of a directory: EISDIR");
	int fd = open("/tmp_t_proc_notelf", O_RDWR | O_CREAT | O_TRUNC);
	write(fd, "#!/bin/sh\necho not elf\n", 23);
	close(fd);
	t_err(spawn("/tmp_t_proc_notelf", none), ENOEXEC, "spawn of a non-ELF file: ENOEXEC");
	unlink("/tmp_t_proc_notelf");
	char *many[200];
	for (int i = 0; i < 199; i++)
		many[i] = "x";
	many[199] = NULL;
	t_err(spawn("/bin/echo", many), E2BIG, "spawn with 199 arguments: E2BIG");
}

static void kills(void)
{
	int status = 0;
	int pid = fork();
	if (pid == 0) {
		for (;;)
			sleep_ms(1000);
	}
	sleep_ms(10);
	t_ok(kill(pid, SIGKILL) == 0, "kill a sleeping child");
	t_ok(waitpid(pid, &status) == pid && status == -1, "it is reaped with status -1 (%d)", status);
	pid = fork();
	if (pid == 0)
		for (;;)
			;
	sleep_ms(10);
	t_ok(kill(pid, SIGKILL) == 0 && waitpid(pid, &status) == pid && status == -1,
	     "kill a child spinning in user mode: status -1 (%d)", status);
	t_err(kill(pid, SIGKILL), ESRCH, "kill of a reaped pid: ESRCH");
	t_err(kill(99999, SIGKILL), ESRCH, "kill of a pid that never existed: ESRCH");
	if (getpid() != 1)   /* process 1 is the one the kernel started: always pid 1 */
		t_err(kill(1, SIGKILL), EPERM, "kill of process 1 from another process: EPERM");
}

static void timing(void)
{
	unsigned long t0 = uptime_ms();
	t_ok(sleep_ms(100) == 0, "sleep_ms(100)");
	unsigned long dt = uptime_ms() - t0;
	t_ok(dt >= 100 && dt < 1000, "slept between 100 and 1000 ms (%lu)", dt);
	yield();
	t_ok(1, "yield returns");
	struct sysinfo si;
	t_ok(sysinfo(&si) == 0, "sysinfo");
	t_ok(!strcmp(si.arch, "x86_64") || !strcmp(si.arch, "aarch64"), "arch \"%s\"", si.arch);
	t_ok(si.page_size == 4096, "page_size 4096");
	t_ok(si.user_va_limit > 0x400000 && si.kernel_base >= si.user_va_limit, "user_va_limit %lx below kernel_base %lx",
	     si.user_va_limit, si.kernel_base);
	t_ok(si.kernel_text_start >= si.kernel_base && si.kernel_text_end > si.kernel_text_start,
	     "kernel text %lx..%lx", si.kernel_text_start, si.kernel_text_end);
	t_ok(si.kernel_data >= si.user_va_limit && si.kernel_heap >= si.user_va_limit &&
	     si.kernel_stack >= si.user_va_limit, "kernel data/heap/stack are kernel addresses");
	t_ok(si.free_pages > 0 && si.free_pages <= si.total_pages, "free pages %lu of %lu",
	     si.free_pages, si.total_pages);
	t_ok(si.heap_pages > 0 && si.heap_pages * si.page_size >= si.heap_bytes &&
	     si.free_pages + si.heap_pages <= si.total_pages,
	     "heap pages %lu hold its %lu bytes, beside the free ones", si.heap_pages, si.heap_bytes);
	t_ok(si.nprocs >= 1 && si.heap_bytes > 0 && si.uptime_ms >= t0, "nprocs %u, heap %lu bytes",
	     si.nprocs, si.heap_bytes);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_mode(argc, argv);
	forks();
	programs();
	kills();
	timing();
	return t_done();
}
