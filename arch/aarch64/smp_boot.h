/*
 * arch/aarch64/smp_boot.h - the block CPU 0 fills for a CPU it starts
 * (smp.c) and secondary.S reads with the MMU off: byte offsets for the
 * assembler, the struct for C (smp.c checks they agree).
 */
#ifndef ARCH_AARCH64_SMP_BOOT_H
#define ARCH_AARCH64_SMP_BOOT_H

#define SB_CPU        0    /* the index this start is for (= CPU_ON's context id) */
#define SB_MPIDR      8    /* the MPIDR_EL1 affinity of the CPU meant to read it */
#define SB_MAIR       16   /* CPU 0's MAIR_EL1 */
#define SB_TCR_IDMAP  24   /* CPU 0's TCR_EL1 with TTBR0 walks on (EPD0 = 0) */
#define SB_TTBR0      32   /* the identity map of the trampoline (smp.c) */
#define SB_TTBR1      40   /* CPU 0's TTBR1_EL1: the kernel's tables */
#define SB_SCTLR      48   /* CPU 0's SCTLR_EL1: MMU, caches and the rest */
#define SB_TCR        56   /* CPU 0's TCR_EL1 with EPD0 = 1: no user half */
#define SB_STACK      64   /* top of the CPU's first stack (kernel virtual) */
#define SB_SIZE       72

#ifndef __ASSEMBLY__
#include "base/types.h"

struct smp_boot {
	uint64_t cpu, mpidr, mair, tcr_idmap, ttbr0, ttbr1, sctlr, tcr, stack;
};
extern struct smp_boot smp_boot;     /* smp.c; secondary.S finds it PC-relative */
#endif

#endif
