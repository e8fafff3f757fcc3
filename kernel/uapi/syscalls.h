/*
 * kernel/uapi/syscalls.h - system call numbers: the user ABI (SPEC section 6).
 *
 * Shared by the kernel and usertests/lib (this directory is the only part of
 * kernel/ that user programs see). Calling convention, as on Linux:
 *   x86-64: `syscall`, number in rax, arguments in rdi rsi rdx r10 r8 r9,
 *           result in rax (rcx and r11 are clobbered by the instruction).
 *   ARM64:  `svc #0`, number in x8, arguments in x0..x5, result in x0.
 * A result in [-4095, -1] is -errno (kernel/uapi/errno.h); the library
 * turns it into -1 and sets errno.
 */
#ifndef UAPI_SYSCALLS_H
#define UAPI_SYSCALLS_H

#define SYS_exit           1   /* (int status) */
#define SYS_fork           2   /* () */
#define SYS_exec           3   /* (const char *path, char *const argv[]) */
#define SYS_spawn          4   /* (const char *path, char *const argv[]) */
#define SYS_wait           5   /* (int *status) */
#define SYS_waitpid        6   /* (int pid, int *status) */
#define SYS_kill           7   /* (int pid) */
#define SYS_getpid         8   /* () */
#define SYS_sbrk           9   /* (long increment) */
#define SYS_mmap          10   /* (void *addr, unsigned long len, int prot, int flags, int fd, long off) */
#define SYS_munmap        11   /* (void *addr, unsigned long len) */
#define SYS_mprotect      12   /* (void *addr, unsigned long len, int prot) */
#define SYS_open          13   /* (const char *path, int flags) */
#define SYS_read          14   /* (int fd, void *buf, unsigned long n) */
#define SYS_write         15   /* (int fd, const void *buf, unsigned long n) */
#define SYS_close         16   /* (int fd) */
#define SYS_dup           17   /* (int fd) */
#define SYS_pipe          18   /* (int fds[2]) */
#define SYS_lseek         19   /* (int fd, long off, int whence) */
#define SYS_unlink        20   /* (const char *path) */
#define SYS_link          21   /* (const char *old, const char *new) */
#define SYS_mkdir         22   /* (const char *path) */
#define SYS_chdir         23   /* (const char *path) */
#define SYS_fstat         24   /* (int fd, struct stat *st) */
#define SYS_thread_create 25   /* (void (*start)(fn, arg), void (*fn)(void *), void *arg): the
                                  new thread runs start(fn, arg) on its own stack; the library's
                                  start calls fn(arg), then thread_exit */
#define SYS_thread_join   26   /* (int tid) */
#define SYS_yield         27   /* () */
#define SYS_sleep_ms      28   /* (unsigned ms) */
#define SYS_uptime_ms     29   /* () */
#define SYS_sysinfo       30   /* (struct sysinfo *si) */
#define SYS_kcheck        31   /* () test-only: check heap and page tables, 0 or -EIO */
#define SYS_demo          32   /* (int op, void *arg, unsigned long len) kernel/sys/demo_driver.c */
#define SYS_getdents      33   /* (int fd, struct dirent *buf, unsigned long n) -- for ls */
#define SYS_thread_exit   34   /* () ends the calling thread (the library calls it) */
#define SYS_dfdetect      35   /* (int op) test-only: double-fetch detector, see uma/doublefetch.h */
#define NSYSCALLS         36

#endif
