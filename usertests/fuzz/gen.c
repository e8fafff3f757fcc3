/*
 * usertests/fuzz/gen.c - arguments by kind (syzkaller's idea: the table
 * says what each argument is, a generator per kind makes good and bad
 * values of it). Values stay symbolic (struct arg) until the executor
 * resolves them, so that a reproducer can print them as expressions.
 */
#include "fuzz.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(a) ((a)[rnd_n(N(a))])

/* Paths: all inside the scratch directory FZ_DIR, or plainly wrong. No
 * ".." (it leads out of the scratch directory, which must hold every
 * name a program makes) and no real file but /bin/echo for exec/spawn. */
const char *const fz_paths[] = {
	FZ_DIR "/a", FZ_DIR "/b", FZ_DIR "/d", FZ_DIR "/d/c", FZ_DIR "/a/x", FZ_DIR,
	"a", ".", FZ_DIR "//b/", "", "/nonexistent/x",
	FZ_DIR "/a123456789a123456789a123456789a123456789a123456789a123456789a1234",
	"/bin/echo",            /* exec and spawn only: the harmless program */
};
const int fz_npaths = N(fz_paths);
#define PATH_ECHO (fz_npaths - 1)

static const long ints[] = { 0, 1, -1, 2, 3, 7, 16, 255, 0x7fffffff, -0x7fffffff - 1, 4096 };
static const unsigned long sizes[] = {
	0, 1, 2, 4, 8, 16, 63, 64, 255, 256, 4095, 4096, 4097, 8192, 16384, 16385,
	1UL << 20, 1UL << 31, 1UL << 62, ~0UL, ~0UL - 4095, 0x7fffffffffffUL,
};
static const long oflags[] = { O_RDONLY, O_WRONLY, O_RDWR, O_RDWR | O_CREAT, O_WRONLY | O_CREAT | O_TRUNC,
	O_WRONLY | O_APPEND, O_RDWR | O_CREAT | O_APPEND, O_ACCMODE, -1, 0x7fffffff, O_CREAT };
static const long mflags[] = { MAP_PRIVATE | MAP_ANONYMOUS, MAP_PRIVATE | MAP_ANONYMOUS,
	MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, 1, MAP_ANONYMOUS, -1 };
static const long fd_junk[] = { -1, 64, 1 << 20, 0x7fffffff, -0x7fffffff - 1 };
static const long pid_junk[] = { 0, -1, 1, 0x7fffffff, -0x7fffffff - 1, 1 << 20 };
/* No SIGALRM (the executor's own watchdog) and no SIGSEGV (a handler that
 * returns would fault again for ever). */
static const long sigs[] = { 0, 1, 2, 9, 10, 12, 15, 17, 31, 32, -1 };
static const long kill_sigs[] = { 0, SIGUSR1, SIGUSR2, SIGTERM, SIGKILL, SIGCHLD, SIGALRM, SIGINT, 32, -1 };
/* Bad pointer classes: SPEC section 8 */
static const unsigned char bad_ptrs[] = {
	PC_NULL, PC_M1, PC_NONCANON, PC_TTBR1, PC_TAGGED, PC_KTEXT, PC_KDATA, PC_KHEAP,
	PC_KSTACK, PC_LIMIT, PC_STRADDLE, PC_RO, PC_NONE, PC_HOLE, PC_RACE, PC_TEXT,
};

static void cst(struct arg *a, long v) { a->type = A_CONST, a->cls = 0, a->val = v; }
static void ptr(struct arg *a, int cls, unsigned long off) { a->type = A_PTR, a->cls = cls, a->val = off; }

static unsigned long small_off(void)
{
	static const unsigned long offs[] = { 0, 1, 3, 8, 64, 4095, 4096, 4093 };
	return PICK(offs);
}

static void bad_ptr(struct arg *a)
{
	int cls = PICK(bad_ptrs);
	unsigned long off = cls == PC_LIMIT || cls == PC_STRADDLE ? 1 + rnd_n(16) : small_off();
	ptr(a, cls, cls == PC_STRADDLE || cls == PC_LIMIT ? off : off & 7);
}

