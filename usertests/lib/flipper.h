/*
 * usertests/lib/flipper.h - the racing thread of racedemo and t_race.
 *
 * flipper(f) writes one of f->v[0] / f->v[1] to *f->word, picked at random
 * (a fixed xorshift sequence, so runs repeat), over and over until
 * f->stop. On one CPU it yields after each write: that hands the CPU
 * straight back, so each time the kernel opens its race window (or the
 * caller yields between tries) exactly one write happens. With several
 * CPUs (flip_init sets f->spin) it never enters the kernel: it runs on
 * another CPU and writes while the kernel reads, and a yield would only
 * park it at the big kernel lock while the driver holds it (docs/smp.md).
 */
#ifndef ULIB_FLIPPER_H
#define ULIB_FLIPPER_H

struct flip {
	volatile unsigned *word;
	unsigned v[2];
	volatile int stop;
	int spin;                  /* 1: no yield (several CPUs) */
	volatile unsigned long writes;   /* how many it made */
};

void flip_init(struct flip *f);   /* f->spin from sysinfo's ncpus, writes 0 */
/* The DEMO_SET_WINDOW to race with: 1 yield on one CPU (it runs the
 * flipper); with several, a yield finds nobody waiting and returns at
 * once, so FLIP_WINDOW_SMP of them keep the window open long enough for
 * the flipper, running meanwhile on another CPU, to write. */
#define FLIP_WINDOW_SMP 20
unsigned flip_window(void);
/* Wait (yielding, at most 2 s) until the flipper has written: with several
 * CPUs it starts on another one, maybe after the caller's first tries. */
int flip_wait_started(struct flip *f);
void flipper(void *arg);   /* arg: struct flip *; run it with thread_create */

#endif
