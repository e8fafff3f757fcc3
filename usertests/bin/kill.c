/* /bin/kill [-N] PID... - send signal N (default SIGTERM, 15) to each
 * process (kill(2)); process 1 refuses (EPERM). kill -9 PID cannot be
 * caught; kill -0 PID only checks that PID exists. */
#include "ulib.h"

int main(int argc, char **argv)
{
	int status = 0, sig = SIGTERM, i = 1;

	if (argc > 1 && argv[1][0] == '-') {
		sig = atoi(argv[1] + 1);
		i = 2;
	}
	if (i >= argc) {
		fprintf(2, "usage: kill [-N] PID...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (kill(atoi(argv[i]), sig) < 0) {
			fprintf(2, "kill: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	return status;
}
