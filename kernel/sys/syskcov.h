/*
 * kernel/sys/syskcov.h - the user side of kernel coverage (kernel/kcov.h):
 * kcov_enable / kcov_disable, and the copy of a thread's PCs to its user
 * buffer around each of its system calls (kernel/sys/syskcov.c).
 */
#ifndef KERNEL_SYS_SYSKCOV_H
#define KERNEL_SYS_SYSKCOV_H

/* The dispatcher calls these around every handler while kcov_users is
 * nonzero (kernel/sys/syscall.c). */
void kcov_syscall_enter(unsigned long nr);
void kcov_syscall_exit(void);

#endif
