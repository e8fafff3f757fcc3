/* usertests/lib/flipper.c - the racing thread (see flipper.h). */
#include "ulib.h"
#include "flipper.h"

void flip_init(struct flip *f)
{
	struct sysinfo si;

	f->spin = sysinfo(&si) == 0 && si.ncpus > 1;
}

void flipper(void *arg)
{
	struct flip *f = arg;
	unsigned x = 2463534242u;                /* xorshift32 */

	while (!f->stop) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		*f->word = f->v[x >> 31];
		if (!f->spin)
			yield();
	}
}
