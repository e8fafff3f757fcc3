/* t_pipe - pipes within a process and between processes. */
#include "testlib.h"

int main(void)
{
	int p[2] = { -1, -1 }, status = 1;
	char buf[64];
	int r = pipe(p);
	t_ok(r == 0 && p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe gives two fds (%d, %d)", p[0], p[1]);
	t_ok(write(p[1], "ping", 4) == 4, "write into the pipe");
	memset(buf, 0, sizeof buf);
	t_ok(read(p[0], buf, sizeof buf) == 4 && !strcmp(buf, "ping"), "read it back");
	t_err(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe: ESPIPE");
	struct stat st;
	t_ok(fstat(p[0], &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "fstat: S_IFIFO");
	close(p[1]);
	t_ok(read(p[0], buf, sizeof buf) == 0, "EOF once the write end is closed");
	close(p[0]);

	/* A child writes 64 KiB, more than any pipe buffer: we must see it all, in order. */
	pipe(p);
	int pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 1024; i++) {
			unsigned char blk[64];
			memset(blk, i & 0xff, sizeof blk);
			if (write(p[1], blk, sizeof blk) != sizeof blk)
				exit(2);
		}
		exit(0);
	}
	close(p[1]);
	long total = 0, n;
	int in_order = 1;
	unsigned char big[300];
	while ((n = read(p[0], big, sizeof big)) > 0) {
		for (long i = 0; i < n; i++)
			in_order &= big[i] == (unsigned char)((total + i) / 64);
		total += n;
	}
	close(p[0]);
	t_ok(total == 65536 && in_order, "64 KiB through a pipe from a child, in order (%ld)", total);
	t_ok(waitpid(pid, &status) == pid && status == 0, "the writer exited 0");

	/* Writing with no reader left fails (EPIPE) instead of blocking. */
	pipe(p);
	close(p[0]);
	t_err(write(p[1], "x", 1), EPIPE, "write with no reader: EPIPE");
	close(p[1]);
	return t_done();
}
