/*
 * kernel/uapi/syscall_table.h - every system call, once (an X-macro list).
 *
 * Adding a system call is one line here plus its handler
 * `long sys_NAME(const struct syscall_args *a)` in the kernel. Everything
 * else is generated from this list, by files that define SYSCALL() and
 * then #include this one (it has no include guard on purpose):
 *
 *   kernel/uapi/syscalls.h    the numbers SYS_NAME and NSYSCALLS
 *   kernel/sys/syscall.h          the prototype of every sys_NAME
 *   kernel/sys/syscall.c          the dispatch table (number -> sys_NAME)
 *   kernel/sys/sysdebug.c         the names ("read" for SYS_read)
 *   kernel/sys/trace_fmt.c    how `trace` prints each argument and result
 *   usertests/lib/syscalls.c  the user library's wrappers (int close(int fd) ...)
 *
 * A line is
 *     SYSCALL(nr, name, stub, returns, C return type, nargs, args...)
 * with each argument written (kind, C type, name), as the user sees it.
 *
 * stub     LIB:  usertests/lib/syscalls.c generates the wrapper (a result in
 *                [-4095, -1] becomes -1 and errno). Its C types must match
 *                usertests/lib/ulib.h, the stable ABI: the compiler checks.
 *          OWN:  the library writes that wrapper by hand (fork takes the
 *                library locks, exit never returns, sbrk/mmap return
 *                (void *)-1, open has `...`, pipe's `int fds[2]` is no
 *                (type, name) pair, threads need a trampoline).
 *          NONE: no wrapper; programs use __syscall() (test-only calls).
 * returns  how `trace` prints the result: INT FD PID SIZE (decimal), PTR
 *          (hex), NORETURN (the call never returns: printed before it runs).
 *          An error is always printed as `-1 ENAME (text)`.
 * kind     how `trace` prints an argument:
 *          INT UINT LONG SIZE FD PID  decimal
 *          PTR                        hex, never read
 *          PATH                       the string, read through UMA
 *          ARGV                       ["a", "b"], read through UMA
 *          BUF_IN                     a buffer the call reads; its length is
 *                                     the NEXT argument: shown as a string
 *          BUF_OUT                    a buffer the call writes: hex
 *          OFLAGS PROT MFLAGS WHENCE  open flags, mmap prot / flags, lseek
 *                                     whence: by name (O_RDONLY|O_CREAT)
 *
 * Numbers are the ABI (SPEC section 6): never change or reuse one.
 */

/*      nr  name           stub  returns   C type         nargs  arguments */
SYSCALL( 1, exit,          OWN,  NORETURN, void,          1, (INT, int, status))
SYSCALL( 2, fork,          OWN,  PID,      int,           0)
SYSCALL( 3, exec,          LIB,  INT,      int,           2, (PATH, const char *, path),
							     (ARGV, char *const *, argv))
SYSCALL( 4, spawn,         LIB,  PID,      int,           2, (PATH, const char *, path),
							     (ARGV, char *const *, argv))
SYSCALL( 5, wait,          LIB,  PID,      int,           1, (BUF_OUT, int *, status))
SYSCALL( 6, waitpid,       LIB,  PID,      int,           2, (PID, int, pid),
							     (BUF_OUT, int *, status))
/* sig 0 only checks that pid exists (kernel/uapi/signal.h, kernel/signal.c) */
SYSCALL( 7, kill,          LIB,  INT,      int,           2, (PID, int, pid),
							     (INT, int, sig))
SYSCALL( 8, getpid,        LIB,  PID,      int,           0)
SYSCALL( 9, sbrk,          OWN,  PTR,      void *,        1, (LONG, long, increment))
SYSCALL(10, mmap,          OWN,  PTR,      void *,        6, (PTR, void *, addr),
							     (SIZE, unsigned long, len),
							     (PROT, int, prot),
							     (MFLAGS, int, flags),
							     (FD, int, fd),
							     (LONG, long, off))
SYSCALL(11, munmap,        LIB,  INT,      int,           2, (PTR, void *, addr),
							     (SIZE, unsigned long, len))
SYSCALL(12, mprotect,      LIB,  INT,      int,           3, (PTR, void *, addr),
							     (SIZE, unsigned long, len),
							     (PROT, int, prot))
SYSCALL(13, open,          OWN,  FD,       int,           2, (PATH, const char *, path),
							     (OFLAGS, int, flags))
SYSCALL(14, read,          LIB,  SIZE,     long,          3, (FD, int, fd),
							     (BUF_OUT, void *, buf),
							     (SIZE, unsigned long, n))
SYSCALL(15, write,         LIB,  SIZE,     long,          3, (FD, int, fd),
							     (BUF_IN, const void *, buf),
							     (SIZE, unsigned long, n))
SYSCALL(16, close,         LIB,  INT,      int,           1, (FD, int, fd))
SYSCALL(17, dup,           LIB,  FD,       int,           1, (FD, int, fd))
SYSCALL(18, pipe,          OWN,  INT,      int,           1, (BUF_OUT, int *, fds))
SYSCALL(19, lseek,         LIB,  SIZE,     long,          3, (FD, int, fd),
							     (LONG, long, off),
							     (WHENCE, int, whence))
SYSCALL(20, unlink,        LIB,  INT,      int,           1, (PATH, const char *, path))
SYSCALL(21, link,          LIB,  INT,      int,           2, (PATH, const char *, oldpath),
							     (PATH, const char *, newpath))
SYSCALL(22, mkdir,         LIB,  INT,      int,           1, (PATH, const char *, path))
SYSCALL(23, chdir,         LIB,  INT,      int,           1, (PATH, const char *, path))
SYSCALL(24, fstat,         LIB,  INT,      int,           2, (FD, int, fd),
							     (BUF_OUT, struct stat *, st))
