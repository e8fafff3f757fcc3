/*
 * kernel/smp.c - starting the other CPUs, and what they do for now.
 *
 * CPU 0 gives each CPU a kernel stack and asks the architecture to start
 * it (arch_smp_start: INIT-SIPI-SIPI on x86-64, PSCI CPU_ON on ARM64).
 * Each set itself up in arch code, SMEP/SMAP or PAN included, before it
 * gets here (secondary_main), so its banner line reports what that CPU
 * really has. It then starts its own timer, takes the big kernel lock and
 * becomes an idle thread of the scheduler, which gives it threads to run.
 */
#include "smp.h"
#include "arch/arch.h"
#include "base/cmdline.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "kstack.h"
#include "bkl.h"
#include "sched.h"
#include "timer.h"
#include "uapi/errno.h"

struct cpu cpus[MAX_CPUS];
unsigned ncpus = 1;
static struct spinlock call_lock = SPINLOCK_INIT("smp_call");

static void *tops[MAX_CPUS];

static void __noreturn secondary_main(unsigned id)
{
	struct cpu *c = &cpus[id];

	c->id = id;
	arch_cpu_describe();
	arch_timer_start(TIMER_HZ);
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	arch_irq_enable();             /* its ticks and IPIs, even while it waits */
	bkl_enter();
	sched_start_cpu(id);
}

void smp_init(const struct boot_info *bi)
{
	char arg[8];
	unsigned max = MAX_CPUS;

	cpus[0].online = true;
	if (cmdline_value("maxcpus", arg, sizeof(arg)) && arg[0] >= '1' && arg[0] <= '8' && !arg[1])
		max = (unsigned)(arg[0] - '0');
	for (unsigned i = 1; i < max; i++) {
		void *stack = kstack_alloc();
		if (!stack || !sched_prepare_cpu(i, stack)) {
			if (stack)
				kstack_free(stack);
			max = i;
			break;
		}
		tops[i] = (char *)stack + KSTACK_SIZE;
	}
	ncpus = arch_smp_start(bi, max, tops, secondary_main);
	for (unsigned i = ncpus; i < max; i++) {   /* what no CPU took */
		sched_forget_cpu(i);
		if (tops[i])          /* NULL: a late CPU parked on it (arch/smp.h) */
			kstack_free((char *)tops[i] - KSTACK_SIZE);
	}
	kprintf("smp: %u CPU%s online\n", ncpus, ncpus == 1 ? "" : "s");
}

void smp_tick(void)
{
	this_cpu()->ticks++;
}

/* Interrupts masked throughout: otherwise the IPI that asked for the call
 * could arrive while it runs (from bkl_enter's wait) and run it again. */
void smp_poll(void)
{
	uint64_t f = arch_irq_save();
	struct cpu *c = this_cpu();

	if (__atomic_load_n(&c->call_asked, __ATOMIC_ACQUIRE) != c->call_done) {
		c->call_fn(c->call_arg);
		__atomic_store_n(&c->call_done, c->call_asked, __ATOMIC_RELEASE);
	}
	arch_irq_restore(f);
}

/* An IPI: a kick out of the idle halt (nothing more to do: the idle loop
 * looks at the run queue again), or an smp_call. */
void smp_ipi(void)
{
	this_cpu()->ipis++;
	smp_poll();
}

int smp_call_start(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu >= ncpus || cpu == arch_cpu_id() || !cpus[cpu].online)
		return -EINVAL;
	struct cpu *c = &cpus[cpu];
	int ret = -EBUSY;
	uint64_t f = spin_lock_irqsave(&call_lock);
	if (__atomic_load_n(&c->call_done, __ATOMIC_ACQUIRE) == c->call_asked) {
		c->call_fn = fn;
		c->call_arg = arg;
		__atomic_store_n(&c->call_asked, c->call_asked + 1, __ATOMIC_RELEASE);
		ret = 0;
	}
	spin_unlock_irqrestore(&call_lock, f);
	if (!ret)
		arch_ipi_send(cpu);
	return ret;
}

void smp_call_wait(unsigned cpu)
{
	struct cpu *c = &cpus[cpu];

	while (__atomic_load_n(&c->call_done, __ATOMIC_ACQUIRE) != c->call_asked)
		cpu_relax();
}

static void __noreturn halt_here(void *arg)
{
	(void)arg;
	arch_halt();
}

void smp_stop_others(void)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (i != arch_cpu_id())
			smp_call_start(i, halt_here, NULL);
}
