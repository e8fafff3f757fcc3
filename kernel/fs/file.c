/*
 * kernel/fs/file.c - open files: reference counts, and reading, writing
 * and seeking on kernel buffers (uio.c moves the bytes to and from user
 * memory).
 */
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/pipe.h"
#include "fs/fs.h"
#include "console.h"
#include "kmalloc.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"

struct file *file_alloc(enum file_type type, int flags, struct inode *ip)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	int acc = flags & O_ACCMODE;
	f->type = type;
	f->refs = 1;
	f->readable = acc == O_RDONLY || acc == O_RDWR;
	f->writable = acc == O_WRONLY || acc == O_RDWR;
	f->append = flags & O_APPEND;
	f->ip = ip;
	return f;
}

struct file *file_dup(struct file *f)
{
	f->refs++;
	return f;
}

void file_close(struct file *f)
{
	BUG_ON(f->refs == 0);
	if (--f->refs)
		return;
	if (f->type == FILE_PIPE)
		pipe_close(f->pipe, f->writable);
	inode_put(f->ip);
	kfree(f);
}

long file_read(struct file *f, void *buf, size_t n)
{
	if (!f->readable)
		return -EBADF;
	switch (f->type) {
	case FILE_PIPE:
		return pipe_read(f->pipe, buf, n);
	case FILE_CONSOLE:
		return console_read(buf, n);
	case FILE_INODE:
		break;
	}
	if (inode_is_dir(f->ip))
		return -EISDIR;
	long r = inode_read(f->ip, f->off, buf, n);
	if (r > 0)
		f->off += r;
	return r;
}

long file_write(struct file *f, const void *buf, size_t n)
{
	if (!f->writable)
		return -EBADF;
	switch (f->type) {
	case FILE_PIPE:
		return pipe_write(f->pipe, buf, n);
	case FILE_CONSOLE:
		return console_write(buf, n);
	case FILE_INODE:
		break;
	}
	if (f->append)      /* every write goes to the end, even after lseek */
		f->off = f->ip->size;
	long r = inode_write(f->ip, f->off, buf, n);
	if (r > 0)
		f->off += r;
	return r;
}

long file_lseek(struct file *f, long off, int whence)
{
	if (file_is_stream(f))
		return -ESPIPE;
	long base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (long)f->off; break;
	case SEEK_END: base = (long)f->ip->size; break;
	default: return -EINVAL;
	}
	long pos;
	if (__builtin_add_overflow(base, off, &pos) || pos < 0)
		return -EINVAL;
	f->off = (uint64_t)pos;   /* past the end is allowed: a write fills the gap with zeros */
	return pos;
}

void file_stat(const struct file *f, struct stat *st)
{
	if (f->ip) {
		inode_stat(f->ip, st);
		return;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = f->type == FILE_PIPE ? S_IFIFO | 0600 : S_IFCHR | 0620;
	st->st_nlink = 1;
}
