/*
 * kernel/sys/sysdebug.h - system call names, and the test-only switch of the
 * double-fetch detector (kernel/uapi/dfdetect.h, uma/doublefetch.h).
 */
#ifndef KERNEL_SYSDEBUG_H
#define KERNEL_SYSDEBUG_H

#include "sys/syscall.h"

/* "read" for SYS_read; "?" for a number with no name. */
const char *syscall_name(unsigned long nr);

long sys_dfdetect(const struct syscall_args *a);

#endif
