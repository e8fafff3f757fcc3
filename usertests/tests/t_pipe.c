/* t_pipe - pipes within a process and between processes. */
#include "testlib.h"

#define REC 300        /* a record: at most PIPE_BUF (512), so written whole */
#define RECS 100

static void write_records(int fd, char c)
{
	char rec[REC];
	memset(rec, c, sizeof rec);
	for (int i = 0; i < RECS; i++)
		if (write(fd, rec, sizeof rec) != sizeof rec)
			exit(2);
	exit(0);
}

/* Two writers, records of 300 bytes, a reader that takes 100 at a time and
 * yields: the ring (1024 bytes) is often too full for a whole record, and
 * no record may be cut by the other writer's bytes (POSIX PIPE_BUF). */
static void atomic_writes(void)
{
	int p[2], pids[2], st, whole = 0, mixed = 0;
	char rec[REC];
	long got = 0, n;

	pipe(p);
	for (int w = 0; w < 2; w++)
		if ((pids[w] = fork()) == 0) {
			close(p[0]);
			write_records(p[1], w ? 'B' : 'A');
		}
	close(p[1]);
	while ((n = read(p[0], rec + got % REC, REC - got % REC < 100 ? REC - got % REC : 100)) > 0) {
		got += n;
		if (got % REC == 0) {
			int same = 1;
			for (int i = 1; i < REC; i++)
				same &= rec[i] == rec[0];
			same ? whole++ : mixed++;
		}
		yield();
	}
	close(p[0]);
	int ok = waitpid(pids[0], &st) == pids[0] && st == 0;
	ok &= waitpid(pids[1], &st) == pids[1] && st == 0;
	t_ok(ok && whole == 2 * RECS && mixed == 0, "two writers of %d-byte records, a slow reader: "
	     "%d records whole, %d mixed (want %d, 0)", REC, whole, mixed, 2 * RECS);
}

/* Block k of the 64 KiB is 64 bytes of block_byte(k): every value but
 * 0xbd, the info-leak detector's poison (kernel/uapi/infoleak.h), which
 * coming back from the kernel would look like a leak (docs/detectors.md). */
static unsigned char block_byte(long k)
{
	return (unsigned char)(k % 0xbd);
}

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
			memset(blk, block_byte(i), sizeof blk);
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
			in_order &= big[i] == block_byte((total + i) / 64);
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
	atomic_writes();
	return t_done();
}
