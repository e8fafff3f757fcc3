/* usertests/lib/flipper.c - the racing thread (see flipper.h). */
#include "ulib.h"
#include "flipper.h"

void flip_init(struct flip *f)
{
	struct sysinfo si;

	f->spin = sysinfo(&si) == 0 && si.ncpus > 1;
	f->writes = 0;
}

unsigned flip_window(void)
{
	struct flip f;

	flip_init(&f);
	return f.spin ? FLIP_WINDOW_SMP : 1;
}

int flip_wait_started(struct flip *f)
{
	unsigned long t0 = uptime_ms();

	while (!f->writes && uptime_ms() - t0 < 2000)
		yield();
	return f->writes != 0;
}

void flipper(void *arg)
{
	struct flip *f = arg;
	unsigned x = 2463534242u;                /* xorshift32 */

	while (!f->stop) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		*f->word = f->v[x >> 31];
		f->writes++;
		if (!f->spin)
			yield();
	}
}
