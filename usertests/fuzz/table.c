/*
 * usertests/fuzz/table.c - the system calls the fuzzer knows, generated
 * from the one table (kernel/uapi/syscall_table.h) with our own SYSCALL():
 * number, name, argument count, argument kinds and what each returns.
 */
#include "fuzz.h"

#define KIND_(k, t, n) K_##k
#define KIND(x) KIND_ x
#define KINDS_(d, a, b, c, e, f, g, ...) { KIND(a), KIND(b), KIND(c), KIND(e), KIND(f), KIND(g) }
#define NA (NONE, void, none)
#define SYSCALL(nr, name, stub, ret, ctype, nargs, ...) \
	{ nr, #name, nargs, KINDS_(0, ##__VA_ARGS__, NA, NA, NA, NA, NA, NA), R_##ret, NULL },

struct scdesc sctab[] = {
#include "syscall_table.h"
};
const int nsctab = sizeof sctab / sizeof sctab[0];

/*
 * Kept out, and why (docs/fuzzing.md has the same list). Everything else
 * in the table is fuzzed; a new line there is fuzzed from the next build.
 */
static const struct { const char *name; const char *why; } kept_out[] = {
	{ "exit",         "ends the executor's thread of calls at once (the executor ends itself)" },
	{ "thread_exit",  "ends a worker thread before its calls are done (threads come from thread_create)" },
	{ "demo",         "the deliberately buggy driver: its oopses are the point of it" },
	{ "dfdetect",     "a detector switch: the fuzzer reads its count, it must not turn it off" },
	{ "failinject",   "makes allocations fail on purpose: a separate mode, not random calls" },
	{ "trace_me",     "floods the console with trace lines and slows every later call" },
	{ "kcov_enable",  "the coverage switch: the executor owns it" },
	{ "kcov_disable", "the coverage switch: the executor owns it" },
	{ "infoleak",     "a detector switch: the fuzzer reads its count, it must not turn it off" },
};

const struct scdesc *sc_find(int nr)
{
	for (int i = 0; i < nsctab; i++)
		if (sctab[i].nr == nr)
			return &sctab[i];
	return NULL;
}

/* Called once by main: fill in `out` (the table is the generated part). */
void table_init(void)
{
	struct scdesc *t = sctab;
	for (int i = 0; i < nsctab; i++)
		for (unsigned j = 0; j < sizeof kept_out / sizeof kept_out[0]; j++)
			if (!strcmp(t[i].name, kept_out[j].name))
				t[i].out = kept_out[j].why;
	/* by number too, before their lines reach the table */
	for (int i = 0; i < nsctab; i++)
		if (t[i].nr >= SYS_kcov_enable && t[i].nr <= SYS_infoleak && !t[i].out)
			t[i].out = "a coverage or detector switch";
}

void table_print(void)
{
	for (int i = 0; i < nsctab; i++)
		if (sctab[i].out)
			printf("# kept out: %s: %s\n", sctab[i].name, sctab[i].out);
}
