/*
 * kernel/bkl.c - the big kernel lock (bkl.h): a ticket lock.
 *
 * A CPU takes the next ticket and waits until the lock serves it, so the
 * CPUs get it in the order they asked. A plain test-and-set lock is not
 * fair: a thread making system calls in a loop gives the lock back and
 * takes it again before a waiting CPU has even noticed, and that CPU can
 * wait for ever (a thread unmapping a buffer never got in while another
 * made calls on it).
 *
 * Interrupt handlers never wait for the lock (bkl_run_or_defer), so a
 * CPU waiting for its turn can take interrupts: its timer ticks, and IPIs
 * asking it to run an smp_call (a TLB shootdown the holder waits for).
 */
#include "bkl.h"
#include "smp.h"
#include "base/printk.h"

#define NO_TICKET 0xffffffffu

static struct {
	volatile uint32_t next;          /* the ticket the next CPU to ask gets */
	volatile uint32_t serving;       /* the ticket that holds the lock */
	volatile int owner;              /* CPU, -1 when free */
	unsigned depth[MAX_CPUS];
	volatile uint32_t waits_for[MAX_CPUS];   /* each CPU's ticket, or NO_TICKET */
	volatile uint32_t halted;        /* CPUs halted until their turn */
	volatile uint32_t pending;       /* deferred work, one bit per slot */
	void (*deferred[BKL_DEFERRED])(void);
} bkl = { .owner = -1, .waits_for = { [0 ... MAX_CPUS - 1] = NO_TICKET } };

/*
 * Waiting: only the CPU next in line spins, and only for a while; the
 * others halt at once. Spinning is right on hardware, where each CPU is a
 * core; under QEMU the emulated CPUs share the host's cores, and every
 * spinning one takes host time from the holder (three spinners once
 * starved it). One spinner hands the lock over without an IPI's wake-up
 * (tens of microseconds for a halted QEMU CPU); the CPU behind it is woken
 * when it moves up to next in line (serve_next), so its wake-up overlaps
 * the holder's work instead of following it.
 */
#define BKL_SPINS 4096

/* How many tickets are served before ours: 0 is our turn, 1 next in line. */
static uint32_t ahead_of(uint32_t ticket)
{
	return ticket - __atomic_load_n(&bkl.serving, __ATOMIC_ACQUIRE);
}

/*
 * Halt until serve_next wakes us with an IPI (or any interrupt comes):
 * `far` when we were more than next in line, else because we spun long
 * enough. The bit is set, then the line looked at; serve_next moves the
 * line, then looks at the bits. Both with full barriers, so at least one
 * of the two sees the other (the store-load pattern of Dekker's algorithm,
 * Arm ARM B2.3, Intel SDM Vol.3 8.2.3.4). Interrupts masked on entry and
 * on return.
 */
static void halt_until_moved(unsigned cpu, uint32_t ticket, bool far)
{
	__atomic_fetch_or(&bkl.halted, 1u << cpu, __ATOMIC_SEQ_CST);
	uint32_t ahead = ahead_of(ticket);
	if (ahead >= (far ? 2u : 1u))
		arch_idle();                 /* returns with interrupts on */
	arch_irq_disable();
	__atomic_fetch_and(&bkl.halted, ~(1u << cpu), __ATOMIC_SEQ_CST);
}

void bkl_enter(void)
{
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (bkl.owner == (int)cpu) {     /* a fault while in the kernel, an oops */
		bkl.depth[cpu]++;
		arch_irq_restore(f);
		return;
	}
	uint32_t ticket = __atomic_fetch_add(&bkl.next, 1, __ATOMIC_RELAXED);
	bkl.waits_for[cpu] = ticket;
	unsigned spins = 0;
	uint32_t ahead;
	while ((ahead = ahead_of(ticket)) != 0) {
		arch_irq_enable();           /* ticks and IPIs while we wait */
		cpu_relax();
		arch_irq_disable();
		if (ahead >= 2 || ++spins == BKL_SPINS) {
			halt_until_moved(cpu, ticket, ahead >= 2);
			spins = 0;
		}
	}
	bkl.waits_for[cpu] = NO_TICKET;
	bkl.owner = (int)cpu;
	bkl.depth[cpu] = 1;
	arch_irq_restore(f);
}

/* Run the work interrupt handlers left; the lock is held. */
static void run_deferred(void)
{
	uint32_t p;

	while ((p = __atomic_exchange_n(&bkl.pending, 0, __ATOMIC_ACQUIRE)))
		for (unsigned i = 0; i < BKL_DEFERRED; i++)
			if (p & (1u << i))
				bkl.deferred[i]();
}

/* The lock moves to the next ticket. Wake its CPU if it halted, and the
 * one behind it, which is now next in line and should spin. */
static void serve_next(void)
{
	uint32_t next = bkl.serving + 1;

	__atomic_store_n(&bkl.serving, next, __ATOMIC_SEQ_CST);
	uint32_t h = __atomic_load_n(&bkl.halted, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; h && i < MAX_CPUS; i++)
		if ((h & (1u << i)) && bkl.waits_for[i] - next < 2)
			arch_ipi_send(i);
}

void bkl_exit(void)
{
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();

	if (bkl.owner != (int)cpu || !bkl.depth[cpu])
		panic("BKL released on cpu %u, which does not hold it (owner %d)", cpu, bkl.owner);
	if (bkl.depth[cpu] == 1)
		run_deferred();              /* still holding it */
	if (--bkl.depth[cpu] == 0) {
		bkl.owner = -1;
		serve_next();
	}
	arch_irq_restore(f);
}

void bkl_set_deferred(unsigned slot, void (*fn)(void))
{
	bkl.deferred[slot] = fn;
}

/*
 * From an interrupt handler: run the work now if the lock is free and
 * nobody waits (taking a ticket only when it would be served at once),
 * else leave it to the holder, which runs it in bkl_exit before it lets
 * go. A CPU's own handler never waits for a lock its interrupted code may
 * be waiting for, or holding.
 */
void bkl_run_or_defer(unsigned slot)
{
	uint64_t f = arch_irq_save();
	uint32_t s = __atomic_load_n(&bkl.serving, __ATOMIC_ACQUIRE);

	__atomic_fetch_or(&bkl.pending, 1u << slot, __ATOMIC_SEQ_CST);
	if (bkl.owner != (int)arch_cpu_id() &&
	    __atomic_compare_exchange_n(&bkl.next, &s, s + 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED)) {
		bkl.owner = (int)arch_cpu_id();
		bkl.depth[arch_cpu_id()] = 1;
		bkl_exit();                  /* runs the pending work, then serves on */
	}
	arch_irq_restore(f);
}

bool bkl_held(void)
{
	return bkl.owner == (int)arch_cpu_id();
}

unsigned bkl_depth(void)
{
	return bkl_held() ? bkl.depth[arch_cpu_id()] : 0;
}

void bkl_set_depth(unsigned depth)
{
	if (!bkl_held() || !depth)
		panic("BKL: a thread switch on cpu %u without the lock", arch_cpu_id());
	bkl.depth[arch_cpu_id()] = depth;
}
