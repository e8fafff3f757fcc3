/* arch/x86_64/smp.c - placeholder until the other CPUs are brought up: one CPU. */
#include "arch/smp.h"

unsigned arch_smp_start(const struct boot_info *bi, unsigned max, void *const stack_tops[],
			void (*entry)(unsigned cpu))
{
	(void)bi; (void)max; (void)stack_tops; (void)entry;
	return 1;
}

void arch_ipi_send(unsigned cpu)
{
	(void)cpu;
}
