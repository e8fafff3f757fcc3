/*
 * t_fuzz_exec_overlap.c - found by /bin/fuzz (make soak, seed 11, x86_64;
 * double fetch): exec and spawn read a user byte twice when argv's array of
 * pointers shared bytes with the path or with one of the strings. The
 * strings were already taken from the kernel's copies where they overlap
 * (argv[0] == path); the pointer array was not. A kernel that reads each
 * user byte once takes those bytes from what it has already copied.
 */
#include "testlib.h"
#include "dfdetect.h"

static long df(int op)
{
	return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0);
}

int main(void)
{
	/* "/bin/echo", NUL, then zeros: argv at +8 reads 'o', 0, 0, ... as
	 * its first pointer (0x6f), sharing the path's last two bytes. */
	static char path[32] = "/bin/echo";
	/* argv[0] points at argv itself: the string is the pointer's bytes. */
	static char *self[2];
	struct t_kstate before;

	t_kstate(&before);
	long was = df(DF_ON), count = df(DF_COUNT);
	t_ok(spawn(path, (char *const *)(path + 8)) == -1 && errno == EFAULT,
	     "spawn with argv inside the path: EFAULT (argv[0] = 0x6f)");
	self[0] = (char *)self;
	int pid = spawn("/bin/echo", self), status = -2;
	bool waited = pid > 0 && waitpid(pid, &status) == pid;
	t_ok(waited && status == 0,
	     "spawn with argv[0] pointing at argv itself: echo ran (exit %d)", status);
	t_ok(df(DF_COUNT) == count, "no double fetch (%ld reported)", df(DF_COUNT) - count);
	if (!was)
		df(DF_OFF);
	t_kernel_healthy(&before, "exec with overlapping argv");
	return t_done();
}
