/*
 * kernel/sched.c - round-robin scheduling of threads on every CPU.
 *
 * Runnable threads wait in one FIFO run queue that every CPU takes from;
 * a running thread is not on it. Each CPU has an idle thread that runs when
 * the queue is empty: it is never queued, and halts its CPU until the next
 * interrupt. The boot thread (kmain) is an ordinary thread that exits when
 * the system is up.
 *
 * Locking: all of this runs under the big kernel lock (kernel/bkl.h), so
 * one CPU at a time touches the queues; interrupts are masked as well
 * whenever a queue is touched, because interrupt handlers on this CPU wake
 * threads too. A thread that switches hands the lock to the next one on
 * its CPU (schedule saves and restores its depth).
 */
#include "sched.h"
#include "bkl.h"
#include "smp.h"
#include "base/spinlock.h"
#include "arch/arch.h"
#include "arch/uaccess.h"
#include "proc.h"
#include "mm.h"
#include "vm.h"
#include "pmm.h"
#include "kmalloc.h"
#include "kstack.h"
#include "kcov.h"
#include "attach.h"
#include "base/string.h"
#include "base/printk.h"
#include "timer.h"
#include "signal.h"

static struct thread boot_thread = { .name = "boot", .state = THREAD_RUNNABLE, .uma.name = "boot",
				      .bkl_depth = 1 };
struct thread *sched_current_on[MAX_CPUS] = { &boot_thread };
#define sched_current (sched_current_on[arch_cpu_id()])
static struct thread *idle_thread[MAX_CPUS];
static struct thread *runq_head, *runq_tail;
static struct thread *zombies;            /* exited kernel threads, freed by schedule() */
static struct wait_queue timed_sleepers = WAIT_QUEUE_INIT;
static int next_tid = 1;
static void (*idle_work)(void);   /* the process layer's: free orphaned zombies */

void sched_set_idle_work(void (*fn)(void))
{
	idle_work = fn;
}

static void runq_push(struct thread *t)
{
	t->run_next = NULL;
	if (runq_tail)
		runq_tail->run_next = t;
	else
		runq_head = t;
	runq_tail = t;
}

static struct thread *runq_pop(void)
{
	struct thread *t = runq_head;

	if (t) {
		runq_head = t->run_next;
		if (!runq_head)
			runq_tail = NULL;
	}
	return t;
}

static struct thread *thread_alloc(const char *name)
{
	struct thread *t = kzalloc(sizeof(*t));
	void *stack = kstack_alloc();     /* with an unmapped guard below (kernel/kstack.c) */

	if (!t || !stack) {
		kfree(t);
		if (stack)
			kstack_free(stack);
		return NULL;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->uma.name = t->name;
	t->kstack = stack;
	t->tid = next_tid++;
	t->bkl_depth = 1;                 /* it starts in the kernel, holding the BKL */
	return t;
}

void thread_free(struct thread *t)
{
	if (t == &boot_thread)          /* its stack is in .bss */
		return;
	kcov_detach(t);                 /* its coverage buffer, if any */
	kstack_free(t->kstack);
	kfree(t);
}

/* A thread joined the queue: wake one idle CPU to take it (an idle CPU
 * halts until an interrupt; without this it would wait for its tick). */
static void kick_idle_cpu(void)
{
	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i].idle && i != arch_cpu_id()) {
			cpus[i].idle = false;
			arch_ipi_send(i);
			return;
		}
}

static void make_runnable(struct thread *t)
{
	uint64_t f = arch_irq_save();
	t->state = THREAD_RUNNABLE;
	runq_push(t);
	kick_idle_cpu();
	arch_irq_restore(f);
}

/*
 * What runs when nothing else can: the idle work (freeing orphaned
 * zombies), then halt until an interrupt (which may wake someone). The
 * BKL is given back while halted, so the other CPUs can enter the kernel;
 * interrupts stay masked from the last look at the queue until the halt
 * (arch_idle), so a kick cannot slip in between and be lost.
 */
