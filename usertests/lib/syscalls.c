/*
 * usertests/lib/syscalls.c - one C wrapper per system call.
 *
 * The kernel returns -errno on failure (kernel/uapi/syscalls.h); like Linux's
 * libc we treat only [-4095, -1] as an error, so a large legitimate result
 * (an address, a file offset) is never mistaken for one.
 *
 * The plain wrappers are generated from the list of system calls,
 * kernel/uapi/syscall_table.h (the lines marked LIB): each passes its
 * arguments in order and turns an error into -1 and errno. ulib.h declares
 * them all, so a type in the table that differs from the ABI does not
 * compile. The calls that need more are written by hand below (OWN).
 */
#include "ulib.h"

int errno;

static long check(long r)
{
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* int close(int fd) { long a[6] = { (long)fd }; return (int)check(__syscall(...)); } */
#define PARAM(kind, type, name) type name
#define PASS(kind, type, name)  (long)name
#define PARAMS0(...)            void
#define PARAMS1(...)            SC_MAP1(PARAM, __VA_ARGS__)
#define PARAMS2(...)            SC_MAP2(PARAM, __VA_ARGS__)
#define PARAMS3(...)            SC_MAP3(PARAM, __VA_ARGS__)
#define PARAMS4(...)            SC_MAP4(PARAM, __VA_ARGS__)
#define PARAMS5(...)            SC_MAP5(PARAM, __VA_ARGS__)
#define PARAMS6(...)            SC_MAP6(PARAM, __VA_ARGS__)
#define STUB_LIB(nr, name, rtype, nargs, ...)                                          \
	rtype name(PARAMS##nargs(__VA_ARGS__))                                         \
	{                                                                              \
		long a[6] = { SC_MAP##nargs(PASS, __VA_ARGS__) };                      \
		return (rtype)check(__syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5])); \
	}
#define STUB_OWN(...)
#define STUB_NONE(...)
#define SYSCALL(nr, name, stub, ret, rtype, nargs, ...) \
	STUB_##stub(nr, name, rtype, nargs, __VA_ARGS__)
#include "syscall_table.h"
#undef SYSCALL

// LAB syscall BEGIN: nothing: procinfo's line in the table makes its wrapper just above
// LAB syscall STUB
// /*
//  * A stand-in while system call 40 has no line in kernel/uapi/syscall_table.h.
//  * That line makes the real wrapper (STUB_LIB above), and then this one must
//  * go: two definitions of procinfo() do not compile (docs/labs/01-syscall.md).
//  */
// int procinfo(int after, struct procinfo *pi)
// {
// 	static bool said;
//
// 	if (!said) {
// 		said = true;
// 		lab_missing("syscall", "procinfo() (system call 40, its line in the table)");
// 	}
// 	errno = ENOSYS;
// 	return -1;
// }
// LAB syscall END

/*
 * The child gets a copy of memory but only the thread that called fork. A
 * library lock held by another thread at that moment would stay held in
 * the child forever (and the heap could be half-updated), so take both
 * library locks around the fork: the copy then sees them free and the
 * structures they guard consistent (POSIX solves this with pthread_atfork).
 * Order: print before heap, the only order anyone takes both.
 */
int fork(void)
{
	ulock_acquire(&__ulib_print_lock);
	ulock_acquire(&__ulib_heap_lock);
	long r = __syscall(SYS_fork, 0, 0, 0, 0, 0, 0);
	ulock_release(&__ulib_heap_lock);
	ulock_release(&__ulib_print_lock);
	return check(r);
}

void exit(int status)
{
	__syscall(SYS_exit, status, 0, 0, 0, 0, 0);
	for (;;)                /* exit does not return; if it did, spin */
		;
}

/* Never fails: whatever the pointer holds, even a value that looks like an
 * error number, is the answer (ARM64 programs may also write TPIDR_EL0). */
void *tls_get(void)
{
	return (void *)__syscall(SYS_tls_get, 0, 0, 0, 0, 0, 0);
}

/* memory: failure is (void *)-1 (MAP_FAILED) */
void *sbrk(long increment)
{
	long r = check(__syscall(SYS_sbrk, increment, 0, 0, 0, 0, 0));
	return r == -1 ? (void *)-1 : (void *)r;
}

void *mmap(void *addr, unsigned long len, int prot, int flags, int fd, long off)
{
	long r = check(__syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off));
	return r == -1 ? MAP_FAILED : (void *)r;
}

/* open's optional mode argument is accepted and ignored (no permissions
 * in this file system) */
int open(const char *path, int flags, ...)
{
	return check(__syscall(SYS_open, (long)path, flags, 0, 0, 0, 0));
}

int pipe(int fds[2])
{
	return check(__syscall(SYS_pipe, (long)fds, 0, 0, 0, 0, 0));
}

void yield(void)
{
	__syscall(SYS_yield, 0, 0, 0, 0, 0, 0);
}

/* thread_create, thread_join, thread_exit: thread.c */

/* The kernel makes a handler return into this trampoline
 * (usertests/lib/arch/ARCH/sigreturn.S), which calls sigreturn; Linux's
 * libc passes its own the same way (sa_restorer). */
void __sigreturn_trampoline(void);

/* The same for user-mode callbacks: usertests/lib/arch/ARCH/callback.S. */
void __callback_trampoline(void);

int callback_register(callback_fn fn)
{
	long r = __syscall(SYS_callback_register, (long)fn, (long)__callback_trampoline, 0, 0, 0,
			   0);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t h)
{
	long r = __syscall(SYS_signal, sig, (long)h, (long)__sigreturn_trampoline, 0, 0, 0);

	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return SIG_ERR;
	}
	return (sighandler_t)r;
}
