/*
 * usertests/fuzz/main.c - /bin/fuzz [-s SEED] [-t SECONDS] [-n CALLS] [-u SECONDS] [-v]
 *
 * The master: makes batches of programs (new ones, or mutations of the
 * corpus), has an executor child run each batch, checks the oracles
 * after it, keeps the programs that found new kernel coverage, and on a
 * finding prints a minimised reproducer. TAP: one line per oracle at the
 * end (ok: it never fired), then a summary. -u SECONDS runs /bin/usertests
 * every SECONDS too (the soak, tools/fuzz.sh). -p only prints the first
 * batch the seed makes as a reproducer would be printed. docs/fuzzing.md.
 */
#include "fuzz.h"

static unsigned long seed = 1, max_calls = ~0UL, secs = 60, suite_every;
static int print_only;
static unsigned long exec_ms, check_ms, progs_run, execs_killed;
static int fired[NORACLES], suites, suites_failed, tapn;

static void usage(void)
{
	printf("usage: fuzz [-s SEED] [-t SECONDS] [-n CALLS] [-u SECONDS] [-v] [-p]\n");
	exit(2);
}

static void args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][2] || (argv[i][1] != 'v' && argv[i][1] != 'p' && i + 1 >= argc))
			usage();
		switch (argv[i][1]) {
		case 's': seed = atoi(argv[++i]); break;
		case 't': secs = atoi(argv[++i]); break;
		case 'n': max_calls = atoi(argv[++i]); break;
		case 'u': suite_every = atoi(argv[++i]); break;
		case 'v': fz_verbose = 1; break;
		case 'p': print_only = 1; break;
		default: usage();
		}
	}
}

/* The user suite, as a child: the soak's other half. */
static void run_suite(void)
{
	char *argv[] = { "usertests", NULL };
	int status = -1, pid = spawn("/bin/usertests", argv);
	if (pid > 0)
		waitpid(pid, &status);
	suites++;
	if (status != 0)
		suites_failed++;
	oracle_rebase();              /* the suite's own checks judged it */
}

static void make_batch(struct prog *b)
{
	for (int i = 0; i < BATCH; i++) {
		const struct prog *q = corpus_pick();
		if (q && rnd_n(10) < 7) {
			b[i] = *q;
			prog_mutate(&b[i]);
		} else {
			prog_gen(&b[i]);
		}
	}
}

static void verbose_batch(const struct prog *b)
{
	for (int i = 0; i < BATCH; i++) {
		printf("# prog %d (%d threads):", i, b[i].nthreads);
		for (int j = 0; j < b[i].ncalls; j++)
			printf(" %s", sc_find(b[i].c[j].nr)->name);
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	static struct prog batch[BATCH];
	struct result res;
	char why[256];
	unsigned long calls = 0, batches = 0, t0, next_stat, next_suite;
	int kcov = 0;

	args(argc, argv);
	rnd_seed(seed);
	table_init();
	printf("# fuzz: seed %lu, %lu s, %d programs of up to %d calls per executor\n",
	       seed, secs, BATCH, MAX_CALLS);
	table_print();
	fz_arena_init();               /* before any fork: every executor has the same pages */
	corpus_init();
	fz_scratch_clean();            /* a last run's leftovers */
	mkdir(FZ_DIR);
	signal(SIGALRM, fz_handler);   /* the master's alarms only interrupt its reads */
	if (print_only) {              /* what the seed's first batch looks like, as C */
		make_batch(batch);
		repro_print(batch, BATCH, seed, "nothing: printed with -p");
		return 0;
	}
	oracle_init();
	t0 = uptime_ms();
	next_stat = t0 + 10000;
	next_suite = t0 + suite_every * 1000;
	while (uptime_ms() - t0 < secs * 1000 && calls < max_calls) {
		if (suite_every && uptime_ms() >= next_suite) {
			run_suite();
			next_suite = uptime_ms() + suite_every * 1000;
		}
		make_batch(batch);
		if (fz_verbose)
			verbose_batch(batch);
		unsigned long e0 = uptime_ms();
		exec_batch(batch, BATCH, &res);
		unsigned long e1 = uptime_ms();
		batches++;
		calls += res.calls;
		progs_run += res.finished;
		execs_killed += res.status != 0;
		kcov |= res.kcov;
		int mask = oracle_check(&res, why, sizeof why);
		exec_ms += e1 - e0, check_ms += uptime_ms() - e1;
		/* Memory not back once may be the kernel warming up (a first
		 * use that stays, such as a directory's new page): a leak counts
		 * only if the batch does it again, measured from where the
		 * first run left the kernel. */
		if (mask == O_LEAK) {
			char why2[256];
			oracle_rebase();
			if (!(run_and_check(batch, BATCH, why2, sizeof why2) & O_LEAK))
				mask = 0;
			oracle_rebase();
		}
		for (int i = 0; i < res.finished; i++)
			if (res.newbits[i] || (!res.kcov && rnd_n(8) == 0))
				corpus_add(&batch[i]);
		if (mask) {
			printf("# FINDING after %lu calls (seed %lu, batch %lu): %s\n", calls, seed, batches, why);
			printf("# the kernel's log just above shows what it printed\n");
			for (int o = 0; o < NORACLES; o++)
				if (mask & (1 << o))
					fired[o]++;
			repro_report(batch, res.started ? res.started : BATCH, mask, seed);
		}
		if (uptime_ms() >= next_stat) {
			unsigned long s = (uptime_ms() - t0) / 1000;
			printf("# fuzz: %lu s, %lu calls, %lu calls/s, corpus %d, edges %lu, PCs %lu\n",
			       s, calls, s ? calls / s : 0, corpus_size(), cover_total, pc_total);
			next_stat += 10000;
		}
	}
	unsigned long ms = uptime_ms() - t0;
	for (int o = 0; o < NORACLES; o++)
		printf("%sok %d - fuzz: no %s in %lu calls\n", fired[o] ? "not " : "", ++tapn,
		       oracle_names[o], calls);
	if (suite_every)
		printf("%sok %d - fuzz: the user suite passed %d of %d runs in between\n",
		       suites_failed ? "not " : "", ++tapn, suites - suites_failed, suites);
	printf("1..%d\n", tapn);
	printf("# fuzz summary: seed %lu, %lu calls in %lu.%lu s (%lu calls/s), %lu executors\n",
	       seed, calls, ms / 1000, ms % 1000 / 100, ms ? calls * 1000 / ms : 0, batches);
	printf("# fuzz time: %lu ms in executors, %lu ms checking oracles; %lu programs ran to the end, "
	       "%lu executors ended early (killed, or by a program's own doing)\n",
	       exec_ms, check_ms, progs_run, execs_killed);
	if (fz_verbose) {
		extern unsigned long prof_ms[64];
		for (int i = 0; i < 64; i++)
			if (prof_ms[i] > ms / 100)
				printf("# fuzz time: %lu ms in %s\n", prof_ms[i], sc_find(i) ? sc_find(i)->name : "?");
	}
	if (kcov)
		printf("# fuzz coverage: %lu edges, %lu PCs (hashed), corpus %d programs\n",
		       cover_total, pc_total, corpus_size());
	else
		printf("# fuzz coverage: kcov absent (random mode), corpus %d programs\n", corpus_size());
	fz_scratch_clean();
	int bad = 0;
	for (int o = 0; o < NORACLES; o++)
		bad |= fired[o];
	return bad || suites_failed ? 1 : 0;
}
