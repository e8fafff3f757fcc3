/*
 * usertests/lib/flipper.h - the racing thread of racedemo and t_race.
 *
 * flipper(f) writes one of f->v[0] / f->v[1] to *f->word, picked at random
 * (a fixed xorshift sequence, so runs repeat), over and over until
 * f->stop. It yields after each write: on one CPU that hands the CPU
 * straight back, so each time the kernel opens its race window (or the
 * caller yields between tries) exactly one write happens.
 */
#ifndef ULIB_FLIPPER_H
#define ULIB_FLIPPER_H

struct flip {
	volatile unsigned *word;
	unsigned v[2];
	volatile int stop;
};

void flipper(void *arg);   /* arg: struct flip *; run it with thread_create */

#endif
