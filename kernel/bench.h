/*
 * kernel/bench.h - kernel-side benchmarks for `make bench` (SPEC section 10).
 *
 * Under emulation absolute times mean little, so each figure is measured
 * against a baseline in the same run: an accessor against a plain volatile
 * kernel access, a user copy against memcpy. Results are printed as
 *     bench: NAME,VALUE,UNIT
 * lines that tools/bench.sh collects into build/ARCH/bench.csv.
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include "types.h"
#include "arch.h"

void bench_run(void);   /* `kbench` on the command line */

/*
 * The stages of a caught fault, timed from inside (bench.c): while
 * bench_stamping is set, the trap path stores the arch counter as it
 * passes each point. Off, a stamp costs one load and a branch not taken.
 */
enum bench_stamp {
	STAMP_TRAP_ENTRY,         /* first C code of the arch trap handler */
	STAMP_TABLE_SEARCHED,     /* extable_search() done */
	STAMP_VIOLATION_CHECKED,  /* the SMAP/PAN check done: about to fix up */
	NSTAMPS
};
extern bool bench_stamping;
extern uint64_t bench_stamps[NSTAMPS];

static __always_inline void bench_stamp(enum bench_stamp i)
{
	if (unlikely(bench_stamping))
		bench_stamps[i] = arch_counter();
}

#endif
