/*
 * usertests/fuzz/repro.c - a finding becomes a test. The batch is run
 * again, alone, in a fresh executor (everything in it is determined by
 * the programs: the same pages, the same slots); if the oracle fires
 * again, calls are removed in ever smaller chunks while it keeps firing
 * (a simple delta debugging), and what is left is printed as a C program
 * for usertests/tests/ (lines starting "#| "; tools/fuzz.sh saves them).
 */
#include "fuzz.h"

#define MAX_TRIES 150
#define MAX_MS    90000         /* minimising stops after 90 s, whatever is left */

static struct prog cand[BATCH];
static int ncand;

/* Run progs in a fresh executor, judged from a fresh base: the oracles
 * that fired. */
int run_and_check(const struct prog *progs, int n, char *why, int whyn)
{
	struct result res;
	oracle_rebase();
	exec_batch(progs, n, &res);
	int mask = oracle_check(&res, why, whyn);
	return mask;
}

static int fires(int mask)
{
	char why[256];
	int m = run_and_check(cand, ncand, why, sizeof why);
	return (m & mask) != 0;
}

static int total_calls(void)
{
	int t = 0;
	for (int i = 0; i < ncand; i++)
		t += cand[i].ncalls;
	return t;
}

/* Remove calls [from, from + n) counted across the programs. */
static void remove_calls(int from, int n)
{
	int at = 0;
	for (int i = 0; i < ncand; i++) {
		struct prog *p = &cand[i];
		for (int j = 0; j < p->ncalls && n; ) {
			if (at >= from) {
				memmove(&p->c[j], &p->c[j + 1], (p->ncalls - j - 1) * sizeof p->c[0]);
				p->ncalls--;
				n--;
			} else {
				j++;
			}
			at++;
		}
	}
	for (int i = 0; i < ncand; ) {           /* drop empty programs */
		if (cand[i].ncalls == 0) {
			memmove(&cand[i], &cand[i + 1], (ncand - i - 1) * sizeof cand[0]);
			ncand--;
		} else {
			i++;
		}
	}
}

static void minimise(int mask)
{
	static struct prog saved[BATCH];
	int tries = 0, nsaved;
	unsigned long end = uptime_ms() + MAX_MS;
	for (int chunk = total_calls() / 2; chunk >= 1 && tries < MAX_TRIES && uptime_ms() < end; chunk /= 2) {
		for (int from = 0; from < total_calls() && tries < MAX_TRIES && uptime_ms() < end; ) {
			memcpy(saved, cand, sizeof cand);
			nsaved = ncand;
			remove_calls(from, chunk);
			tries++;
			if (ncand && fires(mask))
				continue;                /* still fires without them: keep it so */
			memcpy(cand, saved, sizeof cand);
			ncand = nsaved;
			from += chunk;
		}
	}
	for (int i = 0; i < ncand && tries < MAX_TRIES && uptime_ms() < end; i++, tries++) {
		if (cand[i].nthreads == 1)
			continue;
		int t = cand[i].nthreads;
		cand[i].nthreads = 1;              /* one thread is easier to read */
		if (!fires(mask))
			cand[i].nthreads = t;
	}
	printf("# minimised in %d runs\n", tries);
}

static void print_call(const struct call *c)
{
	char b[6][96];
	const struct scdesc *d = sc_find(c->nr);
	for (int j = 0; j < 6; j++)
		arg_print(b[j], sizeof b[j], &c->a[j]);
	printf("#| \t{ long a[6] = { %s, %s, %s, %s, %s, %s };\n#| \t  fz_call(SYS_%s, a); }\n",
	       b[0], b[1], b[2], b[3], b[4], b[5], d ? d->name : "?");
}

