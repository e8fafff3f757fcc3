/*
 * arch/aarch64/timer.c - the periodic tick from the EL1 virtual timer.
 *
 * Arm ARM chapter "The Generic Timer in AArch64 state", CNTV_CTL_EL0 and
 * CNTV_CVAL_EL0: the
 * timer fires while CNTVCT_EL0 >= CNTV_CVAL_EL0, as GIC PPI 27. We move the
 * compare value forward by exactly one period each tick, so interrupt
 * latency never accumulates into drift.
 *
 * Each CPU has its own timer (the registers are per PE) and its own PPI
 * 27 (GIC spec 2.2.1: PPIs are banked per CPU interface), so each keeps
 * its own deadline, and arch_timer_start enables the PPI on the caller.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/percpu.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

#define CNTV_CTL_ENABLE  (1u << 0)
#define CNTV_CTL_IMASK   (1u << 1)

static uint64_t period;                    /* counter ticks per tick, the same on all */
static uint64_t next_deadline[MAX_CPUS];   /* each CPU's next CNTV_CVAL_EL0 */

uint64_t arch_counter_hz(void)
{
	return read_sysreg(cntfrq_el0);
}

static void timer_irq(void)
{
	uint64_t now = arch_counter();
	uint64_t *next = &next_deadline[arch_cpu_id()];

	*next += period;
	/* Far behind (a long stop in a debugger)? Restart rather than replay
	 * hundreds of ticks back to back. */
	if (now > *next + 100 * period)
		*next = now + period;
	write_sysreg(cntv_cval_el0, *next);
	isb();
	arch_upcalls.timer_tick();
}

void arch_timer_start(unsigned hz)
{
	if (!hz || !arch_counter_hz())
		return;
	uint64_t *next = &next_deadline[arch_cpu_id()];

	period = arch_counter_hz() / hz;
	*next = arch_counter() + period;
	write_sysreg(cntv_cval_el0, *next);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);   /* IMASK clear */
	isb();
	gic_enable_irq(TIMER_PPI_VIRT, timer_irq);
}
