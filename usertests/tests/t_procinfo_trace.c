/*
 * t_procinfo_trace - the tools that use procinfo (docs/labs/01-syscall.md):
 * `trace` decodes the call by its line in kernel/uapi/syscall_table.h, and
 * /bin/ps lists every process from it.
 *
 * Part 1: a child has its calls traced into a pipe (trace_me) and calls
 * procinfo with good and bad buffers; each line must read exactly
 * `[pid C] procinfo(AFTER, BUF) = RESULT <time>`, AFTER in decimal, BUF in
 * hex (NULL for 0), an error as `-1 EFAULT (bad address)`.
 * Part 2: `ps` prints a header and one line per process, pids in order; we
 * find ourselves, the shell that ran ps and ps itself, each with its parent.
 * Part 3: `trace -o FILE ps`: ps's walk shows in the log as one procinfo
 * line per process, each `after` the pid before, ending with 0.
 */
#include "testlib.h"

#define LOG "/t_procinfo_trace.log"
#define MAXLINES 96

static char logbuf[8192], out[4096];
static char *lines[MAXLINES];
static int nlines, me;

/* ---- reading a log (as t_trace does) ------------------------------------ */

static void read_log(int fd)
{
	nlines = t_read_lines(fd, logbuf, sizeof logbuf, lines, MAXLINES);
}

/* ---- part 1: the lines of a traced child ------------------------------------ */

static struct procinfo pi;

static void traced(int fd)
{
	int bad = 0;

	if (trace_me(fd) < 0)
		exit(100);
	int c = getpid();
	bad |= (procinfo(c - 1, &pi) != c) << 0;
	bad |= (procinfo(-1, &pi) != 1) << 1;
	bad |= (procinfo(1 << 30, &pi) != 0) << 2;
	bad |= (procinfo(0, NULL) != -1 || errno != EFAULT) << 3;
	bad |= (procinfo(0, (struct procinfo *)t_si.kernel_data) != -1 || errno != EFAULT) << 4;
	bad |= (procinfo(0, (struct procinfo *)(t_si.user_va_limit - 8)) != -1 || errno != EFAULT) << 5;
	trace_me(-1);
	exit(bad);
}

static void part1(void)
{
	char want[8][160];
	int p[2], st = -1, n = 0;

	pipe(p);
	int c = fork();
	if (c == 0) {
		close(p[0]);
		traced(p[1]);
	}
	close(p[1]);
	read_log(p[0]);
	close(p[0]);
	int w = waitpid(c, &st);
	t_ok(w == c && st == 0, "traced, each call returned what it returns untraced (mask 0x%x)", st);
	snprintf(want[n++], sizeof want[0], "[pid %d] getpid() = %d", c, c);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(%d, %p) = %d", c, c - 1, &pi, c);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(-1, %p) = 1", c, &pi);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(1073741824, %p) = 0", c, &pi);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(0, NULL) = -1 EFAULT (bad address)", c);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(0, 0x%lx) = -1 EFAULT (bad address)",
		 c, t_si.kernel_data);
	snprintf(want[n++], sizeof want[0], "[pid %d] procinfo(0, 0x%lx) = -1 EFAULT (bad address)",
		 c, t_si.user_va_limit - 8);
	snprintf(want[n++], sizeof want[0], "[pid %d] trace_me(-1) = 0", c);
	int timed = 1;
	for (int i = 0; i < nlines; i++)
		timed &= t_trace_strip_time(lines[i]);
	t_ok(timed && nlines > 0, "every line ends with the time the call took (%d lines)", nlines);
	/* each wanted line, in order; a missing one shows the line in its place */
	for (int i = 0, at = 0; i < n; i++) {
		int j = at;
		while (j < nlines && strcmp(lines[j], want[i]))
			j++;
		if (!t_ok(j < nlines, "trace: %s", want[i]))
			printf("#   got: %s\n", at < nlines ? lines[at] : "(no more lines)");
		else
			at = j + 1;
	}
	t_ok(nlines == n, "and nothing else (%d lines, expected %d)", nlines, n);
}

/* ---- part 2: ps ------------------------------------------------------------ */

#define HEADER "  PID  PPID STATE   THR  MAPPED NAME"

struct row { int pid, ppid, thr; char state[8]; unsigned long kb; char name[16]; };

static struct row rows[64];
static int nrows;

static const char *num(const char *s, long *v)
{
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return NULL;
	for (*v = 0; *s >= '0' && *s <= '9'; s++)
		*v = *v * 10 + (*s - '0');
	return s;
}

/* One line of ps, "%5d %5d %-7s %3d %6luK %s", back into a row. Returns 0
 * if the line is not in that form (re-printing the row must give it back). */
static int parse_row(const char *line, struct row *r)
{
	long pid, ppid, thr, kb;
	const char *s = num(line, &pid);
	if (!s || !(s = num(s, &ppid)) || *s++ != ' ')
		return 0;
	int n = 0;
	while (*s && *s != ' ' && n < 7)
		r->state[n++] = *s++;
	r->state[n] = 0;
	if (!(s = num(s, &thr)) || !(s = num(s, &kb)) || *s++ != 'K' || *s++ != ' ' ||
	    strlen(s) > 15)
		return 0;
	strcpy(r->name, s);
	r->pid = pid, r->ppid = ppid, r->thr = thr, r->kb = kb;
	char again[96];
	snprintf(again, sizeof again, "%5d %5d %-7s %3d %6luK %s", r->pid, r->ppid, r->state, r->thr,
		 r->kb, r->name);
	return !strcmp(again, line);
}

