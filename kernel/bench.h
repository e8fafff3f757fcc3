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

void bench_run(void);   /* `kbench` on the command line */

#endif
