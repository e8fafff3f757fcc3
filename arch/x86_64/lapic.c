/*
 * lapic.c - the local APIC: our interrupt controller and periodic timer.
 *
 * xAPIC mode: registers are 32-bit MMIO at 16-byte strides in one 4 KiB
 * page whose physical address is in IA32_APIC_BASE (Intel SDM Vol.3 11.4).
 * We map that page uncached at DIRECT_MAP + pa in the kernel tables.
 * The timer counts the bus clock / divider down from an initial count;
 * in periodic mode it reloads and interrupts at zero (SDM 11.5.4). The
 * bus clock is unknown, so we count it against the calibrated TSC.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "arch/mmu.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

#define LAPIC_ID        0x020    /* bits 31:24: this CPU's APIC ID (SDM 11.4.6) */
#define LAPIC_TPR       0x080    /* task priority: 0 = accept everything */
#define LAPIC_EOI       0x0b0
#define LAPIC_SVR       0x0f0    /* spurious vector + software enable */
#define LAPIC_ISR       0x100    /* in service: 8 registers of 32 vectors, 0x10 apart (SDM 11.8.4) */
#define LAPIC_ICR_LO    0x300    /* interrupt command: writing it sends (SDM 11.6.1) */
#define LAPIC_ICR_HI    0x310    /* bits 31:24: destination APIC id */
#define ICR_PENDING     (1u << 12)   /* delivery status: not yet accepted */
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3e0

#define SVR_ENABLE      (1u << 8)
#define LVT_MASKED      (1u << 16)
#define LVT_PERIODIC    (1u << 17)
#define APIC_BASE_EN    (1ull << 11)
#define TIMER_DIV_16    0x3      /* SDM Figure 11-10 */
#define CALIBRATE_US    10000

static volatile uint32_t *lapic;

static uint32_t lapic_read(unsigned reg) { return lapic[reg / 4]; }
static void lapic_write(unsigned reg, uint32_t v) { lapic[reg / 4] = v; }

void lapic_eoi(void)
{
	if (lapic)                   /* an interrupt before arch_irq_init(): none to ack */
		lapic_write(LAPIC_EOI, 0);
}

/*
 * After a kernel stack overflow (trap.c): an interrupt whose delivery met
 * the guard, or whose handler ran on the stack that was abandoned, is
 * still in service and never gets its EOI; its ISR bit would block every
 * interrupt of its priority class or lower (the timer among them) for
 * good (SDM Vol.3 11.8.3-11.8.4). Each EOI clears the highest ISR bit
 * (11.8.5), so send one per bit still set.
 */
void lapic_end_abandoned_interrupts(void)
{
	for (int reg = 7, n = 0; lapic && reg >= 0 && n < 256; n++) {
		if (lapic_read(LAPIC_ISR + reg * 0x10))
			lapic_write(LAPIC_EOI, 0);
		else
			reg--;
	}
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

/* Needs kernel_root: call after vm_init(). The page is at the same
 * physical address on every CPU, each seeing its own LAPIC there
 * (SDM 11.4.1), so one mapping serves all. */
void lapic_init(void)
{
	paddr_t pa = rdmsr(MSR_APIC_BASE) & PTE_ADDR_MASK;
	uintptr_t va = mmu_map_device(pa, PAGE_SIZE);

	if (!va)
		panic("x86_64: cannot map the local APIC at %lx (before vm_init?)", pa);
	lapic = (volatile uint32_t *)va;
	lapic_cpu_init();
}

/* Every CPU: enable its LAPIC, accept every priority, mask the local
 * interrupts we do not use, set the spurious vector (SDM 11.4.3, 11.9). */
void lapic_cpu_init(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_EN);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_LAPIC_SPURIOUS);
	lapic_eoi();                 /* drop anything the firmware left in service */
	this_percpu()->apic_id = lapic_id();   /* where arch_ipi_send aims */
}

/* Until the last command was accepted (delivery status idle), for at
 * most ~10 ms: a CPU that is not there must not hang us. */
static void icr_wait_idle(void)
{
	uint64_t t0 = arch_counter(), limit = arch_counter_hz() / 100;

	while ((lapic_read(LAPIC_ICR_LO) & ICR_PENDING) && arch_counter() - t0 < limit)
		cpu_relax();
}

/* Write the destination, then the command (the low write sends).
 * Interrupts masked so that no handler's IPI lands between the writes. */
void lapic_send_ipi(uint32_t dest, uint32_t icr_lo)
{
	uint64_t flags = arch_irq_save();

	icr_wait_idle();
	lapic_write(LAPIC_ICR_HI, dest << 24);
	lapic_write(LAPIC_ICR_LO, icr_lo);
	icr_wait_idle();
	arch_irq_restore(flags);
}

void arch_irq_init(const struct boot_info *bi)
{
	(void)bi;                    /* the LAPIC address comes from the MSR */
	lapic_init();
	ioapic_init();
	ioapic_route_isa(4, VEC_COM1);   /* COM1 */
	serial_irq_enable();
}

/*
 * Sample the timer's current count together with the TSC. Under emulation
 * an MMIO read can take a long and variable time, so take the TSC on both
 * sides and use the midpoint as "when the count was read".
 */
static uint32_t lapic_count_at(uint64_t *tsc)
{
	uint64_t before = arch_counter();
	uint32_t count = lapic_read(LAPIC_TIMER_CUR);

	*tsc = before + (arch_counter() - before) / 2;
	return count;
}

/* Timer counts per second at divide-by-16, measured against the TSC. */
static uint64_t lapic_timer_hz(void)
{
	uint64_t hz = arch_counter_hz(), t0, t1;
	uint32_t c0, c1;

	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);        /* one-shot, silent */
	lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
	c0 = lapic_count_at(&t0);
	while (arch_counter() - t0 < hz * CALIBRATE_US / 1000000)
		cpu_relax();
	c1 = lapic_count_at(&t1);
	lapic_write(LAPIC_TIMER_INIT, 0);                /* stop */
	return (uint64_t)(c0 - c1) * hz / (t1 - t0);
}

/* The timer's rate is the same on every CPU (one bus clock): measure it
 * on CPU 0's first call and reuse it on the others. */
static uint64_t timer_hz;

void arch_timer_start(unsigned hz)
{
	uint64_t count;

	if (!lapic)
		panic("x86_64: arch_timer_start() before arch_irq_init()");
	if (!timer_hz)
		timer_hz = lapic_timer_hz();
	count = timer_hz / hz;
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)count);
}