/*
 * A bad pointer where the kernel expects code the program will run (a
 * signal handler or its trampoline, a thread's function, a callback): any
 * class but PC_TEXT. User text is a bad pointer for data (read-only), but
 * as code it is code: run, it may loop for ever in user mode, which is the
 * program's business and would look like a kernel hang. So it was on ARM64
 * with fz_handler as its own restorer (the handler returns into the
 * restorer, whose return goes where x30 still points: itself).
 */
static void bad_code_ptr(struct arg *a)
{
	do
		bad_ptr(a);
	while (a->cls == PC_TEXT);
}

/* A buffer: mostly valid, anywhere in the valid pages. */
static void buf_ptr(struct arg *a)
{
	if (rnd_n(10) < 6)
		ptr(a, PC_VALID, rnd_n(3) ? rnd_n(256) : rnd_n(FZ_VALID_PAGES * 4096));
	else
		bad_ptr(a);
}

static void path(struct arg *a, int exec)
{
	static const int exec_paths[] = { 0, 2, 10, 9 };
	if (rnd_n(4) == 0) {
		if (rnd_n(3) == 0)
			ptr(a, rnd_n(2) ? PC_PATHMAX : PC_UNTERM, 0);
		else
			bad_ptr(a);
		return;
	}
	a->type = A_PATH, a->cls = 0;
	if (exec)
		a->val = rnd_n(3) ? PATH_ECHO : PICK(exec_paths);
	else
		a->val = rnd_n(fz_npaths - 1);
}

static void slot(struct arg *a, int type, const long *junk, int njunk)
{
	if (rnd_n(10) < 7)
		a->type = type, a->cls = 0, a->val = rnd_n(FZ_SLOTS / 2);   /* the ones used most */
	else
		cst(a, junk[rnd_n(njunk)]);
}

static int is(const struct call *c, int nr) { return c->nr == nr; }

/* Per-call rules first (the semantics the kind alone does not say). */
static int special(struct call *c, int i, struct arg *a)
{
	static const long sleeps[] = { 0, 1 }, alarms[] = { 1, 5, 50 };
	if (is(c, SYS_sleep_ms))
		return cst(a, PICK(sleeps)), 1;
	if (is(c, SYS_alarm_ms))           /* never 0: it would cancel the watchdog */
		return cst(a, PICK(alarms)), 1;
	if (is(c, SYS_signal)) {
		if (i == 0)
			cst(a, PICK(sigs));
		else if (rnd_n(4) == 0)
			bad_code_ptr(a);
		else if (i == 1)
			rnd_n(2) ? ptr(a, PC_HANDLER, 0) : cst(a, rnd_n(2));   /* SIG_DFL, SIG_IGN */
		else
			ptr(a, PC_SIGTRAMP, 0);
		return 1;
	}
	if (is(c, SYS_kill) && i == 1)
		return cst(a, PICK(kill_sigs)), 1;
	if ((is(c, SYS_exec) || is(c, SYS_spawn)) && i == 0)
		return path(a, 1), 1;
	if (is(c, SYS_thread_create)) {
		if (i == 0 && rnd_n(5))
			ptr(a, PC_THREADFN, 0);
		else if (i == 0)
			bad_code_ptr(a);
		else
			cst(a, PICK(ints));
		return 1;
	}
	if (is(c, SYS_thread_join))
		return slot(a, A_TID, ints, N(ints)), 1;
	if (is(c, SYS_callback_register)) {
		if (rnd_n(4) == 0)
			bad_code_ptr(a);
		else
			ptr(a, i == 0 ? PC_CALLBACK : PC_CBTRAMP, 0);
		return 1;
	}
	if (is(c, SYS_mmap) && i == 0) {
		int r = rnd_n(10);
		if (r < 6)
			cst(a, 0);
		else if (r < 8)
			a->type = A_MAP, a->val = rnd_n(FZ_SLOTS / 2);
		else
			buf_ptr(a);
		return 1;
	}
	if (is(c, SYS_mmap) && i >= 4)
		return cst(a, rnd_n(4) ? (i == 4 ? -1 : 0) : PICK(ints)), 1;
	if ((is(c, SYS_munmap) || is(c, SYS_mprotect)) && i == 0) {
		if (rnd_n(10) < 7)
			a->type = A_MAP, a->val = rnd_n(FZ_SLOTS / 2);
		else
			bad_ptr(a);
		return 1;
	}
	return 0;
}

