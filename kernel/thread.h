/*
 * kernel/thread.h - the running thread.
 *
 * There is one thread today, the boot thread. What UMA needs per thread
 * lives here already (the SEH frame stack and the last user-access fault),
 * so that when the scheduler arrives each thread simply gets its own.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "types.h"

struct seh_frame;

struct thread {
	const char *name;
	struct seh_frame *seh_top;   /* innermost active __try (uma/seh.h) */
	uint64_t uma_fault_addr;     /* address of the last faulting user access */
	uint64_t uma_fault_pc;       /* and the accessor instruction that faulted */
};

struct thread *current_thread(void);

#endif
