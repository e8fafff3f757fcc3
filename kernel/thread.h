/*
 * kernel/thread.h - threads: what the scheduler runs.
 *
 * Every thread has its own kernel stack (KSTACK_SIZE), a saved context for
 * arch_context_switch() and, if it belongs to a user process, a pointer to
 * its process and to the user registers saved at the top of its kernel
 * stack when it last entered the kernel. What UMA needs per thread lives
 * here too: the SEH frame stack and the last faulting user access.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "base/types.h"
#include <asm/context.h>
#include "uma/uma_thread.h"
#include "kcov.h"
#include "arch/kstack.h"  /* KSTACK_SIZE; the stacks are in their own area */
#include "base/percpu.h"
#include <asm/cpu.h>

struct proc;
struct trapframe;
struct wait_queue;


enum thread_state {
	THREAD_RUNNABLE,    /* on the run queue (or running) */
	THREAD_SLEEPING,    /* on a wait queue, or sleeping until wake_at (sleep_ns) */
	THREAD_ZOMBIE,      /* exited; its stack is freed by whoever reaps it */
};

struct thread {
	char name[16];
	int tid;
	enum thread_state state;
	struct proc *proc;           /* NULL for kernel threads */
	struct context ctx;          /* callee-saved registers while switched out */
	void *kstack;                /* lowest address of the kernel stack */
	struct trapframe *utf;       /* user registers (top of kstack), NULL for kernel threads */
	struct thread *run_next;     /* run queue link */
	struct thread *wait_next;    /* wait queue link */
	struct wait_queue *waiting_on;
	uint64_t wake_at;            /* time_ns() deadline of sleep_ns, 0 = none */
	bool killed;                 /* another thread of the process ends it: die quietly */
	unsigned bkl_depth;          /* its hold on the big kernel lock while
	                                switched out (kernel/bkl.h) */
	int cpu;                     /* the CPU it runs on, or last ran on */
	uint32_t sig_blocked;        /* signals this thread does not take (kernel/signal.c) */
	uint32_t sig_forced;         /* SIGSEGV from its own fault: for it alone */
	uintptr_t ustack;            /* user threads made by thread_create: their stack area */
	void (*entry_fn)(void *);    /* kernel threads: what to run */
	void *entry_arg;

	struct uma_thread uma;       /* UMA's per-thread state (uma/uma_thread.h) */
	struct mm *attached;         /* whose address space it runs in for now
	                                (kernel/attach.c), NULL: its own */
	int attached_pid;
	/* A user-mode callback this thread runs for a driver (kernel/callback.c):
	 * the driver's second half (NULL: none pending), its word of state, and
	 * where the kernel wrote the frame. */
	long (*cb_done)(uint64_t cookie, long result);
	uint64_t cb_cookie;
	uint64_t cb_frame;
	struct kcov_thread kcov;     /* coverage of its system calls (kernel/kcov.h) */
};

/* The running thread of each CPU, kept by schedule() (kernel/sched.c).
 * Inline: it is on the path of every system call, where a call and its
 * return cost an emulator a lookup each. A thread in the kernel never
 * changes CPU except by switching, so the answer stays true until it
 * calls schedule(). */
extern struct thread *sched_current_on[MAX_CPUS];

static inline struct thread *current_thread(void)
{
	return sched_current_on[arch_cpu_id()];
}

/* The top of t's kernel stack: where the user trapframe sits. */
static inline void *thread_kstack_top(const struct thread *t)
{
	return (char *)t->kstack + KSTACK_SIZE;
}

#endif
