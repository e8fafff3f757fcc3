/*
 * /bin/sh - a small shell.
 *
 *   $ ls -l /bin | cat > listing     pipelines of any length, < and >
 *   $ echo 'a  b' "exit was $?"       quotes; $? is the last exit status
 *   $ cd /tests                       builtins: cd, exit [status], help, peek
 *   $ cat /nofile; echo $?            ';' runs commands one after another
 *   $ secret hi & peek $! 0x20000000 2  '&' runs a pipeline in the background;
 *                                     $! is its last pid
 *
 * A command word containing '/' is run as that path, any other as
 * /bin/WORD. Each command of a pipeline is a forked child that rewires its
 * fds 0 and 1 with close+dup (dup returns the lowest free descriptor) and
 * then execs. `sh FILE` reads commands from FILE, `sh -c LINE` runs one
 * line; otherwise commands come from fd 0 with the prompt "$ ". EOF
 * (Ctrl-D on the console) ends the shell.
 *
 * A background job is reaped when it has ended, before the next prompt
 * ("[5] done, status 0"); the shell is its parent, which is why `peek`, a
 * descendant's memory only, is a builtin here and not a program.
 */
#include "ulib.h"

#define MAXLINE  1024
#define MAXWORDS 64
#define MAXCMDS  16

enum { T_WORD, T_PIPE, T_IN, T_OUT, T_END };

struct cmd {
	char *argv[MAXWORDS + 1];
	int argc;
	char *in, *out;          /* redirections, or NULL */
};

#define MAXJOBS  8

static int last_status;
static int last_bg;              /* $!: the last background pid */
static int jobs[MAXJOBS];        /* background pids not reaped yet, 0 = free */
static int input_fd;

/* ---- input ------------------------------------------------------------- */

/* One line from input_fd without its '\n'; -1 at EOF with nothing read.
 * Buffered, because a file or pipe hands us several lines per read. */
static int read_line(char *line, int max)
{
	static char buf[512];
	static int pos, len;
	int n = 0;
	for (;;) {
		if (pos == len) {
			len = read(input_fd, buf, sizeof buf);
			pos = 0;
			if (len <= 0) {
				len = 0;
				line[n] = '\0';
				return n ? n : -1;
			}
		}
		char c = buf[pos++];
		if (c == '\n')
			break;
		if (n < max - 1)
			line[n++] = c;
	}
	line[n] = '\0';
	return n;
}

/* ---- words --------------------------------------------------------------- */

/* Next token from *sp. A word is copied into *wp (the word store) with its
 * quotes removed and $? expanded; returns the token type. */
static int next_token(char **sp, char **wp, char **word)
{
	char *s = *sp, *w = *wp;
	while (*s == ' ' || *s == '\t')
		s++;
	int t = *s == '|' ? T_PIPE : *s == '<' ? T_IN : *s == '>' ? T_OUT :
		*s == '\0' || *s == '#' ? T_END : T_WORD;
	if (t != T_WORD) {
		*sp = t == T_END ? s : s + 1;
		return t;
	}
	*word = w;
	char quote = 0;
	for (; *s && (quote || !strchr(" \t|<>", *s)); s++) {
		if (quote ? *s == quote : (*s == '\'' || *s == '"')) {
			quote = quote ? 0 : *s;
		} else if (*s == '$' && (s[1] == '?' || s[1] == '!') && quote != '\'') {
			w += snprintf(w, 16, "%d", s[1] == '?' ? last_status : last_bg);
			s++;
		} else {
			*w++ = *s;
		}
	}
	if (quote)
		fprintf(2, "sh: missing closing %c\n", quote);
	*w++ = '\0';
	*sp = s;
	*wp = w;
	return T_WORD;
}

/* Split a line into commands; returns how many (0 for an empty line),
 * -1 after printing a syntax error. */
static int parse(char *line, struct cmd *cmds, char *store)
{
	int n = 0, t;
	char *word;
	struct cmd *c = &cmds[0];
	memset(c, 0, sizeof *c);
	while ((t = next_token(&line, &store, &word)) != T_END) {
		if (t == T_WORD) {
			if (c->argc == MAXWORDS)
				goto syntax;
			c->argv[c->argc++] = word;
		} else if (t == T_IN || t == T_OUT) {
			if (next_token(&line, &store, &word) != T_WORD)
				goto syntax;
			*(t == T_IN ? &c->in : &c->out) = word;
		} else {        /* '|' */
			if (c->argc == 0 || n + 1 == MAXCMDS)
				goto syntax;
			c = &cmds[++n];
			memset(c, 0, sizeof *c);
		}
	}
	if (c->argc == 0)
		return n == 0 && !c->in && !c->out ? 0 : (fprintf(2, "sh: syntax error\n"), -1);
	return n + 1;
syntax:
	fprintf(2, "sh: syntax error\n");
	return -1;
}

