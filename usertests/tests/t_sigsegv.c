/*
 * t_sigsegv - a bad access in user mode becomes SIGSEGV for a handler
 * (kernel/signal.c, signal_fault), and kills as before otherwise.
 *
 * With a SIGSEGV handler set and SIGSEGV not blocked, the faulting thread
 * runs the handler; returning from it retries the instruction, so the
 * handler either fixes the cause (mprotect) or leaves (exit). Without a
 * handler, with SIG_IGN, or while SIGSEGV is blocked (a fault inside its
 * own handler) the process is killed with status -1 as before.
 */
#include "testlib.h"

static volatile int segv_count;
static char *page;

static void exit_42(int sig)
{
	exit(sig == SIGSEGV ? 42 : 1);
}

static void child_null_write(void)
{
	signal(SIGSEGV, exit_42);
	*(volatile int *)0 = 1;
	exit(2);
}

static void child_null_call(void)
{
	signal(SIGSEGV, exit_42);
	((void (*)(void))0)();
	exit(2);
}

static void make_writable(int sig)
{
	segv_count++;
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

/* The handler fixes the page; the write is retried and lands. */
static void child_fix_and_retry(void)
{
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	signal(SIGSEGV, make_writable);
	((volatile char *)page)[100] = 'x';
	exit(segv_count == 1 && page[100] == 'x' ? 0 : 1);
}

static void fault_again(int sig)
{
	*(volatile int *)0 = 2;          /* SIGSEGV is blocked here */
	exit(3);
}

static void child_fault_in_handler(void)
{
	signal(SIGSEGV, fault_again);
	*(volatile int *)0 = 1;
	exit(4);
}

static void child_ignored(void)
{
	signal(SIGSEGV, SIG_IGN);
	*(volatile int *)0 = 1;
	exit(5);
}

static void child_default(void)
{
	*(volatile int *)0 = 1;
	exit(6);
}

/* A fault in a second thread goes to that thread's handler run. */
static volatile int thread_done;
static void writer(void *arg)
{
	((volatile char *)page)[200] = 'y';
	thread_done = 1;
}

static void child_thread(void)
{
	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	signal(SIGSEGV, make_writable);
	int tid = thread_create(writer, NULL);
	if (tid < 0 || thread_join(tid) != 0)
		exit(1);
	exit(thread_done && segv_count == 1 && page[200] == 'y' ? 0 : 2);
}

int main(void)
{
	struct t_kstate before;

	t_kstate(&before);
	t_ok(t_in_child(child_null_write) == 42, "a write to NULL runs the SIGSEGV handler (exit 42)");
	t_ok(t_in_child(child_null_call) == 42, "a call to NULL runs the SIGSEGV handler (exit 42)");
	t_ok(t_in_child(child_fix_and_retry) == 0,
	     "a write to a read-only page: the handler makes it writable, the write is retried "
	     "and lands; the handler ran once");
	t_ok(t_in_child(child_thread) == 0,
	     "the same fault in a second thread: its handler runs, the thread goes on");
	t_ok(t_in_child(child_fault_in_handler) == -1,
	     "a fault inside the SIGSEGV handler (SIGSEGV blocked): killed, -1");
	t_ok(t_in_child(child_ignored) == -1, "SIG_IGN does not ignore a fault: killed, -1");
	t_ok(t_in_child(child_default) == -1, "no handler: killed, -1, as before");
	t_kernel_healthy(&before, "after the SIGSEGV tests");
	return t_done();
}