/* ps's output into rows; 0 if any line is not in the form. */
static int parse_ps(void)
{
	char *s = out, *nl;
	int ok = !strncmp(out, HEADER "\n", strlen(HEADER) + 1), last = 0;

	if (!ok)
		printf("# expected the header \"%s\", got \"%.40s\"\n", HEADER, out);
	s += ok ? strlen(HEADER) + 1 : 0;
	for (nrows = 0; ok && *s && nrows < 64; s = nl + 1) {
		if (!(nl = strchr(s, '\n')))
			break;
		*nl = 0;
		ok = parse_row(s, &rows[nrows]) && rows[nrows].pid > last;
		if (!ok)
			printf("# not a ps line, or not in pid order: \"%s\"\n", s);
		else
			last = rows[nrows++].pid;
	}
	return ok && nrows > 0;
}

static struct row *row_of(int pid)
{
	for (int i = 0; i < nrows; i++)
		if (rows[i].pid == pid)
			return &rows[i];
	return NULL;
}

static struct row *row_named(const char *name)
{
	for (int i = 0; i < nrows; i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

static void part2(void)
{
	struct procinfo mine;
	int st = t_run_sh("ps", out, sizeof out);

	procinfo(me - 1, &mine);
	int parsed = parse_ps();
	t_ok(st == 0 && parsed, "ps: status %d, a header, then %d lines \"%%5d %%5d %%-7s %%3d "
	     "%%6luK %%s\" in pid order", st, nrows);
	struct row *us = row_of(me), *ps = row_named("ps"), *sh = ps ? row_of(ps->ppid) : NULL;
	t_ok(row_of(1) != NULL && row_of(1)->ppid == 0, "ps lists process 1, with parent 0");
	t_ok(us && !strcmp(us->state, "running") && us->thr == 1 && us->ppid == mine.ppid &&
	     us->kb == mine.mapped_bytes / 1024 && !strcmp(us->name, "t_procinfo_trac"),
	     "ps lists us: %d, parent %d, running, 1 thread, %luK, t_procinfo_trac", me, mine.ppid,
	     mine.mapped_bytes / 1024);
	t_ok(ps && sh && !strcmp(ps->state, "running") && ps->thr == 1 && !strcmp(sh->name, "sh") &&
	     sh->ppid == me, "ps lists itself, running, its parent sh %d, whose parent is us",
	     ps ? ps->ppid : -1);
}

/* ---- part 3: trace ps -------------------------------------------------------- */

static void part3(void)
{
	int st = t_run_sh("trace -o " LOG " ps", out, sizeof out);
	int parsed = st == 0 && parse_ps();
	struct row *ps = row_named("ps"), *tr = ps ? row_of(ps->ppid) : NULL;

	t_ok(parsed && ps && tr && !strcmp(tr->name, "trace"),
	     "trace -o FILE ps: ps prints as before (status %d), its parent is trace", st);
	int fd = open(LOG, O_RDONLY);
	read_log(fd);
	close(fd);
	unlink(LOG);
	for (int i = 0; i < nlines; i++)
		t_trace_strip_time(lines[i]);
	int e = ps ? ps->pid : -1;
	char want[160];
	snprintf(want, sizeof want, "[pid %d] exec(\"/bin/ps\", [\"ps\"]) = 1", e);
	if (!t_ok(nlines > 0 && !strcmp(lines[0], want), "the log starts: %s", want))
		printf("#   got: %s\n", nlines ? lines[0] : "(nothing)");
	snprintf(want, sizeof want, "[pid %d] exit(0) = ?", e);
	if (!t_ok(nlines > 0 && !strcmp(lines[nlines - 1], want), "and ends: %s", want))
		printf("#   got: %s\n", nlines ? lines[nlines - 1] : "(nothing)");

	/* the procinfo lines: one per row, then 0; the same buffer each time */
	char prefix[32], buf[24] = "";
	int after = 0, k = 0, ok = 1;
	snprintf(prefix, sizeof prefix, "[pid %d] procinfo(", e);
	for (int i = 0; i < nlines && ok; i++) {
		if (strncmp(lines[i], prefix, strlen(prefix)))
			continue;
		char *comma = strchr(lines[i], ','), *paren = comma ? strchr(comma, ')') : NULL;
		if (!buf[0] && paren && paren - comma - 2 > 0 && paren - comma - 2 < (long)sizeof buf) {
			memcpy(buf, comma + 2, paren - comma - 2);     /* the buffer, as the first line shows it */
			buf[paren - comma - 2] = 0;
		}
		int next = k < nrows ? rows[k].pid : 0;
		snprintf(want, sizeof want, "%s%d, %s) = %d", prefix, after, buf, next);
		ok = !strcmp(lines[i], want);
		if (!ok)
			printf("# expected %s\n#   got: %s\n", want, lines[i]);
		after = next;
		k++;
	}
	t_ok(ok && k == nrows + 1 && after == 0,
	     "the log has ps's walk: %d procinfo lines, one per process it printed and the last = 0",
	     k);
}

int main(void)
{
	t_sysinfo();
	me = getpid();
	part1();
	part2();
	part3();
	return t_done();
}
