/*
 * usertests/lib/strerror.c - short names for the errno values of
 * kernel/uapi/errno.h, for messages such as "sh: foo: not found".
 */
#include "ulib.h"

static const struct { int err; const char *msg; } errors[] = {
	{ EPERM, "operation not permitted" },   { ENOENT, "no such file or directory" },
	{ ESRCH, "no such process" },           { EINTR, "interrupted" },
	{ EIO, "I/O error" },                   { E2BIG, "argument list too long" },
	{ ENOEXEC, "exec format error" },       { EBADF, "bad file descriptor" },
	{ ECHILD, "no child processes" },       { EAGAIN, "try again" },
	{ ENOMEM, "out of memory" },            { EFAULT, "bad address" },
	{ EBUSY, "busy" },                      { EEXIST, "file exists" },
	{ ENOTDIR, "not a directory" },         { EISDIR, "is a directory" },
	{ EINVAL, "invalid argument" },         { EMFILE, "too many open files" },
	{ ENOSPC, "no space left" },            { ESPIPE, "illegal seek" },
	{ EPIPE, "broken pipe" },               { ENAMETOOLONG, "file name too long" },
	{ ENOSYS, "not implemented" },          { ENOTEMPTY, "directory not empty" },
};

char *strerror(int err)
{
	static char unknown[24];
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		if (errors[i].err == err)
			return (char *)errors[i].msg;
	snprintf(unknown, sizeof unknown, "error %d", err);
	return unknown;
}
