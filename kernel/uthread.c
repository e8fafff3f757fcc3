/*
 * kernel/uthread.c - the threads of a user process.
 *
 * All threads of a process share its address space, files and current
 * directory; each has its own kernel stack and, when made by
 * thread_create, its own 64 KiB user stack with an unmapped guard page
 * below it. A thread that ends stays as a zombie until thread_join (or
 * the end of the process) frees it. Ending the process -- exit() from any
 * thread, a kill, a fault -- ends every thread of it (kill_other_threads).
 */
#include "proc.h"
#include "mm.h"
#include "vm.h"
#include "arch/arch.h"
#include "uapi/errno.h"

/* Start a thread of p from tf in a free slot. */
long proc_add_thread(struct proc *p, const struct trapframe *tf, struct thread **out)
{
	for (int i = 0; i < MAXTHREAD; i++)
		if (!p->threads[i]) {
			struct thread *t = uthread_create(p, tf);
			if (!t)
				return -ENOMEM;
			p->threads[i] = t;
			if (out)
				*out = t;
			return 0;
		}
	return -EAGAIN;
}

static int live_threads(const struct proc *p)
{
	int n = 0;
	for (int i = 0; i < MAXTHREAD; i++)
		n += p->threads[i] && p->threads[i]->state != THREAD_ZOMBIE;
	return n;
}

/* Free a zombie thread of p: its slot, its user stack, its kernel stack. */
static void reap_thread(struct proc *p, int slot)
{
	struct thread *t = p->threads[slot];

	if (t->ustack && p->mm)
		mm_unmap(p->mm, t->ustack, USER_THREAD_STACK);
	p->threads[slot] = NULL;
	thread_free(t);
}

void proc_reap_threads(struct proc *p)
{
	for (int i = 0; i < MAXTHREAD; i++)
		if (p->threads[i])
			reap_thread(p, i);
}

/*
 * Make every other thread of the current process end, and wait until they
 * have: a sleeping one is woken (its system call returns -EINTR), a running
 * one notices on its way back to user mode (proc_user_return).
 */
bool kill_other_threads(struct proc *p, bool may_give_up)
{
	struct thread *me = current_thread();
	bool alone;

	for (int i = 0; i < MAXTHREAD; i++)
		if (p->threads[i] && p->threads[i] != me && p->threads[i]->state != THREAD_ZOMBIE) {
			p->threads[i]->killed = true;
			thread_kick(p->threads[i]);
		}
	uint64_t f = arch_irq_save();
	/* exec gives up when a sibling ends the process meanwhile (a fault, a
	 * kill): that one waits in proc_exit for us, and waiting for it here
	 * would be a deadlock (found by /bin/fuzz: t_fuzz_exec_fault). */
	while (!(alone = live_threads(p) <= 1) && !(may_give_up && (me->killed || p->killed)))
		sleep_on(&p->thread_wq);
	arch_irq_restore(f);
	return alone;
}

long proc_thread_create(uint64_t start, uint64_t fn, uint64_t arg)
{
	struct proc *p = current_proc();
	struct trapframe tf;
	struct thread *t;
	uintptr_t guard = mm_find_free(p->mm, PAGE_SIZE + USER_THREAD_STACK);
	uintptr_t stack = guard + PAGE_SIZE;
	long err = mm_map(p->mm, stack, USER_THREAD_STACK, VM_READ | VM_WRITE, VMA_STACK);

	if (err)
		return err;
	/* start(fn, arg) on a 16-byte aligned stack, like a process's entry */
	arch_utf_init(&tf, start, stack + USER_THREAD_STACK, fn, arg);
	err = proc_add_thread(p, &tf, &t);
	if (err) {
		mm_unmap(p->mm, stack, USER_THREAD_STACK);
		return err;
	}
	t->ustack = stack;
	t->sig_blocked = current_thread()->sig_blocked;   /* POSIX: the creator's mask */
	return t->tid;
}

long proc_thread_join(int tid)
{
	struct proc *p = current_proc();

	if (tid == current_thread()->tid)
		return -EINVAL;
	for (;;) {
		int slot = -1;
		uint64_t f = arch_irq_save();
		for (int i = 0; i < MAXTHREAD; i++)
			if (p->threads[i] && p->threads[i]->tid == tid)
				slot = i;
		if (slot < 0 || (p->threads[slot]->state != THREAD_ZOMBIE && current_interrupted())) {
			arch_irq_restore(f);
			return slot < 0 ? -ESRCH : -EINTR;
		}
		if (p->threads[slot]->state == THREAD_ZOMBIE) {
			arch_irq_restore(f);
			reap_thread(p, slot);
			return 0;
		}
		sleep_on(&p->thread_wq);
		arch_irq_restore(f);
	}
}

void proc_thread_exit(void)
{
	struct proc *p = current_proc();

	if (live_threads(p) == 1 && !p->exiting)
		proc_exit(0);                 /* the last thread ends the process */
	wake_up(&p->thread_wq);           /* joiners, and an exiting sibling */
	thread_exit();
}
