/*
 * /bin/forkbomb - the classic attack, made to end: every process forks
 * until fork fails, waits a moment (so the table stays full for a while)
 * and exits without waiting for its children. The kernel's process limit
 * stops it with EAGAIN (docs/syscalls.md, "Limits"); the processes left
 * without a parent are freed by the kernel as they end, so everything
 * comes back. `forkbomb -f` never ends by itself: its processes keep
 * trying to fork until Ctrl-C kills them all.
 *
 *     $ forkbomb
 *     forkbomb: 61 processes, then fork: try again
 */
#include "ulib.h"

int main(int argc, char **argv)
{
	int forever = argc > 1 && strcmp(argv[1], "-f") == 0;
	int me = getpid(), pfd[2], pid;
	char buf[64];
	long n = 0, r;

	if (pipe(pfd) < 0)               /* each process writes one byte: a count */
		return 1;
	while ((pid = fork()) >= 0 || forever)   /* parent and child alike fork on */
		if (pid < 0)
			sleep_ms(10);
	int err = errno;
	write(pfd[1], "x", 1);
	close(pfd[1]);
	if (getpid() != me) {
		sleep_ms(100);           /* the table stays full a while */
		return 0;
	}
	while ((r = read(pfd[0], buf, sizeof buf)) > 0)   /* until every process wrote */
		n += r;
	printf("forkbomb: %ld processes, then fork: %s\n", n, strerror(err));
	return err == EAGAIN ? 0 : 1;
}
