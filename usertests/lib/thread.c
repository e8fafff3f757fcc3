/*
 * usertests/lib/thread.c - user threads on top of SYS_thread_create.
 *
 * The kernel starts a new thread at an address we give it, on a fresh
 * 64 KiB stack, with two arguments in the first two argument registers
 * (kernel/uapi/syscalls.h). It does not know about C functions returning:
 * if the thread's function just returned, it would return into whatever
 * garbage sits above its stack. So every thread starts in thread_start,
 * which calls the user's function and then ends the thread properly.
 */
#include "ulib.h"

static void __attribute__((noreturn)) thread_start(void (*fn)(void *), void *arg)
{
	fn(arg);
	thread_exit();
}

int thread_create(void (*fn)(void *), void *arg)
{
	long r = __syscall(SYS_thread_create, (long)thread_start, (long)fn, (long)arg, 0, 0, 0);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

int thread_join(int tid)
{
	long r = __syscall(SYS_thread_join, tid, 0, 0, 0, 0, 0);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return 0;
}

/* The last thread to end ends the process with status 0. */
void thread_exit(void)
{
	__syscall(SYS_thread_exit, 0, 0, 0, 0, 0, 0);
	for (;;)                /* thread_exit does not return; if it did, spin */
		;
}
