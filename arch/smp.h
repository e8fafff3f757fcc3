/*
 * arch/smp.h - the other CPUs: finding them, starting them, telling them
 * apart, and interrupting them.
 *
 * The boot CPU is CPU 0. kernel/smp.c asks the architecture to start the
 * others (x86-64: the processors of the ACPI MADT, woken by INIT-SIPI-SIPI
 * through a real-mode trampoline, Intel SDM Vol.3 8.4.4; ARM64: the /cpus
 * nodes of the device tree, woken by PSCI CPU_ON, Arm DEN0022). Each one
 * sets itself up exactly as the boot CPU did -- its own descriptor tables
 * or vectors, the kernel's page tables, SMEP/SMAP or PAN, FP/SIMD access,
 * its own interrupt-controller interface -- and only then enters the kernel.
 */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include "base/types.h"
#include "base/percpu.h"      /* MAX_CPUS */
#include <asm/cpu.h>          /* arch_cpu_id(): this CPU's number */

struct boot_info;

/*
 * Start up to max - 1 other CPUs. stack_tops[i] is the top of the kernel
 * stack CPU i runs on until its first context switch (stack_tops[0] is
 * unused). Each started CPU, fully set up, calls entry(i) with interrupts
 * masked; entry never returns. The call waits for each CPU in turn and
 * returns how many CPUs run, the boot CPU included. Numbers stay dense: a
 * CPU that failed takes no number. A CPU that refuses to start is reported
 * with one line naming its hardware id, and skipped. One that has not
 * called in after about a second is reported too, and no more are started:
 * it may still arrive, and then parks for good on the stack it was given,
 * which the architecture sets to NULL in stack_tops so that the caller
 * keeps it (arch/generic/smp_claim.h).
 */
unsigned arch_smp_start(const struct boot_info *bi, unsigned max, void *stack_tops[],
			void (*entry)(unsigned cpu));

/* Interrupt CPU cpu (which may be the caller): arch_upcalls.ipi runs there
 * as soon as it has interrupts unmasked. (x86: a fixed-vector IPI through
 * the LAPIC ICR; ARM64: SGI 0 through the GIC.) */
void arch_ipi_send(unsigned cpu);

#endif
