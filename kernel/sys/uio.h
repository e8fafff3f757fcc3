/*
 * kernel/sys/uio.h - file data between an open file and user memory
 * (kernel/sys/uio.c), through the UMA copies in bounded chunks.
 */
#ifndef SYS_UIO_H
#define SYS_UIO_H

#include "fs/file.h"

/* A fault returns -EFAULT (see uio.c for what moved). */
long file_read_user(struct file *f, char __user *buf, size_t n);
long file_write_user(struct file *f, const char __user *buf, size_t n);
long file_getdents_user(struct file *f, struct dirent __user *buf, size_t n);
/* The UMA calls wrapped in their own __try: false if the user range is
 * bad or faulted (nothing raised). */
bool uio_range_ok(const void __user *p, size_t n);
bool uio_copy_out(void __user *dst, const void *src, size_t n);
bool uio_copy_in(void *dst, const void __user *src, size_t n);

#endif
