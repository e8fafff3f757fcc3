/*
 * usertests/lib/ulib.h - the user library: system calls and a small libc.
 *
 * This header is the user ABI of SPEC section 6: programs written elsewhere
 * compile against it, so every name and signature below the SPEC heading is
 * exactly as the SPEC lists it. The numbers and structures come from the
 * kernel's own headers in kernel/uapi/ (the Makefile passes -Ikernel/uapi),
 * so the kernel and the library cannot disagree.
 *
 * Failing calls return -1 and set errno to the Linux number (sbrk and mmap
 * return (void *)-1). Floating point and SIMD are fine: the kernel keeps
 * those registers per thread.
 */
#ifndef ULIB_H
#define ULIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"
#include "errno.h"
#include "fs.h"
#include "mman.h"
#include "sysinfo.h"
#include "procinfo.h"
#include "demo.h"
typedef void (*sighandler_t)(int);
#define SIG_HANDLER_TYPE sighandler_t
#include "signal.h"

#ifndef NULL
#define NULL ((void *)0)
#endif

/* errno of the last failing call. One for the whole process: threads
 * share it, so a thread that needs its own error code while others make
 * system calls should use __syscall's -errno result instead. */
extern int errno;

/* The raw system call (usertests/lib/arch/ARCH/syscall.S): returns the
 * kernel's result unchanged, -errno on failure. */
long __syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

/* ---- SPEC section 6: processes ---------------------------------------- */
int fork(void);
int exec(const char *path, char *const argv[]);
int spawn(const char *path, char *const argv[]);
void exit(int status) __attribute__((noreturn));
int wait(int *status);
int waitpid(int pid, int *status);
int kill(int pid, int sig);
int getpid(void);
int getcpu(void);                 /* the CPU the caller runs on (it may move at once) */
/* Kernel coverage of the calling thread's system calls (docs/detectors.md,
 * "Coverage (KCOV)"): buf[0] = PCs recorded, buf[1..n-1] = the PCs; write
 * buf[0] = 0 to start again. ENOSYS unless the kernel is built with COVER=1;
 * EBUSY if on, EINVAL for n < 2 or n > 65536, EFAULT for a bad buf. */
int kcov_enable(unsigned long *buf, unsigned long n);
int kcov_disable(void);           /* EINVAL if it is off */

/* ---- memory ------------------------------------------------------------ */
void *sbrk(long increment);
void *mmap(void *addr, unsigned long len, int prot, int flags, int fd, long off);
int munmap(void *addr, unsigned long len);
int mprotect(void *addr, unsigned long len, int prot);

/* ---- files ------------------------------------------------------------- */
int open(const char *path, int flags, ...);
long read(int fd, void *buf, unsigned long n);
long write(int fd, const void *buf, unsigned long n);
int close(int fd);
int dup(int fd);
int pipe(int fds[2]);
long lseek(int fd, long off, int whence);
int unlink(const char *path);
int link(const char *oldpath, const char *newpath);
int mkdir(const char *path);
int chdir(const char *path);
int fstat(int fd, struct stat *st);

/* ---- threads and time ---------------------------------------------------- */
int thread_create(void (*fn)(void *), void *arg);
int thread_join(int tid);
void yield(void);
int sleep_ms(unsigned ms);
unsigned long uptime_ms(void);
int sysinfo(struct sysinfo *si);
/* What a leak check compares beside heap_bytes: pages free or held by the
 * kernel heap (kernel/uapi/sysinfo.h says why the heap's count as free). */
static inline unsigned long si_free_or_heap_pages(const struct sysinfo *si)
{
	return si->free_pages + si->heap_pages;
}
/* The process with the smallest pid above after: its pid with *pi filled
 * (kernel/uapi/procinfo.h), 0 when there is none. For ps. */
int procinfo(int after, struct procinfo *pi);
/* Another process's memory, like process_vm_readv/writev: pid must be a
 * descendant of the caller (EPERM otherwise); n, or -1 with errno (EFAULT
 * for a bad address on either side, ESRCH for no such process). */
long peek(int pid, const void *addr, void *buf, unsigned long n);
long poke(int pid, void *addr, const void *buf, unsigned long n);
/* The calling thread's own pointer (x86-64 FS base, ARM64 TPIDR_EL0): NULL
 * in a new thread and a new program, inherited by fork. tls_set fails with
 * EINVAL for an address outside user space. */
int tls_set(void *p);
void *tls_get(void);
/* Signals (kernel/uapi/signal.h, docs/syscalls.md "Signals"): the handler
 * runs with its signal blocked, on a frame below the interrupted stack;
 * the second argument it gets is that frame (<asm/sigcontext.h>), for
 * programs that want to look at it. signal returns the old handler, or
 * SIG_ERR with errno EINVAL (SIGKILL, a bad number). alarm_ms: SIGALRM
 * after ms (0 cancels); returns the ms left of the previous alarm. */
sighandler_t signal(int sig, sighandler_t h);
int alarm_ms(unsigned ms);
/* User-mode callbacks (docs/syscalls.md "User-mode callbacks"): a driver
 * (demo's DEMO_CALLBACK) runs fn(arg, frame) in user mode, on a frame below
 * the stack (<asm/sigcontext.h>), and takes what it returns. NULL
 * unregisters. -1 with errno EINVAL for an address outside user space. */
typedef long (*callback_fn)(long arg, void *frame);
int callback_register(callback_fn fn);

/* ---- beyond SPEC 6: for ls, trace, the tests and smapdemo ---------------- */
/* Fill buf with up to n bytes of whole struct dirent records from the
 * directory fd; returns the bytes filled, 0 at the end. */
long getdents(int fd, struct dirent *buf, unsigned long n);
/* End the calling thread; the last one to end ends the process with
 * status 0. A thread whose function returns ends the same way. */
void thread_exit(void) __attribute__((noreturn));
/* Test-only: the kernel checks its heap and page tables; 0 if healthy. */
int kcheck(void);
/* The deliberately buggy teaching driver (kernel/uapi/demo.h). Returns the
 * kernel's result, or -1 with errno. */
long demo(int op, void *arg, unsigned long len);
/* Trace the caller and every child it makes from now on: one line per
 * system call, strace-style, written to fd (the kernel keeps its own
 * reference to that file); -1 stops tracing the caller. /bin/trace uses it. */
int trace_me(int fd);

/* ---- formatted output (no floating point) ------------------------------ */
/* %d %i %u %x %X %p %s %c %% with width, '-', '0' and l / ll / z. */
/* What a lab's stub in user space calls: says on stderr which piece is
 * missing and where the handout is (usertests/lib/lab.c, docs/labs/). */
void lab_missing(const char *lab, const char *what);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int vfprintf(int fd, const char *fmt, va_list ap);
int puts(const char *s);

/* ---- strings and memory --------------------------------------------------- */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int atoi(const char *s);
/* extras used by the programs in usertests/bin */
void *memmove(void *dst, const void *src, size_t n);
char *strchr(const char *s, int c);
char *strerror(int err);

/* ---- heap ---------------------------------------------------------------- */
void *malloc(size_t n);
void free(void *p);

/* ---- a lock for threads (usertests/lib/ulock.c) ---------------------------- */
/* Held for short stretches only: a waiter yields the CPU until it is free.
 * Zero-initialised means unlocked. */
struct ulock { int held; };
void ulock_acquire(struct ulock *l);
void ulock_release(struct ulock *l);
/* The library's own locks: malloc/free, and each printf call's output
 * (so lines from different threads do not mix); fork takes both. */
extern struct ulock __ulib_heap_lock, __ulib_print_lock;

#endif
