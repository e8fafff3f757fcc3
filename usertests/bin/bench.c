/*
 * /bin/bench - system-call costs for `make bench` (SPEC section 10).
 *
 * Prints `bench: NAME,VALUE,UNIT` lines (tools/bench.sh collects them).
 * uptime_ms() has millisecond resolution, so each figure is the average
 * of enough calls to last tens of milliseconds.
 */
#include "ulib.h"

static void result(const char *name, unsigned long ms, unsigned long calls)
{
	unsigned long ns = ms * 1000000 / calls;
	printf("bench: %s,%lu.%03lu,us\n", name, ns / 1000, ns % 1000);
}

int main(int argc, char **argv)
{
	static char buf[4096];
	unsigned long t0;
	const unsigned long n = 50000, nio = 5000;

	t0 = uptime_ms();
	for (unsigned long i = 0; i < n; i++)
		getpid();
	result("null syscall (getpid)", uptime_ms() - t0, n);

	/* a read whose buffer is unmapped: fault, exception table, EFAULT */
	int fd = open("/bench.tmp", O_RDWR | O_CREAT | O_TRUNC);
	write(fd, buf, sizeof(buf));
	char *hole = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 4096);
	t0 = uptime_ms();
	for (unsigned long i = 0; i < nio; i++) {
		lseek(fd, 0, SEEK_SET);
		if (read(fd, hole, 16) != -1 || errno != EFAULT)
			printf("bench: read into a hole did not fail with EFAULT\n");
	}
	result("lseek + read that faults (EFAULT)", uptime_ms() - t0, nio);

	t0 = uptime_ms();
	for (unsigned long i = 0; i < nio; i++) {
		lseek(fd, 0, SEEK_SET);
		read(fd, buf, sizeof(buf));
	}
	result("lseek + read 4 KiB from the ramfs", uptime_ms() - t0, nio);
	t0 = uptime_ms();
	for (unsigned long i = 0; i < nio; i++)
		lseek(fd, 0, SEEK_SET);
	result("lseek alone (subtract it from the two above)", uptime_ms() - t0, nio);
	close(fd);
	unlink("/bench.tmp");
	return 0;
}
