/* /bin/ps - every process: pid, parent, state, threads, mapped memory, name. */
#include "ulib.h"

int main(void)
{
	struct procinfo pi;
	int pid = 0;

	printf("  PID  PPID STATE   THR  MAPPED NAME\n");
	while ((pid = procinfo(pid, &pi)) > 0)
		printf("%5d %5d %-7s %3d %6luK %s\n", pi.pid, pi.ppid,
		       pi.state == PI_ZOMBIE ? "zombie" : "running", pi.nthreads,
		       pi.mapped_bytes / 1024, pi.name);
	if (pid < 0) {
		fprintf(2, "ps: procinfo: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