static void __noreturn idle_loop(void)
{
	for (;;) {
		if (idle_work)
			idle_work();
		schedule();
		arch_irq_disable();
		this_cpu()->idle = true;
		bkl_exit();
		if (!__atomic_load_n(&runq_head, __ATOMIC_RELAXED))
			arch_idle();                     /* returns with interrupts on */
		arch_irq_enable();
		this_cpu()->idle = false;
		bkl_enter();
	}
}

static void idle_entry(void)
{
	idle_loop();
}

void sched_init(void)
{
	uma_thread_switch(&boot_thread.uma);
	idle_thread[0] = thread_alloc("idle0");
	if (!idle_thread[0])
		panic("sched: no memory for the idle thread");
	arch_context_init(&idle_thread[0]->ctx, thread_kstack_top(idle_thread[0]), idle_entry);
}

/* CPU 0 makes each other CPU's idle thread before starting it (kernel/
 * smp.c), so that nothing is allocated later, while programs run and
 * count the kernel's memory: the stack it is started on, and this. */
bool sched_prepare_cpu(unsigned cpu, void *stack)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return false;
	ksnprintf(t->name, sizeof(t->name), "idle%u", cpu);
	t->uma.name = t->name;
	t->kstack = stack;
	t->tid = next_tid++;
	t->cpu = (int)cpu;
	t->bkl_depth = 1;
	idle_thread[cpu] = t;
	return true;
}

/* A CPU that did not start: its idle thread goes (its stack is smp.c's). */
void sched_forget_cpu(unsigned cpu)
{
	kfree(idle_thread[cpu]);
	idle_thread[cpu] = NULL;
}

/* Another CPU joins, holding the BKL, on the stack it was started on: that
 * stack and the code running now become its idle thread. */
void sched_start_cpu(unsigned cpu)
{
	struct thread *t = idle_thread[cpu];

	sched_current = t;
	uma_thread_switch(&t->uma);
	arch_set_kernel_stack(thread_kstack_top(t));
	idle_loop();
}

static void kthread_entry(void)
{
	sched_current->entry_fn(sched_current->entry_arg);
	thread_exit();
}

struct thread *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = thread_alloc(name);

	if (!t)
		return NULL;
	t->entry_fn = fn;
	t->entry_arg = arg;
	arch_context_init(&t->ctx, thread_kstack_top(t), kthread_entry);
	make_runnable(t);
	return t;
}

static void uthread_entry(void)
{
	arch_irq_disable();
	bkl_exit();                          /* leaving the kernel */
	arch_return_to_user(sched_current->utf);
}

struct thread *uthread_create(struct proc *p, const struct trapframe *tf)
{
	struct thread *t = thread_alloc(p->name);

	if (!t)
		return NULL;
	t->proc = p;
	t->utf = (struct trapframe *)thread_kstack_top(t) - 1;
	*t->utf = *tf;
	arch_context_init(&t->ctx, t->utf, uthread_entry);
	make_runnable(t);
	return t;
}

/* Free kernel threads that have exited (never the one we run on). */
static void reap_kthreads(void)
{
	while (zombies && zombies != sched_current) {
		struct thread *t = zombies;
		zombies = t->run_next;
		thread_free(t);
	}
}

void schedule(void)
{
	uint64_t f = arch_irq_save();
	unsigned cpu = arch_cpu_id();
	struct thread *prev = sched_current, *next;

	if (spin_held_count())    /* the next thread here could spin on it forever */
		spin_bug(spin_last[cpu], "held across a thread switch (sleeping with it)");
	if (arch_user_window_open())
		panic("thread switch on cpu %u inside a user-access window (%s): the next thread "
		      "would run with user memory open", cpu, prev->name);

	if (prev->state == THREAD_RUNNABLE && prev != idle_thread[cpu])
		runq_push(prev);
	next = runq_pop();
	if (!next)
		next = idle_thread[cpu];
	if (next != prev) {
		sched_current = next;
		next->cpu = (int)cpu;
		uma_thread_switch(&next->uma);
		if (next->kstack)
			arch_set_kernel_stack(thread_kstack_top(next));
		if (next->attached)                /* kernel/attach.c */
			mm_activate(next->attached);
		else if (next->proc)
			mm_activate(next->proc->mm);
		prev->bkl_depth = bkl_depth();     /* the lock passes to next */
		bkl_set_depth(next->bkl_depth);
		arch_context_switch(&prev->ctx, &next->ctx);
	}
	reap_kthreads();
	arch_irq_restore(f);
}

