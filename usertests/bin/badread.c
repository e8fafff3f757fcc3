/*
 * /bin/badread - one read() into a bad pointer, nothing else.
 *
 * The program docs/debugging.md follows in gdb (tools/gdb-walk.sh): it
 * opens a file that has data, then asks read() to put 16 bytes at BAD, a
 * user address where nothing is mapped. The kernel's CopyToUser faults,
 * the exception table sends the CPU to the fixup, and read() returns -1
 * with errno EFAULT (14). Exits 0 if that is exactly what happened.
 */
#include "ulib.h"

#define BAD ((char *)0x100000000000)    /* user space, never mapped here */

int main(int argc, char **argv)
{
	int fd = open("/bin/badread", O_RDONLY);     /* this program: a file with data */
	long r = read(fd, BAD, 16);
	int e = errno;

	printf("badread: read(%d, %p, 16) = %ld, errno %d (%s)\n", fd, (void *)BAD, r, e,
	       r == -1 ? strerror(e) : "no error");
	return fd >= 0 && r == -1 && e == EFAULT ? 0 : 1;
}