void gen_arg(struct call *c, int i)
{
	const struct scdesc *d = sc_find(c->nr);
	struct arg *a = &c->a[i];
	const struct arg *prev = i ? &c->a[i - 1] : NULL;

	if (special(c, i, a))
		return;
	switch (d->kind[i]) {
	case K_INT: case K_UINT:
		cst(a, PICK(ints));
		break;
	case K_LONG: {
		static const long longs[] = { 0, 4096, -4096, 65536, 1L << 30, -(1L << 30), 1L << 62,
					      -0x7fffffffffffffffL - 1, 1, -1 };
		cst(a, PICK(longs));
		break;
	}
	case K_SIZE:
		/* after a buffer, mostly a length that fits it, or ends just past a page */
		if (prev && prev->type == A_PTR && prev->cls == PC_VALID && rnd_n(2))
			cst(a, rnd_n(2) ? rnd_n(64) + 1 : FZ_VALID_PAGES * 4096 - prev->val + rnd_n(2));
		else if (rnd_n(4) == 0)
			cst(a, rnd_n(600));
		else
			cst(a, PICK(sizes));
		break;
	case K_FD:
		slot(a, A_FD, fd_junk, N(fd_junk));
		break;
	case K_PID:
		if (rnd_n(5) == 0)
			a->type = A_PID, a->cls = 1, a->val = 0;      /* cls 1: the caller itself */
		else
			slot(a, A_PID, pid_junk, N(pid_junk)), a->cls = 0;
		break;
	case K_PATH:
		path(a, 0);
		break;
	case K_ARGV:
		if (rnd_n(5) == 0)
			rnd_n(3) ? bad_ptr(a) : cst(a, 0);
		else
			a->type = A_ARGV, a->cls = rnd_n(4) ? 0 : 1 + rnd_n(2), a->val = 0;
		break;
	case K_BUF_IN: case K_BUF_OUT:
		buf_ptr(a);
		break;
	case K_PTR:
		rnd_n(3) ? buf_ptr(a) : bad_ptr(a);
		break;
	case K_OFLAGS:
		cst(a, PICK(oflags));
		break;
	case K_PROT:
		cst(a, rnd_n(8) ? (long)rnd_n(8) : PICK(ints));
		break;
	case K_MFLAGS:
		cst(a, PICK(mflags));
		break;
	case K_WHENCE:
		cst(a, rnd_n(6) ? (long)rnd_n(3) : PICK(ints));
		break;
	default:
		cst(a, 0);
	}
}

void gen_call(struct call *c)
{
	const struct scdesc *d;
	do {
		d = &sctab[rnd_n(nsctab)];
		/* rarer: calls that mostly end the executor or replace it */
		if (d->nr == SYS_sigreturn || d->nr == SYS_exec || d->nr == SYS_callback_return)
			if (rnd_n(8))
				d = NULL;
	} while (!d || d->out);
	c->nr = d->nr;
	memset(c->a, 0, sizeof c->a);
	for (int i = 0; i < d->nargs; i++)
		gen_arg(c, i);
}

static long pclass_value(int cls, unsigned long off)
{
	unsigned long lim = FZ.si.user_va_limit;
	switch (cls) {
	case PC_VALID: return (long)(FZ.valid + off);
	case PC_NULL: return 0;
	case PC_M1: return -1;
	case PC_NONCANON: return (long)(FZ.noncanon + off);
	case PC_TTBR1: return (long)(0x8000000000000000UL + off);
	case PC_TAGGED: return (long)((0x5aUL << 56) | (unsigned long)(FZ.valid + off));
	case PC_KTEXT: return (long)(FZ.si.kernel_text_start + off);
	case PC_KDATA: return (long)(FZ.si.kernel_data + off);
	case PC_KHEAP: return (long)(FZ.si.kernel_heap + off);
	case PC_KSTACK: return (long)(FZ.si.kernel_stack + off);
	case PC_LIMIT: return (long)(lim - off);
	case PC_STRADDLE: return (long)(FZ.straddle + FZ.ps - off);
	case PC_RO: return (long)(FZ.ro + off);
	case PC_NONE: return (long)(FZ.none + off);
	case PC_HOLE: return (long)(FZ.hole + off);
	case PC_RACE: return (long)(FZ.race + off);
	case PC_TEXT: return (long)((char *)fz_handler + off);
	case PC_PATHMAX: return (long)FZ.pathmax;
	case PC_UNTERM: return (long)FZ.unterm;
	case PC_THREADFN: return (long)fz_thread_start;
	case PC_HANDLER: return (long)fz_handler;
	case PC_CALLBACK: return (long)fz_callback;
	case PC_SIGTRAMP: return (long)__sigreturn_trampoline;
	case PC_CBTRAMP: return (long)__callback_trampoline;
	}
	return 0;
}

