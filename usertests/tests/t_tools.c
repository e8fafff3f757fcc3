/* t_tools - the shell's tools a student meets: /tmp, wc, grep, free, kill, help.
 * (ps and the procinfo call under it: t_procinfo*, the syscall lab's tests.) */
#include "testlib.h"

static char out[2048];

static int contains(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (!strncmp(s, part, n))
			return 1;
	return 0;
}

/* s with each newline shown as \n, for a one-line TAP description. */
static const char *oneline(const char *s)
{
	static char buf[256];
	size_t n = 0;

	for (; *s && n < sizeof buf - 3; s++)
		if (*s == '\n')
			buf[n++] = '\\', buf[n++] = 'n';
		else
			buf[n++] = *s;
	buf[n] = 0;
	return buf;
}

/* `sh -c line` must print exactly want and exit with want_status. */
static void exact(const char *line, const char *want, int want_status)
{
	int st = t_run_sh(line, out, sizeof out);
	t_ok(st == want_status && !strcmp(out, want), "%s -> status %d, \"%s\"", line, st,
	     oneline(out));
}

int main(void)
{
	exact("echo hi > /tmp/x; cat /tmp/x", "hi\n", 0);
	exact("echo one two three > /tmp/w; wc /tmp/w", "1 3 14 /tmp/w\n", 0);
	exact("cat /tmp/w /tmp/x | wc", "2 4 17\n", 0);
	exact("wc /tmp/nosuch", "wc: /tmp/nosuch: no such file or directory\n", 1);
	exact("grep two /tmp/w", "one two three\n", 0);
	exact("grep four /tmp/w", "", 1);
	exact("grep h /tmp/w /tmp/x", "/tmp/w:one two three\n/tmp/x:hi\n", 0);
	exact("cat /tmp/w | grep thr", "one two three\n", 0);
	exact("grep x /tmp/nosuch", "grep: /tmp/nosuch: no such file or directory\n", 2);
	exact("rm /tmp/x /tmp/w; cat /tmp/x", "cat: /tmp/x: no such file or directory\n", 1);
	exact("kill 1", "kill: 1: operation not permitted\n", 1);
	exact("kill 99999", "kill: 99999: no such process\n", 1);

	int st = t_run_sh("free", out, sizeof out);
	t_ok(st == 0 && contains(out, "memory: ") && contains(out, "processes: ") &&
	     contains(out, "of at most 64"), "free prints memory and processes");
	st = t_run_sh("help", out, sizeof out);
	t_ok(st == 0 && contains(out, "builtins: cd [DIR], exit [STATUS], help") &&
	     contains(out, "  grep       grep TEXT [FILE...]: lines containing TEXT\n") &&
	     contains(out, "  wc         lines, words and bytes\n"),
	     "help lists the builtins and /bin with a line each");
	return t_done();
}
