/*
 * kernel/fs/file.h - open files and the per-process fd table.
 *
 * A struct file is what open(), pipe() and dup() hand out: an inode, a
 * pipe end or the console, how it may be used, and (for inodes) the
 * offset. fds are indexes into proc->ofile[]; dup() and fork() make two
 * fds share one struct file (and so one offset), which refs counts.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "base/types.h"
#include "uapi/fs.h"

struct inode;
struct pipe;
struct proc;

enum file_type { FILE_INODE, FILE_PIPE, FILE_CONSOLE };

struct file {
	enum file_type type;
	unsigned refs;
	bool readable, writable, append;
	uint64_t off;                  /* FILE_INODE: byte, or entry index in a directory */
	struct inode *ip;              /* FILE_INODE; FILE_CONSOLE: /dev/console or NULL */
	struct pipe *pipe;             /* FILE_PIPE */
};

/* file.c. A new file, one reference, access from flags (O_ACCMODE,
 * O_APPEND); it takes over the caller's reference to ip. NULL if out of
 * memory. */
struct file *file_alloc(enum file_type type, int flags, struct inode *ip);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
/* Kernel buffers only; pipes and the console may sleep. A count, 0 at end
 * of file, or -errno (-EBADF if not open for that, -EISDIR, -EPIPE,
 * -EINTR when the process was killed while waiting). */
long file_read(struct file *f, void *buf, size_t n);
long file_write(struct file *f, const void *buf, size_t n);
long file_lseek(struct file *f, long off, int whence);
void file_stat(const struct file *f, struct stat *st);
/* Pipes and the console: no offset, and a read returns what is there. */
static inline bool file_is_stream(const struct file *f) { return f->type != FILE_INODE; }

/* fd.c */
int fd_alloc(struct proc *p, struct file *f);     /* lowest free fd, or -EMFILE */
struct file *fd_file(struct proc *p, int fd);     /* NULL if fd is not open */
struct file *fd_take(struct proc *p, int fd);     /* remove from the table */

#endif