long arg_value(const struct arg *a)
{
	switch (a->type) {
	case A_CONST: return (long)a->val;
	case A_FD: return fz_fd[a->val % FZ_SLOTS];
	case A_PID: return a->cls ? getpid() : fz_pid[a->val % FZ_SLOTS];
	case A_TID: return fz_tid[a->val % FZ_SLOTS];
	case A_MAP: return fz_map[a->val % FZ_SLOTS];
	case A_PTR: return pclass_value(a->cls, a->val);
	case A_PATH: return (long)fz_paths[a->val % fz_npaths];
	case A_ARGV: return (long)(a->cls == 0 ? FZ.argv_ok : a->cls == 1 ? FZ.argv_bad : FZ.argv_unterm);
	}
	return 0;
}

/* The same value as a C expression over fuzzrt.h's names. */
int arg_print(char *b, int n, const struct arg *a)
{
	static const char *const pc[NPCLASS] = {
		[PC_VALID] = "FZ.valid + %lu", [PC_NULL] = "0", [PC_M1] = "-1",
		[PC_NONCANON] = "FZ.noncanon + %lu", [PC_TTBR1] = "0x8000000000000000UL + %lu",
		[PC_TAGGED] = "(0x5aUL << 56) | (unsigned long)(FZ.valid + %lu)",
		[PC_KTEXT] = "FZ.si.kernel_text_start + %lu", [PC_KDATA] = "FZ.si.kernel_data + %lu",
		[PC_KHEAP] = "FZ.si.kernel_heap + %lu", [PC_KSTACK] = "FZ.si.kernel_stack + %lu",
		[PC_LIMIT] = "FZ.si.user_va_limit - %lu", [PC_STRADDLE] = "FZ.straddle + FZ.ps - %lu",
		[PC_RO] = "FZ.ro + %lu", [PC_NONE] = "FZ.none + %lu", [PC_HOLE] = "FZ.hole + %lu",
		[PC_RACE] = "FZ.race + %lu", [PC_TEXT] = "(char *)fz_handler + %lu",
		[PC_PATHMAX] = "FZ.pathmax", [PC_UNTERM] = "FZ.unterm",
		[PC_THREADFN] = "fz_thread_start", [PC_HANDLER] = "fz_handler",
		[PC_CALLBACK] = "fz_callback", [PC_SIGTRAMP] = "__sigreturn_trampoline",
		[PC_CBTRAMP] = "__callback_trampoline",
	};
	switch (a->type) {
	case A_CONST: return snprintf(b, n, "%ld", (long)a->val);
	case A_FD: return snprintf(b, n, "fz_fd[%lu]", a->val % FZ_SLOTS);
	case A_PID: return a->cls ? snprintf(b, n, "getpid()") : snprintf(b, n, "fz_pid[%lu]", a->val % FZ_SLOTS);
	case A_TID: return snprintf(b, n, "fz_tid[%lu]", a->val % FZ_SLOTS);
	case A_MAP: return snprintf(b, n, "fz_map[%lu]", a->val % FZ_SLOTS);
	case A_PTR: {
		int k = snprintf(b, n, "(long)(");
		k += snprintf(b + k, n - k, pc[a->cls], a->val);
		return k + snprintf(b + k, n - k, ")");
	}
	case A_PATH: return snprintf(b, n, "(long)\"%s\"", fz_paths[a->val % fz_npaths]);
	case A_ARGV: return snprintf(b, n, "(long)FZ.%s", a->cls == 0 ? "argv_ok" : a->cls == 1 ? "argv_bad" : "argv_unterm");
	}
	return snprintf(b, n, "0");
}

int prog_uses_race(const struct prog *p)
{
	for (int i = 0; i < p->ncalls; i++)
		for (int j = 0; j < 6; j++)
			if (p->c[i].a[j].type == A_PTR && p->c[i].a[j].cls == PC_RACE)
				return 1;
	return 0;
}
