/*
 * kernel/uapi/errno_table.h - every error number, once (an X-macro list).
 *
 *     ERRNO(value, NAME, short text)
 *
 * The values are Linux's (SPEC section 6). errno.h makes the constants
 * from this list; the kernel's `trace` (kernel/sys/trace_fmt.c) and the
 * user library's strerror() (usertests/lib/strerror.c) take the names and
 * texts from it, so "-1 EFAULT (bad address)" reads the same everywhere.
 * No include guard: a file defines ERRNO() and then includes this one.
 */
ERRNO( 1, EPERM,        "operation not permitted")
ERRNO( 2, ENOENT,       "no such file or directory")
ERRNO( 3, ESRCH,        "no such process")
ERRNO( 4, EINTR,        "interrupted")
ERRNO( 5, EIO,          "I/O error")
ERRNO( 7, E2BIG,        "argument list too long")
ERRNO( 8, ENOEXEC,      "exec format error")
ERRNO( 9, EBADF,        "bad file descriptor")
ERRNO(10, ECHILD,       "no child processes")
ERRNO(11, EAGAIN,       "try again")
ERRNO(12, ENOMEM,       "out of memory")
ERRNO(14, EFAULT,       "bad address")
ERRNO(16, EBUSY,        "busy")
ERRNO(17, EEXIST,       "file exists")
ERRNO(20, ENOTDIR,      "not a directory")
ERRNO(21, EISDIR,       "is a directory")
ERRNO(22, EINVAL,       "invalid argument")
ERRNO(24, EMFILE,       "too many open files")
ERRNO(28, ENOSPC,       "no space left")
ERRNO(29, ESPIPE,       "illegal seek")
ERRNO(32, EPIPE,        "broken pipe")
ERRNO(36, ENAMETOOLONG, "file name too long")
ERRNO(38, ENOSYS,       "not implemented")
ERRNO(39, ENOTEMPTY,    "directory not empty")
