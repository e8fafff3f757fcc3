/*
 * kernel/fs/fs.h - what the rest of the kernel uses of the file system.
 *
 * The file system is a ramfs (kernel/fs/inode.h): everything lives in
 * kernel memory, filled at boot from the initrd's cpio archive. Processes
 * hold open files in proc->ofile[] and a current directory in proc->cwd;
 * the functions here create, copy and release those.
 */
#ifndef KERNEL_FS_FS_H
#define KERNEL_FS_FS_H

#include "base/types.h"

struct proc;
struct inode;

/* Create / (and /dev/console) and unpack the cpio newc archive into it.
 * A malformed archive is reported on the console; boot goes on. */
void fs_init(const void *initrd, size_t size);

/* The root directory. No reference is taken: use inode_get() to keep it. */
struct inode *fs_root(void);

/* Count / drop an in-memory reference (a process's cwd, an open file).
 * inode_get returns its argument; NULL is ignored by both. */
struct inode *inode_get(struct inode *ip);
void inode_put(struct inode *ip);

/* fds 0, 1 and 2 of p on the console (p's table must be empty). */
void fd_init_console(struct proc *p);
/* fork, spawn: the child shares every open file of the parent (offsets
 * too), and its trace output. */
void files_fork(struct proc *child, struct proc *parent);
/* exit: close every fd of p and its trace output. (p->cwd is released by
 * the caller.) */
void files_close_all(struct proc *p);

/* exec: a kmalloc'd copy of the regular file at path (relative to the
 * current process's cwd); the caller kfree()s *data. 0, -ENOENT,
 * -ENOTDIR, -EISDIR, -EINVAL (not a regular file), -ENAMETOOLONG, -ENOMEM. */
long fs_read_whole(const char *path, void **data, size_t *size);

#endif
