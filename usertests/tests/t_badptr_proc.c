/*
 * t_badptr_proc - malicious pointers to exec, spawn, wait and waitpid
 * (SPEC 8): bad paths, bad argv arrays and bad argument strings, bad
 * status destinations. Each gives -1 with EFAULT (E2BIG / ENAMETOOLONG
 * where that is the rule) and this process carries on.
 */
#include "testlib.h"

#define MAXARGS_TRY 1000   /* far above any sane limit (the kernel has 32) */

static char *good_argv[] = { "echo", "bad-pointer test: this must not print", NULL };

static long c_exec_path(void *p, unsigned long n)  { return exec(p, good_argv); }
static long c_spawn_path(void *p, unsigned long n) { return spawn(p, good_argv); }
static long c_exec_argv(void *p, unsigned long n)  { return exec("/bin/echo", p); }
static long c_spawn_argv(void *p, unsigned long n) { return spawn("/bin/echo", p); }

/* argv = { "echo", p, NULL }: a bad pointer inside a good array. */
static long c_spawn_arg(void *p, unsigned long n)
{
	char *argv[] = { "echo", p, NULL };
	return spawn("/bin/echo", argv);
}
static long c_exec_arg(void *p, unsigned long n)
{
	char *argv[] = { "echo", p, NULL };
	return exec("/bin/echo", argv);
}

/* A child that exits at once, waited for with a bad status pointer; then
 * reaped for real if the failed call left it there. */
static long wait_bad(void *p, int use_waitpid)
{
	int pid = fork(), status;
	if (pid == 0)
		exit(5);
	long r = use_waitpid ? waitpid(pid, p) : wait(p);
	int e = errno;
	waitpid(pid, &status);
	errno = e;
	return r;
}
static long c_wait(void *p, unsigned long n)    { return wait_bad(p, 0); }
static long c_waitpid(void *p, unsigned long n) { return wait_bad(p, 1); }

/* An argv array whose last pointer is the last word of a mapping: no NULL
 * terminator before the end. */
static char **unterminated_argv(void)
{
	char **page = t_page_before_hole();
	unsigned long n = t_si.page_size / sizeof(char *);
	for (unsigned long i = 0; i < n; i++)
		page[i] = "x";
	return page + n - 2;
}

static void argv_cases(void)
{
	char *many[MAXARGS_TRY + 1];
	for (int i = 0; i < MAXARGS_TRY; i++)
		many[i] = "x";
	many[MAXARGS_TRY] = NULL;
	t_err(spawn("/bin/echo", unterminated_argv()), EFAULT, "spawn: argv runs off its mapping: EFAULT");
	t_err(exec("/bin/echo", unterminated_argv()), EFAULT, "exec: argv runs off its mapping: EFAULT");
	t_err(spawn("/bin/echo", many), E2BIG, "spawn: %d arguments: E2BIG", MAXARGS_TRY);
	t_err(exec("/bin/echo", many), E2BIG, "exec: %d arguments: E2BIG", MAXARGS_TRY);
	char *unterminated_arg[] = { "echo", bad_path_unterminated(), NULL };
	t_err(spawn("/bin/echo", unterminated_arg), EFAULT, "spawn: an argument with no NUL before the end of its mapping: EFAULT");
	t_err(exec(bad_path_max(), good_argv), ENAMETOOLONG, "exec: PATH_MAX bytes of path, no NUL: ENAMETOOLONG");
	t_err(spawn(bad_path_max(), good_argv), ENAMETOOLONG, "spawn: PATH_MAX bytes of path, no NUL: ENAMETOOLONG");
	t_err(exec(bad_path_unterminated(), good_argv), EFAULT, "exec: path with no NUL before the end of its mapping: EFAULT");
	t_err(spawn(bad_path_unterminated(), good_argv), EFAULT, "spawn: path with no NUL before the end of its mapping: EFAULT");
}

int main(void)
{
	struct t_kstate start;
	t_sysinfo();
	bad_init();
	t_kstate(&start);
	t_bad("exec(path, argv)", c_exec_path, 1, BAD_SRC);
	t_bad("spawn(path, argv)", c_spawn_path, 1, BAD_SRC);
	/* argv == NULL is allowed: an empty argument list, as on Linux */
	t_bad("exec(\"/bin/echo\", argv)", c_exec_argv, sizeof(char *), BAD_SRC | BAD_NULL_OK);
	t_bad("spawn(\"/bin/echo\", argv)", c_spawn_argv, sizeof(char *), BAD_SRC | BAD_NULL_OK);
	/* a NULL argv[1] just ends the list */
	t_bad("exec: argv[1]", c_exec_arg, 1, BAD_SRC | BAD_NULL_OK);
	t_bad("spawn: argv[1]", c_spawn_arg, 1, BAD_SRC | BAD_NULL_OK);
	/* status == NULL is allowed: the caller does not want it */
	t_bad("wait(status)", c_wait, sizeof(int), BAD_DST | BAD_NULL_OK);
	t_bad("waitpid(pid, status)", c_waitpid, sizeof(int), BAD_DST | BAD_NULL_OK);
	argv_cases();
	int status = 0;
	t_err(wait(&status), ECHILD, "every child was reaped");
	t_kernel_healthy(&start, "after the bad process calls");
	return t_done();
}
