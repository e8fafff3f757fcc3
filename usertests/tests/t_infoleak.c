/*
 * t_infoleak - the info-leak detector sees the demo driver's planted leak,
 * and the kernel's own system calls send the user no uninitialised byte.
 *
 * With the detector on (kernel/uapi/infoleak.h) the kernel poisons new heap
 * blocks and each system call's stack with INFOLEAK_POISON and counts every
 * copy to user memory that carries a run of it. DEMO_LEAK_PADDING copies a
 * struct whose 4 bytes of padding were never written: the count goes up by
 * one, and this program sees exactly the poison in the hole.
 * DEMO_LEAK_FIXED clears the struct first: no report, zeros in the hole.
 * A workload of the system calls that write structs and values to the user
 * must not move the count (the noprot boot of `make test` runs the whole
 * suite with the detector on and fails on any report but the planted one). The detector is left as it was found (on when
 * the kernel was booted with `infoleak`).
 */
#include "testlib.h"
#include "infoleak.h"

static long il(int op)
{
	return __syscall(SYS_infoleak, op, 0, 0, 0, 0, 0);
}

static long last;

/* ok if no system call since the previous check leaked a poisoned run. */
static void clean(const char *family)
{
	long now = il(IL_COUNT);
	t_ok(now == last, "%s: no leak reported (%ld)", family, now - last);
	last = now;
}

static bool hole_is(const struct demo_leak *r, unsigned char v)
{
	const unsigned char *b = (const unsigned char *)r;

	for (int i = DEMO_LEAK_HOLE_OFF; i < DEMO_LEAK_HOLE_OFF + DEMO_LEAK_HOLE_LEN; i++)
		if (b[i] != v)
			return false;
	return true;
}

static bool fields_ok(const struct demo_leak *r, unsigned x)
{
	return r->id == x && r->value == 3ull * x && r->flags == x + 1 && r->size == sizeof(*r);
}

static void planted(void)
{
	struct demo_leak r;

	t_ok(il(IL_RESET) == 0 && il(IL_COUNT) == 0, "IL_RESET: the count is 0");
	memset(&r, 0x11, sizeof(r));
	t_ok(demo(DEMO_LEAK_PADDING, &r, 5) == 0, "DEMO_LEAK_PADDING returns 0");
	t_ok(il(IL_COUNT) == 1, "... and is reported once (count %ld)", il(IL_COUNT));
	t_ok(fields_ok(&r, 5), "... its fields are right");
	t_ok(hole_is(&r, INFOLEAK_POISON),
	     "... and the user sees the poison 0x%x in the 4 bytes of padding at +%d",
	     INFOLEAK_POISON, DEMO_LEAK_HOLE_OFF);

	memset(&r, 0x11, sizeof(r));
	t_ok(demo(DEMO_LEAK_FIXED, &r, 9) == 0 && il(IL_COUNT) == 1,
	     "DEMO_LEAK_FIXED: no report (count %ld)", il(IL_COUNT));
	t_ok(fields_ok(&r, 9) && hole_is(&r, 0), "... its fields are right and the padding is 0");

	t_err(demo(DEMO_LEAK_PADDING, NULL, 5), EFAULT, "DEMO_LEAK_PADDING to NULL: EFAULT");
	t_ok(il(IL_COUNT) == 1, "... no byte reached the user: no report");

	t_ok(il(IL_OFF) == 1, "IL_OFF: it was on");
	memset(&r, 0x11, sizeof(r));
	t_ok(demo(DEMO_LEAK_PADDING, &r, 7) == 0 && fields_ok(&r, 7) && il(IL_COUNT) == 1,
	     "off: the same leak is not counted");
	t_ok(il(IL_ON) == 0, "IL_ON: it was off");
	last = il(IL_COUNT);
}

static void files(void)
{
	char buf[64];
	struct stat st;
	struct dirent ents[4];

	unlink("/ilk/a"), unlink("/ilk");      /* left by a run that failed */
	t_ok(mkdir("/ilk") == 0, "mkdir");
	int fd = open("/ilk/a", O_RDWR | O_CREAT | O_TRUNC);
	t_ok(fd >= 0 && write(fd, "abcdefgh", 8) == 8, "open, write");
	t_ok(lseek(fd, 100, SEEK_SET) == 100 && write(fd, "z", 1) == 1, "write past the end: a hole");
	t_ok(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, sizeof buf) == 64 && buf[8] == 0,
	     "read across the hole: zeros");
	t_ok(fstat(fd, &st) == 0 && st.st_size == 101, "fstat");
	close(fd);
	fd = open("/ilk", O_RDONLY);
	t_ok(fd >= 0 && getdents(fd, ents, sizeof ents) > 0, "getdents");
	close(fd);
	t_ok(unlink("/ilk/a") == 0 && unlink("/ilk") == 0, "clean up");
	clean("files");
}

static void pipes(void)
{
	int p[2];
	char buf[100];

	t_ok(pipe(p) == 0, "pipe");
	t_ok(write(p[1], "hello", 5) == 5 && read(p[0], buf, sizeof buf) == 5, "pipe write, read");
	close(p[0]);
	close(p[1]);
	clean("pipes");
}

/* Signal frames (the x86-64 FXSAVE image leaked 144 bytes until the
 * detector found it) and procinfo are checked by the noprot boot, which runs
 * t_signal, t_sigframe and t_procinfo with the detector on: here they would
 * fail in the signals and syscall labs' starting points, where they are
 * the student's to write (docs/labs/). */
static void processes(void)
{
	int status = -1;

	int pid = fork();
	if (pid == 0)
		exit(7);
	t_ok(wait(&status) == pid && status == 7, "fork, exit, wait: the status");
	clean("processes");
}

static void misc(void)
{
	struct sysinfo si;

	t_ok(sysinfo(&si) == 0 && si.page_size == 4096, "sysinfo");
	t_ok(kcheck() == 0, "kcheck");
	clean("sysinfo, kcheck");
}

int main(void)
{
	long was = il(IL_ON);
	t_ok(was == 0 || was == 1, "IL_ON: the detector is on (it was %s)", was ? "on" : "off");
	planted();
	files();
	pipes();
	processes();
	misc();
	t_ok(il(99) == -EINVAL, "an unknown op: EINVAL");
	il(was ? IL_ON : IL_OFF);
	return t_done();
}