/* (start, fn, arg): the new thread runs start(fn, arg) on its own stack;
 * the library's start calls fn(arg), then thread_exit (usertests/lib/thread.c) */
SYSCALL(25, thread_create, OWN,  INT,      int,           3, (PTR, void *, start),
							     (PTR, void *, fn),
							     (PTR, void *, arg))
SYSCALL(26, thread_join,   OWN,  INT,      int,           1, (INT, int, tid))
SYSCALL(27, yield,         OWN,  INT,      void,          0)
SYSCALL(28, sleep_ms,      LIB,  INT,      int,           1, (UINT, unsigned, ms))
SYSCALL(29, uptime_ms,     LIB,  SIZE,     unsigned long, 0)
SYSCALL(30, sysinfo,       LIB,  INT,      int,           1, (BUF_OUT, struct sysinfo *, si))
/* test-only: check the kernel heap and the caller's page tables, 0 or -EIO */
SYSCALL(31, kcheck,        LIB,  INT,      int,           0)
/* the deliberately buggy driver, kernel/sys/demo_driver.c and kernel/uapi/demo.h */
SYSCALL(32, demo,          LIB,  INT,      long,          3, (INT, int, op),
							     (PTR, void *, arg),
							     (SIZE, unsigned long, len))
SYSCALL(33, getdents,      LIB,  SIZE,     long,          3, (FD, int, fd),
							     (BUF_OUT, struct dirent *, buf),
							     (SIZE, unsigned long, n))
SYSCALL(34, thread_exit,   OWN,  NORETURN, void,          0)
/* test-only: the double-fetch detector, kernel/uapi/dfdetect.h */
SYSCALL(35, dfdetect,      NONE, INT,      long,          1, (INT, int, op))
/* trace the caller and the children it makes from now on: one line per
 * system call written to fd (-1: stop). kernel/sys/trace.c, /bin/trace */
SYSCALL(36, trace_me,      LIB,  INT,      int,           1, (FD, int, fd))
/* the calling thread's thread pointer (x86-64 FS base, ARM64 TPIDR_EL0):
 * NULL in a new thread or program, copied by fork; kernel/sys/sysproc.c */
SYSCALL(37, tls_set,       LIB,  INT,      int,           1, (PTR, void *, p))
SYSCALL(38, tls_get,       OWN,  PTR,      void *,        0)
/* test-only: make the Nth page or heap allocation fail, kernel/uapi/failinject.h */
SYSCALL(39, failinject,    NONE, INT,      long,          3, (INT, int, op),
							     (INT, int, kinds),
							     (SIZE, unsigned long, nth))
// LAB syscall BEGIN: the line of system call 40, procinfo (docs/labs/01-syscall.md, Step 1)
/* the process with the smallest pid above after: its pid (and *pi filled),
 * or 0 when there is none; for ps. kernel/sys/sysproc.c */
SYSCALL(40, procinfo,      LIB,  PID,      int,           2, (PID, int, after),
							     (BUF_OUT, struct procinfo *, pi))
// LAB syscall STUB
// LAB syscall END
/* another process's memory (a descendant's): n, or -1 with errno.
 * kernel/sys/syspeek.c */
SYSCALL(41, peek,          LIB,  SIZE,     long,          4, (PID, int, pid),
							     (PTR, const void *, addr),
							     (BUF_OUT, void *, buf),
							     (SIZE, unsigned long, n))
SYSCALL(42, poke,          LIB,  SIZE,     long,          4, (PID, int, pid),
							     (PTR, void *, addr),
							     (BUF_IN, const void *, buf),
							     (SIZE, unsigned long, n))
/* Signals (kernel/signal.c, kernel/sys/syssignal.c, docs/syscalls.md):
 * signal returns the old handler; the library passes its sigreturn
 * trampoline as the third argument (Linux's sa_restorer). sigreturn is for
 * that trampoline only: it never returns to its caller. */
SYSCALL(43, signal,        OWN,  PTR,      long,          3, (INT, int, sig),
							     (PTR, void *, handler),
							     (PTR, void *, restorer))
SYSCALL(44, alarm_ms,      LIB,  INT,      int,           1, (UINT, unsigned, ms))
SYSCALL(45, sigreturn,     NONE, NORETURN, long,          0)
/* User-mode callbacks (kernel/callback.c, kernel/sys/callback_demo.c,
 * docs/syscalls.md): a driver (demo's DEMO_CALLBACK) enters fn(arg, frame)
 * in user mode, fn returns into the library's trampoline, which calls
 * callback_return with fn's result; the original call then returns. */
SYSCALL(46, callback_register, OWN, INT,  int,           2, (PTR, void *, fn),
							     (PTR, void *, trampoline))
SYSCALL(47, callback_return, NONE, NORETURN, long,        1, (LONG, long, result))
/* The CPU the caller runs on, 0..sysinfo's ncpus-1: by the time the caller
 * looks, it may already run elsewhere (kernel/smp.c, docs/smp.md). */
SYSCALL(48, getcpu,        LIB,  INT,      int,           0)
/* Kernel coverage of the calling thread's system calls, KCOV-style: buf[0]
 * = PCs recorded, buf[1..n-1] = the PCs; ENOSYS unless built with COVER=1.
 * kernel/kcov.c, kernel/sys/syskcov.c, docs/detectors.md */
SYSCALL(49, kcov_enable,   LIB,  INT,      int,           2, (PTR, unsigned long *, buf),
							     (SIZE, unsigned long, n))
SYSCALL(50, kcov_disable,  LIB,  INT,      int,           0)
