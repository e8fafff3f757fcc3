/*
 * kernel/base/percpu.h - how many CPUs the kernel can run on.
 *
 * Each CPU has a number, 0 (the one the firmware started) to ncpus - 1,
 * read with arch_cpu_id() (asm/cpu.h: one register read, valid on every
 * CPU from its first line of C). Per-CPU data is an array indexed by it.
 * 8 is the GICv2 limit (IHI 0048B 1.4: up to 8 CPU interfaces).
 */
#ifndef KERNEL_BASE_PERCPU_H
#define KERNEL_BASE_PERCPU_H

#define MAX_CPUS 8

#endif
