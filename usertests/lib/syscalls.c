/*
 * usertests/lib/syscalls.c - one C wrapper per system call.
 *
 * The kernel returns -errno on failure (kernel/uapi/syscalls.h); like Linux's
 * libc we treat only [-4095, -1] as an error, so a large legitimate result
 * (an address, a file offset) is never mistaken for one.
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

#define SC0(nr)             check(__syscall(nr, 0, 0, 0, 0, 0, 0))
#define SC1(nr, a)          check(__syscall(nr, (long)(a), 0, 0, 0, 0, 0))
#define SC2(nr, a, b)       check(__syscall(nr, (long)(a), (long)(b), 0, 0, 0, 0))
#define SC3(nr, a, b, c)    check(__syscall(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0))

/* processes */
int exec(const char *path, char *const argv[])   { return SC2(SYS_exec, path, argv); }
int spawn(const char *path, char *const argv[])  { return SC2(SYS_spawn, path, argv); }
int wait(int *status)                            { return SC1(SYS_wait, status); }
int waitpid(int pid, int *status)                { return SC2(SYS_waitpid, pid, status); }
int kill(int pid)                                { return SC1(SYS_kill, pid); }
int getpid(void)                                 { return SC0(SYS_getpid); }

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

/* memory: failure is (void *)-1 (MAP_FAILED) */
void *sbrk(long increment)
{
	long r = SC1(SYS_sbrk, increment);
	return r == -1 ? (void *)-1 : (void *)r;
}

void *mmap(void *addr, unsigned long len, int prot, int flags, int fd, long off)
{
	long r = check(__syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off));
	return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, unsigned long len)         { return SC2(SYS_munmap, addr, len); }
int mprotect(void *addr, unsigned long len, int prot) { return SC3(SYS_mprotect, addr, len, prot); }

/* files; open's optional mode argument is accepted and ignored (no
 * permissions in this file system) */
int open(const char *path, int flags, ...)       { return SC2(SYS_open, path, flags); }
long read(int fd, void *buf, unsigned long n)    { return SC3(SYS_read, fd, buf, n); }
long write(int fd, const void *buf, unsigned long n) { return SC3(SYS_write, fd, buf, n); }
int close(int fd)                                { return SC1(SYS_close, fd); }
int dup(int fd)                                  { return SC1(SYS_dup, fd); }
int pipe(int fds[2])                             { return SC1(SYS_pipe, fds); }
long lseek(int fd, long off, int whence)         { return SC3(SYS_lseek, fd, off, whence); }
int unlink(const char *path)                     { return SC1(SYS_unlink, path); }
int link(const char *oldpath, const char *newpath) { return SC2(SYS_link, oldpath, newpath); }
int mkdir(const char *path)                      { return SC1(SYS_mkdir, path); }
int chdir(const char *path)                      { return SC1(SYS_chdir, path); }
int fstat(int fd, struct stat *st)               { return SC2(SYS_fstat, fd, st); }
long getdents(int fd, struct dirent *buf, unsigned long n) { return SC3(SYS_getdents, fd, buf, n); }

/* threads and time */
/* thread_create, thread_join, thread_exit: thread.c */
void yield(void)                                 { __syscall(SYS_yield, 0, 0, 0, 0, 0, 0); }
int sleep_ms(unsigned ms)                        { return SC1(SYS_sleep_ms, ms); }
unsigned long uptime_ms(void)  { return (unsigned long)__syscall(SYS_uptime_ms, 0, 0, 0, 0, 0, 0); }
int sysinfo(struct sysinfo *si)                  { return SC1(SYS_sysinfo, si); }

/* test and demonstration hooks */
int kcheck(void)                                 { return SC0(SYS_kcheck); }
long demo(int op, void *arg, unsigned long len)  { return SC3(SYS_demo, op, arg, len); }
