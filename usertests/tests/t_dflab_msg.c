/*
 * t_dflab_msg - lab 06 (docs/labs/06-doublefetch.md), DEMO_DF_MSG: the
 * driver checks msg->len against its 32-byte buffer, then copies len bytes.
 *
 * Alone, every length gives its exact result. Then a second thread keeps
 * switching len between 16 and 48 while the driver's race window is open:
 * a driver that fetches len once answers 16 or EINVAL every time; one that
 * fetches it again to copy sooner or later copies 48 bytes into its
 * 32-byte buffer (the redzone names the overflow on the console).
 */
#include "drvtest.h"

#define TRIES 500

static struct demo_df_msg m __attribute__((aligned(16)));

static long send(void *p)
{
	return demo(DEMO_DF_MSG, p, 0);
}

static void exact(void)
{
	memset(m.data, 'm', sizeof m.data);
	unsigned lens[] = { 16, 0, 1, DEMO_DF_MSG_MAX };
	for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		m.len = lens[i];
		long r = send(&m);
		t_ok(r == lens[i], "len %u: %u bytes copied (got %ld)", lens[i], lens[i], r);
	}
	m.len = DEMO_DF_MSG_MAX + 1;
	t_err(send(&m), EINVAL, "len %u: EINVAL", m.len);
	m.len = ~0u;
	t_err(send(&m), EINVAL, "len 0xffffffff: EINVAL");

	/* The 32 bytes of data are the last mapped bytes: exactly len are read. */
	struct demo_df_msg *edge = (void *)((char *)t_page_before_hole() + t_si.page_size -
					    offsetof(struct demo_df_msg, data) - DEMO_DF_MSG_MAX);
	edge->len = DEMO_DF_MSG_MAX;
	long r = send(edge);
	t_ok(r == DEMO_DF_MSG_MAX, "len 32, data ending on the last mapped byte: 32 (got %ld)", r);
	edge = (void *)((char *)edge + 8);
	edge->len = DEMO_DF_MSG_MAX;
	t_err(send(edge), EFAULT, "len 32, the last 8 data bytes unmapped: EFAULT");
	t_err(send(NULL), EFAULT, "NULL: EFAULT");
	t_err(send((void *)t_si.kernel_data), EFAULT, "kernel data: EFAULT");
}

static void race(void)
{
	struct flip f = { .word = &m.len, .v = { 16, 48 } };

	m.len = 16;
	struct race_result r = t_race_op(DEMO_DF_MSG, &m, &f, TRIES, 16, EINVAL);
	t_ok(r.escapes == 0, "racing len 16 <-> 48: the copy never used an unchecked len "
	     "(%d tries, %d right, %d refused)", r.tries, r.right, r.refused);
	if (r.escapes)
		printf("# try %d returned %ld: the driver checked len 16 and then copied %ld "
		       "bytes into its %d-byte buffer: it read len twice\n", r.tries,
		       r.escaped_with, r.escaped_with, DEMO_DF_MSG_MAX);
	t_ok(r.escapes || r.refused > 0, "the check did see 48 sometimes (%d times): the race ran",
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
