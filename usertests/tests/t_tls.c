/*
 * t_tls - the thread pointer: tls_set/tls_get (x86-64 FS base, ARM64
 * TPIDR_EL0) and the registers a program can set itself (x86-64: the FS
 * and GS selectors; ARM64: TPIDR_EL0 with MSR). Per thread, NULL in a new
 * thread and after exec, copied by fork, never seen by another process,
 * kept across preemption.
 */
#include "testlib.h"
#include "cpuregs.h"

#define NTHREADS 4
#define SPIN_MS  200

static int tls[NTHREADS + 1];          /* each thread points at its own slot */

struct tw {
	int id;
	void *at_start;
	int kept;                          /* its pointer never changed under it */
};

static void tls_work(void *arg)
{
	struct tw *w = arg;
	unsigned long end = uptime_ms() + SPIN_MS;

	w->at_start = tls_get();
	w->kept = tls_set(&tls[w->id]) == 0;
	while (uptime_ms() < end) {
		for (volatile int k = 0; k < 20000; k++)
			;
		w->kept &= tls_get() == &tls[w->id];
		if ((uptime_ms() & 7) == 0)
			yield();
	}
}

static void test_threads(void)
{
	struct tw w[NTHREADS + 1];
	int tid[NTHREADS], created = 1, fresh = 1, kept = 1;

	t_ok(tls_set(&tls[NTHREADS]) == 0, "main: tls_set");
	for (int i = 0; i <= NTHREADS; i++)
		w[i] = (struct tw){ .id = i };
	for (int i = 0; i < NTHREADS; i++)
		created &= (tid[i] = thread_create(tls_work, &w[i])) > 0;
	w[NTHREADS].at_start = NULL;
	w[NTHREADS].kept = 1;
	unsigned long end = uptime_ms() + SPIN_MS;
	while (uptime_ms() < end)
		w[NTHREADS].kept &= tls_get() == &tls[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		if (tid[i] > 0)
			thread_join(tid[i]);
	for (int i = 0; i <= NTHREADS; i++) {
		fresh &= w[i].at_start == NULL;
		kept &= w[i].kept;
	}
	t_ok(created, "%d threads created", NTHREADS);
	t_ok(fresh, "a new thread's tls_get() is NULL although main set its own");
	t_ok(kept, "%d threads and main, each with its own pointer, %d ms with preemption and "
	     "yields: each always reads its own", NTHREADS, SPIN_MS);
}

static void test_calls(void)
{
	t_sysinfo();
	t_ok(tls_get() == NULL, "a new program's tls_get() is NULL");
	t_ok(tls_set((void *)0x1234) == 0 && tls_get() == (void *)0x1234, "tls_set(0x1234), tls_get");
	t_err(tls_set((void *)t_si.kernel_base), EINVAL, "tls_set(kernel address): EINVAL");
	t_err(tls_set((void *)t_si.user_va_limit), EINVAL, "tls_set(user_va_limit): EINVAL");
	t_err(tls_set((void *)-1l), EINVAL, "tls_set(-1): EINVAL");
	t_ok(tls_get() == (void *)0x1234, "a failed tls_set changes nothing");
	void *top = (void *)(t_si.user_va_limit - 1);
	t_ok(tls_set(top) == 0 && tls_get() == top, "tls_set(user_va_limit - 1)");
	t_ok(tls_set(NULL) == 0 && tls_get() == NULL, "tls_set(NULL)");
}

/* fork copies both the pointer and the raw registers; each side then
 * changes its own without the other seeing it. On ARM64 the raw register
 * is the pointer (TPIDR_EL0), so there the second tls_set decides it. */
static void test_fork(void)
{
	unsigned long a = tp_raw_sample(0), b = tp_raw_sample(1);

	tp_raw_set(a);                          /* first: on x86 it resets the FS base */
	tls_set(&tls[0]);
	if (TP_RAW_IS_TLS) {
		a = (unsigned long)&tls[0];
		b = (unsigned long)&tls[1];
	}
	int pid = fork();
	if (pid == 0) {
		int ok = tls_get() == &tls[0] && tp_raw_get() == a;
		tp_raw_set(b);
		tls_set(&tls[1]);               /* ARM64: b again */
		for (int i = 0; i < 50; i++) {
			yield();
			ok &= tls_get() == &tls[1] && tp_raw_get() == b;
		}
		exit(ok ? 0 : 1);
	}
	int kept = 1;
	for (int i = 0; i < 50; i++) {
		yield();
		kept &= tls_get() == &tls[0] && tp_raw_get() == a;
	}
	int status = -2;
	t_ok(pid > 0 && waitpid(pid, &status) == pid && status == 0,
	     "fork: the child starts with the parent's pointer and registers, then keeps its own");
	t_ok(kept, "the parent keeps its own pointer and registers (0x%lx) while the child runs", a);
	tp_raw_set(0);
	tls_set(NULL);
}

/* Another program, started while this one has its pointer and registers
 * set, finds them zero: after exec (same process), and in a spawned one. */
static int run_probe(int by_exec)
{
	char *argv[] = { "t_tls", "probe", NULL };
	int pid, status = -2;

	tp_raw_set(tp_raw_sample(1));
	tls_set(&tls[2]);
	if (by_exec) {
		pid = fork();
		if (pid == 0) {
			exec("/tests/t_tls", argv);
			exit(2);
		}
	} else {
		pid = spawn("/tests/t_tls", argv);
	}
	if (pid < 0 || waitpid(pid, &status) != pid)
		status = -2;
	tp_raw_set(0);
	tls_set(NULL);
	return status;
}

static int probe(void)
{
	return tls_get() == NULL && tp_raw_get() == 0 && tp_ro_get() == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return probe();

	struct t_kstate before;
	t_kstate(&before);
	t_ok(tp_raw_get() == 0 && tp_ro_get() == 0, "the thread-pointer registers start at 0 "
	     "(x86-64 selectors, ARM64 TPIDR_EL0 and TPIDRRO_EL0)");
	test_calls();
	test_threads();
	test_fork();
	t_ok(run_probe(1) == 0, "after exec: tls_get() NULL, registers 0");
	t_ok(run_probe(0) == 0, "a program spawned by one with its pointer set: NULL, registers 0");
#ifdef __aarch64__
	tp_raw_set(0x77);
	t_ok(tls_get() == (void *)0x77, "ARM64: tls_get reads what MSR TPIDR_EL0 wrote");
	tp_raw_set(0);
#endif
	t_kernel_healthy(&before, "after the thread-pointer tests");
	return t_done();
}
