/*
 * /bin/trace [-o FILE] PROG [ARGS...] - run PROG and print every system
 * call that it and its children make, one line each, strace-style:
 *
 *     $ trace cat /no/such
 *     [pid 7] exec("/bin/cat", ["cat", "/no/such"]) = 2 <0.001843>
 *     [pid 7] open("/no/such", O_RDONLY) = -1 ENOENT (no such file or directory) <0.000031>
 *     ...
 *     [pid 7] exit(1) = ?
 *
 * The lines go to stderr (the console), or to FILE with -o (PROG then
 * finds FILE open as one more fd: nothing here closes fds on exec). The
 * kernel writes them (kernel/sys/trace.c); this program only forks, asks
 * for the child to be traced with trace_me() and execs PROG in it, found
 * as the shell finds it (a name without '/' is looked up in /bin). Its
 * exit status is PROG's.
 */
#include "ulib.h"

static int usage(void)
{
	fprintf(2, "usage: trace [-o FILE] PROG [ARGS...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	int out = 2, first = 1, status = -1;

	if (argc > 2 && !strcmp(argv[1], "-o")) {
		if ((out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC)) < 0) {
			fprintf(2, "trace: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		first = 3;
	}
	if (first >= argc)
		return usage();
	snprintf(path, sizeof path, strchr(argv[first], '/') ? "%s" : "/bin/%s", argv[first]);

	int pid = fork();
	if (pid < 0) {
		fprintf(2, "trace: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		if (trace_me(out) < 0) {
			fprintf(2, "trace: trace_me: %s\n", strerror(errno));
			exit(127);
		}
		exec(path, argv + first);        /* traced: its line shows why it failed */
		fprintf(2, "trace: %s: %s\n", argv[first], strerror(errno));
		exit(127);
	}
	if (out != 2)
		close(out);
	waitpid(pid, &status);
	return status;
}