void yield(void)
{
	this_cpu()->resched = false;
	schedule();
}

void sleep_on(struct wait_queue *wq)
{
	struct thread *t = sched_current;

	if (t->attached)
		panic("ATTACHED_SLEEP: %s (tid %d) sleeps while attached to pid %d "
		      "(an attached section must not sleep: kernel/attach.h)",
		      t->name, t->tid, t->attached_pid);

	t->state = THREAD_SLEEPING;
	t->waiting_on = wq;
	t->wait_next = wq->head;
	wq->head = t;
	schedule();
}

/* Unlink t from the wait queue it sleeps on. Interrupts masked. */
static void wq_remove(struct thread *t)
{
	struct wait_queue *wq = t->waiting_on;

	if (!wq)
		return;
	for (struct thread **pp = &wq->head; *pp; pp = &(*pp)->wait_next)
		if (*pp == t) {
			*pp = t->wait_next;
			break;
		}
	t->waiting_on = NULL;
}

void wake_thread(struct thread *t)
{
	uint64_t f = arch_irq_save();

	if (t->state == THREAD_SLEEPING) {
		wq_remove(t);
		t->wake_at = 0;
		t->state = THREAD_RUNNABLE;
		runq_push(t);
	}
	arch_irq_restore(f);
}

void thread_kick(struct thread *t)
{
	uint64_t f = arch_irq_save();

	if (t->state == THREAD_SLEEPING)
		wake_thread(t);
	else if (t->state == THREAD_RUNNABLE && t->cpu != (int)arch_cpu_id() &&
		 sched_current_on[t->cpu] == t)
		arch_ipi_send((unsigned)t->cpu);   /* in and out of the kernel: it looks */
	arch_irq_restore(f);
}

void wake_up(struct wait_queue *wq)
{
	uint64_t f = arch_irq_save();

	while (wq->head)
		wake_thread(wq->head);
	arch_irq_restore(f);
}

/*
 * The deadline is on the arch counter, not in ticks: when the host stalls
 * an emulated CPU, the timer interrupts it missed arrive in a burst
 * afterwards (arch timer code), and counting ticks would end a sleep that
 * began during the stall too early. Any wake-up but a kill or a signal
 * (current_interrupted) sleeps again until the deadline.
 */
void sleep_ns(uint64_t ns)
{
	uint64_t f = arch_irq_save();
	uint64_t deadline = time_ns() + ns;

	while (time_ns() < deadline && !current_interrupted()) {
		sched_current->wake_at = deadline;
		sleep_on(&timed_sleepers);
	}
	sched_current->wake_at = 0;
	arch_irq_restore(f);
}

void thread_exit(void)
{
	proc_detach_if_attached();
	uma_thread_exit();
	arch_irq_disable();
	sched_current->state = THREAD_ZOMBIE;
	if (!sched_current->proc) {          /* kernel thread: freed by a later schedule() */
		sched_current->run_next = zombies;
		zombies = sched_current;
	}
	schedule();
	panic("sched: a zombie thread was scheduled");
}

/* CPU 0's tick, under the BKL (kernel/timer.c): wake sleepers whose time
 * has come, send the alarms that are due. */
void sched_tick(void)
{
	struct thread *t = timed_sleepers.head;
	uint64_t now = t ? time_ns() : 0;

	while (t) {
		struct thread *next = t->wait_next;
		if (t->wake_at && t->wake_at <= now)
			wake_thread(t);
		t = next;
	}
	proc_alarm_tick(now);        /* SIGALRM (kernel/signal.c) */
}

/* Any CPU's tick, without the BKL: end the time slice if threads wait. A
 * stale look at the queue only moves the switch to the next tick. */
void sched_tick_cpu(void)
{
	if (__atomic_load_n(&runq_head, __ATOMIC_RELAXED))
		this_cpu()->resched = true;
}

bool current_interrupted(void)
{
	return sched_current->killed ||
	       (sched_current->proc && (sched_current->proc->killed ||
					signal_pending_for(sched_current)));
}


bool sched_need_resched(void)
{
	return this_cpu()->resched;
}
