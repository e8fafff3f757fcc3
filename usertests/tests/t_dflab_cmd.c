/*
 * t_dflab_cmd - lab 06 (docs/labs/06-doublefetch.md), DEMO_DF_SUBMIT: the
 * request holds a pointer to a command; the driver refuses the ADMIN
 * command and runs the others.
 *
 * Alone, each command gives its exact result. Then a second thread keeps
 * switching the request's pointer between an ECHO command and an ADMIN
 * one: a driver that captures the request and the command once runs ECHO
 * or refuses ADMIN every time; one that reads the pointer again after its
 * check sooner or later runs the ADMIN command it refused.
 */
#include "drvtest.h"

#define TRIES 500

static struct demo_df_cmd cmds[2] __attribute__((aligned(16))) = {
	{ DEMO_DF_CMD_ECHO, 7 }, { DEMO_DF_CMD_ADMIN, 0 },
};
static struct demo_df_req req __attribute__((aligned(16)));

static long submit(void *p)
{
	return demo(DEMO_DF_SUBMIT, p, 0);
}

static long run(unsigned op, unsigned arg)
{
	static struct demo_df_cmd c;
	c = (struct demo_df_cmd){ op, arg };
	req = (struct demo_df_req){ 1, 0, (unsigned long)&c };
	return submit(&req);
}

static void exact(void)
{
	long r = run(DEMO_DF_CMD_ECHO, 7);
	t_ok(r == 7, "ECHO 7: 7 (got %ld)", r);
	r = run(DEMO_DF_CMD_ADD, 5);
	t_ok(r == 1005, "ADD 5: 1005 (got %ld)", r);
	t_err(run(DEMO_DF_CMD_ADMIN, 0), EPERM, "ADMIN: EPERM");
	t_err(run(99, 0), EINVAL, "op 99: EINVAL");
	req = (struct demo_df_req){ 2, 0, (unsigned long)&cmds[0] };
	t_err(submit(&req), EINVAL, "version 2: EINVAL");

	t_err(submit(NULL), EFAULT, "the request at NULL: EFAULT");
	t_err(submit((void *)t_si.kernel_data), EFAULT, "the request in kernel data: EFAULT");
	req = (struct demo_df_req){ 1, 0, 0 };
	t_err(submit(&req), EFAULT, "the command at NULL: EFAULT");
	req.cmd = t_si.kernel_data;
	t_err(submit(&req), EFAULT, "the command in kernel data: EFAULT");
	struct demo_df_cmd *edge = (void *)((char *)t_page_before_hole() + t_si.page_size - 4);
	req.cmd = (unsigned long)edge;
	t_err(submit(&req), EFAULT, "a command whose last 4 bytes are unmapped: EFAULT");
}

static void race(void)
{
	unsigned long a = (unsigned long)&cmds[0], b = (unsigned long)&cmds[1];
	/* The flipper writes 32 bits: the low half of req.cmd (little-endian
	 * on both architectures); both commands share the high half. */
	struct flip f = { .word = (volatile unsigned *)&req.cmd, .v = { (unsigned)a, (unsigned)b } };

	t_ok(a >> 32 == b >> 32, "both commands share the pointer's high 32 bits");
	req = (struct demo_df_req){ 1, 0, a };
	struct race_result r = t_race_op(DEMO_DF_SUBMIT, &req, &f, TRIES, 7, EPERM);
	t_ok(r.escapes == 0, "racing the command pointer ECHO <-> ADMIN: ADMIN never ran "
	     "(%d tries, %d ECHO, %d refused)", r.tries, r.right, r.refused);
	if (r.escapes)
		printf("# try %d returned %ld%s: the driver checked one command and ran another: "
		       "it read the pointer (or the command) twice\n", r.tries, r.escaped_with,
		       r.escaped_with == DEMO_DF_ADMIN_RAN ? " (DEMO_DF_ADMIN_RAN)" : "");
	t_ok(r.escapes || r.refused > 0, "the check did see ADMIN sometimes (%d times): the race ran",
	     r.refused);
}

int main(void)
{
	struct t_kstate before;
	t_sysinfo();
	exact();
	t_kstate(&before);
	race();
	t_kernel_healthy(&before, "after the race");
	return t_done();
}
