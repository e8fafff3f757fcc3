/*
 * kernel/sys/sysdebug.h - system call names (sys_dfdetect, the test-only switch
 * of the double-fetch detector, is declared with the others in syscall.h).
 */
#ifndef KERNEL_SYSDEBUG_H
#define KERNEL_SYSDEBUG_H

#include "sys/syscall.h"

/* "read" for SYS_read; "?" for a number with no name. */
const char *syscall_name(unsigned long nr);

#endif