static void print_repro(unsigned long seed, const char *why, int reproduced)
{
	struct sysinfo si;
	sysinfo(&si);
	printf("#| /*\n#|  * t_fuzz_repro.c - found by /bin/fuzz -s %lu on %s: %s\n", seed, si.arch, why);
	printf("#|  * %s; %d calls. Save it as usertests/tests/t_fuzz_NAME.c\n",
	       reproduced ? "minimised, it fires again alone" : "it did NOT fire again alone (a race or an earlier batch): the whole batch",
	       total_calls());
	printf("#|  * (tools/fuzz.sh does), fix the kernel, and it stays a regression test.\n#|  */\n");
	printf("#| #include \"testlib.h\"\n#| #include \"fuzzrt.h\"\n#| #include \"dfdetect.h\"\n#| \n");
	for (int i = 0; i < ncand; i++) {
		const struct prog *p = &cand[i];
		for (int t = 0; t < p->nthreads; t++) {
			printf("#| static void prog%d_thread%d(void *unused)\n#| {\n", i, t);
			for (int j = t; j < p->ncalls; j += p->nthreads)
				print_call(&p->c[j]);
			printf("#| }\n#| \n");
		}
	}
	printf("#| /* What the executor does (usertests/fuzz/exec.c), without the coverage. */\n");
	printf("#| static void run(void)\n#| {\n#| \tint tid[%d];\n#| \n", MAX_THREADS);
	printf("#| \tsignal(SIGALRM, fz_handler);       /* the alarm interrupts a call that sleeps */\n");
	printf("#| \tchdir(FZ_DIR);\n");
	for (int i = 0; i < ncand; i++) {
		const struct prog *p = &cand[i];
		printf("#| \tfz_fill(%d);\n#| \talarm_ms(%d);\n", i + 1, PROG_MS);
		if (prog_uses_race(p))
			printf("#| \tfz_racer_start();\n");
		for (int t = 1; t < p->nthreads; t++)
			printf("#| \ttid[%d] = thread_create(prog%d_thread%d, NULL);\n", t, i, t);
		printf("#| \tprog%d_thread0(NULL);\n", i);
		for (int t = 1; t < p->nthreads; t++)
			printf("#| \tif (tid[%d] >= 0)\n#| \t\twhile (thread_join(tid[%d]) < 0 && errno == EINTR)\n#| \t\t\t;\n", t, t);
		if (prog_uses_race(p))
			printf("#| \tfz_racer_stop();\n");
		printf("#| \talarm_ms(0);\n#| \tfz_prog_end(-1);\n");
	}
	printf("#| \t(void)tid;\n#| }\n#| \n");
	printf("#| int main(void)\n#| {\n#| \tstruct t_kstate before;\n#| \tstruct sysinfo si;\n#| \tint status = 0;\n#| \n");
	printf("#| \tfz_arena_init();\n#| \tmkdir(FZ_DIR);\n#| \tt_kstate(&before);\n#| \tsysinfo(&si);\n");
	printf("#| \tunsigned oopses = si.oopses;\n");
	printf("#| \tlong dfwas = __syscall(SYS_dfdetect, DF_ON, 0, 0, 0, 0, 0);   /* the detector on */\n");
	printf("#| \tlong df = __syscall(SYS_dfdetect, DF_COUNT, 0, 0, 0, 0, 0);\n");
	printf("#| \tint pid = fork();\n#| \tif (pid == 0) {\n#| \t\trun();\n#| \t\texit(0);\n#| \t}\n");
	printf("#| \twaitpid(pid, &status);\n#| \tfz_scratch_clean();\n#| \tunlink(FZ_DIR);\n#| \tsysinfo(&si);\n");
	printf("#| \tt_ok(si.oopses == oopses, \"no kernel oops (%%u)\", si.oopses - oopses);\n");
	printf("#| \tt_ok(__syscall(SYS_dfdetect, DF_COUNT, 0, 0, 0, 0, 0) == df, \"no double fetch\");\n");
	printf("#| \tif (!dfwas)\n#| \t\t__syscall(SYS_dfdetect, DF_OFF, 0, 0, 0, 0, 0);\n");
	printf("#| \tt_kernel_healthy(&before, \"the calls above\");\n#| \treturn t_done();\n#| }\n");
}

void repro_report(const struct prog *progs, int n, int mask, unsigned long seed)
{
	char why[256];
	int again = 0;

	memcpy(cand, progs, n * sizeof progs[0]);
	ncand = n;
	for (int i = 0; i < 3 && !again; i++)
		again = (run_and_check(cand, ncand, why, sizeof why) & mask) != 0;
	if (again)
		minimise(mask);
	why[0] = 0;
	for (int o = 0; o < NORACLES; o++)
		if (mask & (1 << o))
			snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s", why[0] ? ", " : "", oracle_names[o]);
	print_repro(seed, why, again);
	oracle_rebase();
}

void repro_print(const struct prog *progs, int n, unsigned long seed, const char *why)
{
	memcpy(cand, progs, n * sizeof progs[0]);
	ncand = n;
	print_repro(seed, why, 0);
}