/* ---- running ------------------------------------------------------------- */

/* Make fd `to` refer to what `fd` refers to, and close fd. */
static void move_fd(int fd, int to)
{
	if (fd == to)
		return;
	close(to);
	dup(fd);        /* lowest free descriptor: `to` */
	close(fd);
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0) {
		fprintf(2, "sh: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* In the child: set up fds 0 and 1, then exec. Never returns. */
static void run_child(struct cmd *c, int in, int out)
{
	char path[PATH_MAX];
	move_fd(in, 0);
	move_fd(out, 1);
	if (c->in)
		move_fd(open_or_die(c->in, O_RDONLY), 0);
	if (c->out)
		move_fd(open_or_die(c->out, O_WRONLY | O_CREAT | O_TRUNC), 1);
	const char *name = c->argv[0];
	if (strchr(name, '/'))
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "/bin/%s", name);
	exec(path, c->argv);
	if (errno == ENOENT)
		fprintf(2, "sh: %s: not found\n", name);
	else
		fprintf(2, "sh: %s: %s\n", name, strerror(errno));
	exit(127);
}

/* Remember a background pid; false if the table is full. */
static bool add_job(int pid)
{
	for (int i = 0; i < MAXJOBS; i++)
		if (!jobs[i]) {
			jobs[i] = pid;
			return true;
		}
	return false;
}

/* Reap the background jobs that have ended (procinfo says zombie). */
static void reap_jobs(void)
{
	struct procinfo pi;
	int status;

	for (int i = 0; i < MAXJOBS; i++) {
		if (!jobs[i] || (procinfo(jobs[i] - 1, &pi) == jobs[i] && pi.state != PI_ZOMBIE))
			continue;
		if (waitpid(jobs[i], &status) == jobs[i])
			fprintf(2, "[%d] done, status %d\n", jobs[i], status);
		jobs[i] = 0;
	}
}

/* Run a pipeline of n commands; returns the last command's exit status,
 * or 0 at once for a background one. */
static int run_pipeline(struct cmd *cmds, int n, bool bg)
{
	int pids[MAXCMDS], in = 0, status = 0;
	for (int i = 0; i < n; i++) {
		int p[2] = { -1, 1 };
		if (i < n - 1 && pipe(p) < 0) {
			fprintf(2, "sh: pipe: %s\n", strerror(errno));
			n = i;
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (p[0] >= 0)
				close(p[0]);
			run_child(&cmds[i], in, p[1]);
		}
		if (pids[i] < 0)
			fprintf(2, "sh: fork: %s\n", strerror(errno));
		if (in != 0)
			close(in);
		if (p[1] != 1)
			close(p[1]);
		in = p[0];
	}
	for (int i = 0; bg && i < n; i++)
		if (pids[i] > 0 && !add_job(pids[i]))
			fprintf(2, "sh: %d jobs already: waiting for this one\n", MAXJOBS), bg = false;
	if (bg) {
		last_bg = pids[n - 1];
		fprintf(2, "[%d]\n", last_bg);
		return 0;
	}
	for (int i = 0; i < n; i++)
		if (pids[i] > 0 && waitpid(pids[i], &status) < 0)
			status = -1;
	return status;
}

/* One line about each program a student meets in /bin. */
static const char *const about[][2] = {
	{ "cat", "copy files (or stdin) to stdout" },
	{ "echo", "print the arguments" },
	{ "free", "memory, heap and processes (sysinfo)" },
	{ "grep", "grep TEXT [FILE...]: lines containing TEXT" },
	{ "kill", "kill [-N] PID...: send signal N (SIGTERM) to processes" },
	{ "ps", "every process: pid, parent, state, threads, memory, name" },
	{ "ls", "ls [-l] [DIR]: list a directory" },
	{ "mkdir", "make directories" },
	{ "rm", "remove files and empty directories" },
	{ "secret", "secret TEXT: keep TEXT at 0x20000000 until killed (a process to peek at)" },
	{ "sleep", "sleep SECONDS: wait (0.05 is 50 ms)" },
	{ "wc", "lines, words and bytes" },
	{ "trace", "trace [-o FILE] PROG ARGS...: every system call, strace-style" },
	{ "smapdemo", "what SMAP/SMEP or PAN/PXN stop, live" },
	{ "racedemo", "the seed's double-fetch and TOCTOU races, and their fixes" },
	{ "usertests", "usertests [-r N] [NAME...]: run the test programs in /tests" },
	{ "forkbomb", "forkbomb [-f]: fill the process table (EAGAIN), then give it back" },
	{ "badread", "one read() into an unmapped page: EFAULT (the gdb walk's program)" },
	{ "bench", "the system-call benchmarks of make bench" },
	{ "sh", "this shell: sh [-c LINE | FILE]" },
};

/* help: the builtins, then every program in /bin with its line. */
static void help(void)
{
	static struct dirent ents[64];
	int fd = open("/bin", O_RDONLY);
	long n = fd < 0 ? -1 : getdents(fd, ents, sizeof ents);

	printf("builtins: cd [DIR], exit [STATUS], help, peek PID ADDR N (a background job's memory)\n");
	printf("  CMD &      run CMD in the background; $! is its pid\n");
	for (long i = 0; n > 0 && i < n / (long)sizeof ents[0]; i++) {
		const char *name = ents[i].d_name, *line = "";
		if (name[0] == '.')
			continue;
		for (unsigned k = 0; k < sizeof about / sizeof about[0]; k++)
			if (!strcmp(about[k][0], name))
				line = about[k][1];
		printf("  %-10s %s\n", name, line);
	}
	if (fd >= 0)
		close(fd);
}

/* "0x1f", "31": false if s is not all digits of its base. */
static bool number(const char *s, unsigned long *v)
{
	int base = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;

	s += base == 16 ? 2 : 0;
	*v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
		if (d >= base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

/* peek PID ADDR N: N bytes (at most 4096) of a child's memory, as a hex dump. */
static int peek_builtin(struct cmd *c)
{
	static unsigned char buf[4096];
	unsigned long pid, addr, n;

	if (c->argc != 4 || !number(c->argv[1], &pid) || !number(c->argv[2], &addr) ||
	    !number(c->argv[3], &n) || n > sizeof buf) {
		fprintf(2, "usage: peek PID ADDR N   (N <= 4096; PID one of this shell's jobs)\n");
		return 2;
	}
	if (peek((int)pid, (void *)addr, buf, n) < 0) {
		fprintf(2, "peek: %s\n", strerror(errno));
		return 1;
	}
	for (unsigned long i = 0; i < n; i += 16) {
		printf("%016lx ", addr + i);
		for (unsigned long k = i; k < i + 16; k++)
			k < n ? printf(" %02x", buf[k]) : printf("   ");
		printf("  |");
		for (unsigned long k = i; k < i + 16 && k < n; k++)
			printf("%c", buf[k] >= 32 && buf[k] < 127 ? buf[k] : '.');
		printf("|\n");
	}
	return 0;
}

/* cd, exit, help and peek run in the shell itself; returns 1 if cmd was one. */
static int builtin(struct cmd *c)
{
	if (!strcmp(c->argv[0], "exit"))
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	if (!strcmp(c->argv[0], "help")) {
		help();
		last_status = 0;
		return 1;
	}
	if (!strcmp(c->argv[0], "peek")) {
		last_status = peek_builtin(c);
		return 1;
	}
	if (strcmp(c->argv[0], "cd"))
		return 0;
	const char *dir = c->argc > 1 ? c->argv[1] : "/";
	last_status = 0;
	if (chdir(dir) < 0) {
		fprintf(2, "sh: cd: %s: %s\n", dir, strerror(errno));
		last_status = 1;
	}
	return 1;
}

/* One command or pipeline; bg: do not wait for it (a builtin always runs
 * in the shell itself, now). */
static void run_line(char *line, bool bg)
{
	static struct cmd cmds[MAXCMDS];
	static char store[MAXLINE * 8];    /* room for every $? expanded */
	int n = parse(line, cmds, store);
	if (n < 0)
		last_status = 2;
	else if (n == 1 && builtin(&cmds[0]))
		;
	else if (n > 0)
		last_status = run_pipeline(cmds, n, bg);
}

/* Run the parts of a line in turn, each ended by ';' or '&' (in the
 * background), so that $? and $! in one part see the parts before it. A ';'
 * or '&' inside quotes is a character. */
static void run_list(char *line)
{
	char quote = 0, *part = line;

	for (char *s = line;; s++) {
		if (quote) {
			if (!*s)
				break;                 /* parse() reports the missing quote */
			if (*s == quote)
				quote = 0;
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
		} else if (*s == ';' || *s == '&' || !*s) {
			char end = *s;
			*s = '\0';
			run_line(part, end == '&');
			if (!end)
				return;
			part = s + 1;
		}
	}
	run_line(part, false);
}

int main(int argc, char **argv)
{
	static char line[MAXLINE];
	if (argc > 2 && !strcmp(argv[1], "-c")) {
		snprintf(line, sizeof line, "%s", argv[2]);
		run_list(line);
		return last_status;
	}
	if (argc > 1 && (input_fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(2, "sh: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	for (;;) {
		reap_jobs();
		if (argc == 1)
			write(2, "$ ", 2);
		if (read_line(line, sizeof line) < 0)
			break;
		run_list(line);
	}
	if (argc == 1)
		write(2, "\n", 1);
	return last_status;
}
