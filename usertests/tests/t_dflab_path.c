/*
 * t_dflab_path - lab 06 (docs/labs/06-doublefetch.md), DEMO_DF_STAT: the
 * driver allows only paths under /pub/ without "..", and returns the size
 * of the file the path names.
 *
 * /pub/f holds 5 bytes and /sec/f 11. Alone, each path gives its exact
 * result. Then a second thread keeps switching the path's first four
 * bytes between "/pub" and "/sec": a driver that captures the path once
 * answers 5 or EPERM every time; one that fetches it again to open it
 * sooner or later gives the size of /sec/f, a file its check refused.
 */
#include "drvtest.h"

#define TRIES 500

static char path[64] __attribute__((aligned(16)));

static long fsize(const char *p)
{
	return demo(DEMO_DF_STAT, (void *)p, 0);
}

static int put(const char *name, const char *text)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (long)strlen(text);
	close(fd);
	return ok;
}

static void clean_up(void)
{
	unlink("/pub/f"), unlink("/sec/f"), unlink("/pub"), unlink("/sec");
}

static void exact(void)
{
	long r = fsize("/pub/f");
	t_ok(r == 5, "/pub/f: 5 (got %ld)", r);
	t_err(fsize("/pub/none"), ENOENT, "/pub/none: ENOENT");
	t_err(fsize("/sec/f"), EPERM, "/sec/f: EPERM");
	t_err(fsize("/pub/../sec/f"), EPERM, "/pub/../sec/f: EPERM");
	t_err(fsize("pub/f"), EPERM, "pub/f (relative): EPERM");
	t_err(fsize(NULL), EFAULT, "NULL: EFAULT");
	t_err(fsize((void *)t_si.kernel_data), EFAULT, "kernel data: EFAULT");
	t_err(fsize(bad_path_unterminated()), EFAULT, "no NUL before an unmapped page: EFAULT");
	t_err(fsize(bad_path_max()), ENAMETOOLONG, "PATH_MAX bytes without a NUL: ENAMETOOLONG");
}

static void race(void)
{
	unsigned pub, sec;
	memcpy(&pub, "/pub", 4);
	memcpy(&sec, "/sec", 4);
	struct flip f = { .word = (volatile unsigned *)path, .v = { pub, sec } };

	strcpy(path, "/pub/f");
	struct race_result r = t_race_op(DEMO_DF_STAT, path, &f, TRIES, 5, EPERM);
	t_ok(r.escapes == 0, "racing \"/pub\" <-> \"/sec\": never the size of /sec/f "
	     "(%d tries, %d right, %d refused)", r.tries, r.right, r.refused);
	if (r.escapes)
		printf("# try %d returned %ld%s: the driver checked one path and opened another: "
		       "it fetched the path twice\n", r.tries, r.escaped_with,
		       r.escaped_with == 11 ? " (the size of /sec/f)" : "");
	t_ok(r.escapes || r.refused > 0, "the check did see \"/sec\" sometimes (%d times): the race ran",
	     r.refused);
}

int main(void)
{
	struct t_kstate before;
	t_sysinfo();
	bad_init();
	t_kstate(&before);
	clean_up();             /* left by a run that failed */
	t_ok(mkdir("/pub") == 0 && mkdir("/sec") == 0 && put("/pub/f", "hello") &&
	     put("/sec/f", "secret data"), "make /pub/f (5 bytes) and /sec/f (11 bytes)");
	exact();
	race();
	clean_up();
	t_kernel_healthy(&before, "after the race, the files removed");
	return t_done();
}
