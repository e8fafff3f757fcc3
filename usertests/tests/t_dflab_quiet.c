/*
 * t_dflab_quiet - lab 06 (docs/labs/06-doublefetch.md): the double-fetch
 * detector (uma/doublefetch.h) stays silent for the lab driver.
 *
 * With the detector on (kernel/uapi/dfdetect.h; the lab boots with
 * `doublefetch`, and this test turns it on anyway), every system call that
 * reads the same user bytes twice is counted and named on the console:
 *   double fetch: syscall 32 (demo) read user bytes [0x..., +4) twice:
 *   first at msg+0x.. (0x...), again at msg+0x.. (0x...)
 * Nobody races here: each operation is called alone, on every path (the
 * value used, and the value refused), and the count must not move. A
 * driver that reads a value twice is caught even when the two reads agree.
 */
#include "drvtest.h"
#include "dfdetect.h"

static long df(int op)
{
	return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0);
}

static long count;

/* ok if the calls since the last check read no user byte twice. */
static void silent(const char *what)
{
	long now = df(DF_COUNT);
	t_ok(now == count, "%s: no double fetch (%ld reported)", what, now - count);
	if (now != count)
		printf("# the console names the two reads: look for \"double fetch: syscall 32 (demo)\"\n");
	count = now;
}

static void msg(void)
{
	static struct demo_df_msg m;
	memset(&m, 'q', sizeof m);
	m.len = 16;
	m.flags = 0;
	long r = demo(DEMO_DF_MSG, &m, 0);
	m.len = DEMO_DF_MSG_MAX + 1;
	long r2 = demo(DEMO_DF_MSG, &m, 0);
	t_ok(r == 16 && r2 == -1 && errno == EINVAL, "DEMO_DF_MSG: len 16 copied, len 33 refused");
	silent("DEMO_DF_MSG");
}

static void submit(void)
{
	static struct demo_df_cmd c[2] = { { DEMO_DF_CMD_ADD, 1 }, { DEMO_DF_CMD_ADMIN, 0 } };
	static struct demo_df_req req;
	req = (struct demo_df_req){ 1, 0, (unsigned long)&c[0] };
	long r = demo(DEMO_DF_SUBMIT, &req, 0);
	req.cmd = (unsigned long)&c[1];
	long r2 = demo(DEMO_DF_SUBMIT, &req, 0);
	t_ok(r == 1001 && r2 == -1 && errno == EPERM, "DEMO_DF_SUBMIT: ADD ran, ADMIN refused");
	silent("DEMO_DF_SUBMIT");
}

static void stat_path(void)
{
	long r = demo(DEMO_DF_STAT, "/pub/none", 0);
	int e = errno;
	long r2 = demo(DEMO_DF_STAT, "/bin/../tests", 0);
	t_ok(r == -1 && e == ENOENT && r2 == -1 && errno == EPERM,
	     "DEMO_DF_STAT: /pub/none looked up (ENOENT), /bin/../tests refused");
	silent("DEMO_DF_STAT");
}

int main(void)
{
	long was = df(DF_ON);
	t_ok(was == 0 || was == 1, "DF_ON: the detector is on");
	count = df(DF_COUNT);
	msg();
	submit();
	stat_path();
	df(was ? DF_ON : DF_OFF);
	return t_done();
}
