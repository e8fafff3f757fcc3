/*
 * uma/uma_thread.h - what UMA keeps for each thread.
 *
 * UMA needs a little state per thread: the stack of active __try frames
 * (uma/seh.h) and where the last user access faulted (uma/extable.c). It
 * does not need to know what a thread is. The scheduler, a layer above
 * (kernel/sched.c), embeds a struct uma_thread in every struct thread and
 * calls uma_thread_switch() each time another thread starts running, so
 * uma_current always describes the thread running on this CPU: it is one
 * pointer per CPU, read through the macro below (as Linux's `current`).
 */
#ifndef UMA_UMA_THREAD_H
#define UMA_UMA_THREAD_H

#include "base/types.h"
#include "base/percpu.h"
#include <asm/cpu.h>

struct seh_frame;

struct uma_thread {
	struct seh_frame *seh_top;   /* innermost active __try, NULL if none */
	uint64_t fault_addr;         /* address of the last faulting user access */
	uint64_t fault_pc;           /* and the accessor instruction that faulted */
	const char *name;            /* the thread's name, for reports */
	uintptr_t space;             /* 0: its own address space; else a tag for the
	                                one it is attached to (kernel/attach.c) */
};

extern struct uma_thread *uma_current_on[MAX_CPUS];
#define uma_current (uma_current_on[arch_cpu_id()])

static inline void uma_thread_switch(struct uma_thread *next)
{
	uma_current = next;
}

/* The thread now reaches another address space (0: its own again); only
 * the double-fetch detector cares (uma/doublefetch.c). */
static inline void uma_thread_set_space(struct uma_thread *t, uintptr_t space)
{
	t->space = space;
}

/* The running thread ends (it may be inside a system call: exit, a kill):
 * UMA forgets what it kept for it, so a new thread that reuses the memory
 * starts clean (uma/uma.c). */
void uma_thread_exit(void);

#endif
