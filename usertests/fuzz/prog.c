/*
 * usertests/fuzz/prog.c - programs: a random start, mutations of kept
 * ones (syzkaller's operators: change an argument, insert, remove or
 * duplicate a call, splice two programs), the corpus of programs that
 * found new coverage, and the coverage bitmap itself.
 */
#include "fuzz.h"

static unsigned long rstate = 1;

void rnd_seed(unsigned long seed)
{
	rstate = seed * 0x9e3779b97f4a7c15UL + 0x2545f4914f6cdd1dUL;
	if (!rstate)
		rstate = 1;
}

/* xorshift64*: small, fast, and the same sequence on both architectures */
unsigned long rnd(void)
{
	rstate ^= rstate >> 12;
	rstate ^= rstate << 25;
	rstate ^= rstate >> 27;
	return rstate * 0x2545f4914f6cdd1dUL;
}

unsigned rnd_n(unsigned n)
{
	return n ? (unsigned)((rnd() >> 32) % n) : 0;
}

void prog_gen(struct prog *p)
{
	p->ncalls = 1 + rnd_n(MAX_CALLS / 2);
	p->nthreads = rnd_n(3) ? 1 : 2 + rnd_n(MAX_THREADS - 1);
	for (int i = 0; i < p->ncalls; i++)
		gen_call(&p->c[i]);
}

static void insert_call(struct prog *p, int at, const struct call *c)
{
	if (p->ncalls >= MAX_CALLS)
		return;
	memmove(&p->c[at + 1], &p->c[at], (p->ncalls - at) * sizeof p->c[0]);
	p->c[at] = *c;
	p->ncalls++;
}

void prog_mutate(struct prog *p)
{
	int rounds = 1 + rnd_n(3);
	while (rounds--) {
		int at = rnd_n(p->ncalls);
		struct call c;
		switch (rnd_n(6)) {
		case 0: case 1: {                    /* change one argument */
			const struct scdesc *d = sc_find(p->c[at].nr);
			if (d && d->nargs)
				gen_arg(&p->c[at], rnd_n(d->nargs));
			break;
		}
		case 2:                              /* insert a new call */
			gen_call(&c);
			insert_call(p, rnd_n(p->ncalls + 1), &c);
			break;
		case 3:                              /* remove one */
			if (p->ncalls > 1) {
				memmove(&p->c[at], &p->c[at + 1], (p->ncalls - at - 1) * sizeof p->c[0]);
				p->ncalls--;
			}
			break;
		case 4:                              /* duplicate one */
			c = p->c[at];
			insert_call(p, at, &c);
			break;
		case 5: {                            /* splice: our head, another's tail */
			const struct prog *q = corpus_pick();
			if (q) {
				int from = rnd_n(q->ncalls), n = q->ncalls - from;
				if (at + n > MAX_CALLS)
					n = MAX_CALLS - at;
				memcpy(&p->c[at], &q->c[from], n * sizeof p->c[0]);
				p->ncalls = at + n;
			}
			break;
		}
		}
		if (p->ncalls == 0)
			prog_gen(p);
	}
	if (rnd_n(8) == 0)
		p->nthreads = 1 + rnd_n(MAX_THREADS);
}

/* ---- coverage and the corpus -------------------------------------------- */
unsigned char cover_map[COVER_BITS / 8];
unsigned long cover_total;

int cover_add(unsigned idx)
{
	idx %= COVER_BITS;
	if (cover_map[idx / 8] & (1u << (idx % 8)))
		return 0;
	cover_map[idx / 8] |= 1u << (idx % 8);
	cover_total++;
	return 1;
}

#define CORPUS_MAX 256    /* each fork copies it: keep it small */
static struct prog *corpus;
static int ncorpus;

void corpus_init(void)
{
	corpus = malloc(CORPUS_MAX * sizeof *corpus);
	if (corpus)
		memset(corpus, 0, CORPUS_MAX * sizeof *corpus);   /* its pages, now */
}

void corpus_add(const struct prog *p)
{
	if (!corpus)
		return;
	/* full: replace a random one (the newest finds stay) */
	corpus[ncorpus < CORPUS_MAX ? ncorpus++ : (int)rnd_n(CORPUS_MAX)] = *p;
}

int corpus_size(void)
{
	return ncorpus;
}

const struct prog *corpus_pick(void)
{
	return ncorpus ? &corpus[rnd_n(ncorpus)] : NULL;
}
