/*
 * kernel/sys/uio.c - moving file data between the kernel and user memory.
 *
 * All user memory is reached through the UMA copies (uma/). A regular
 * file's bytes already sit in kernel memory (the ramfs), so a read copies
 * them straight to the user in one CopyToUser, as Linux copies from the
 * page cache. Everything else moves CHUNK bytes at a time through a
 * buffer on the kernel stack: no kernel buffer is ever sized by a length
 * the user chose.
 *
 * Each copy sits in a __try of its own (uio_copy_*, read_regular),
 * because the callers hold a reference on the file and must get control
 * back to drop it; the dispatcher's __except would return -EFAULT without
 * doing so.
 *
 * The whole user range is probed before anything moves, so a length that
 * wraps or runs past the top of user space fails at once with -EFAULT,
 * like Linux's access_ok(). A fault part-way (an unmapped page inside the
 * range) also returns -EFAULT -- our documented choice, where POSIX would
 * allow the short count instead:
 *   read:  user bytes before the fault (a pipe or the console: before the
 *          faulting chunk) were written, nothing at or past it; a regular
 *          file's offset does not move, so no file byte is skipped; bytes
 *          taken from a pipe or the console for the faulting chunk are lost.
 *   write: the chunks before the faulting one reached the file; the
 *          faulting chunk did not, not even its readable part.
 */
#include "sys/uio.h"
#include "fs/inode.h"
#include "uma/usermode_accessors.h"
#include "uma/probe.h"
#include "uapi/errno.h"

#define CHUNK 512

bool uio_range_ok(const void __user *p, size_t n)
{
	volatile bool ok = true;

	__try {
		ProbeForRead(p, n, 1);
	} __except (UmaExceptionFilter(UserMode)) {
		ok = false;
	}
	return ok;
}

bool uio_copy_out(void __user *dst, const void *src, size_t n)
{
	volatile bool ok = true;

	__try {
		CopyToUser(dst, src, n);
	} __except (UmaExceptionFilter(UserMode)) {
		ok = false;
	}
	return ok;
}

bool uio_copy_in(void *dst, const void __user *src, size_t n)
{
	volatile bool ok = true;

	__try {
		CopyFromUser(dst, src, n);
	} __except (UmaExceptionFilter(UserMode)) {
		ok = false;
	}
	return ok;
}

/*
 * A regular file: one __try, the whole user range checked up front (as
 * Linux's access_ok()) and one copy from the file's data to the user,
 * with no bounce buffer. A fault
 * part-way leaves the bytes before it written and the offset unmoved.
 * Nothing can change the file under us: the kernel is not preempted, and
 * a fault on a user page never sleeps.
 */
static long read_regular(struct file *f, char __user *buf, size_t n)
{
	struct inode *ip = f->ip;
	volatile long ret;

	__try {
		ProbeForRead(buf, n, 1);     /* the whole range, as Linux's access_ok() */
		size_t avail = f->off < ip->size ? ip->size - f->off : 0;
		size_t want = n < avail ? n : avail;
		CopyToUser(buf, ip->file.data + f->off, want);
		f->off += want;
		ret = (long)want;
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	return ret;
}

long file_read_user(struct file *f, char __user *buf, size_t n)
{
	char kbuf[CHUNK];
	size_t done = 0;

	if (!f->readable)
		return -EBADF;
	if (f->type == FILE_INODE && inode_is_reg(f->ip))
		return read_regular(f, buf, n);
	if (!uio_range_ok(buf, n))
		return -EFAULT;
	while (done < n) {
		size_t want = n - done < CHUNK ? n - done : CHUNK;
		long r = file_read(f, kbuf, want);
		if (r <= 0)
			return done ? (long)done : r;
		if (!uio_copy_out(buf + done, kbuf, r)) {
			if (!file_is_stream(f))
				f->off -= r;         /* those bytes were never delivered */
			return -EFAULT;
		}
		done += r;
		/* A pipe or the console returns what it has; asking again would
		 * sleep although we already have data for the caller. */
		if ((size_t)r < want || file_is_stream(f))
			break;
	}
	return (long)done;
}

long file_write_user(struct file *f, const char __user *buf, size_t n)
{
	char kbuf[CHUNK];
	size_t done = 0;

	if (!f->writable)
		return -EBADF;
	if (!uio_range_ok(buf, n))
		return -EFAULT;
	while (done < n) {
		size_t want = n - done < CHUNK ? n - done : CHUNK;
		if (!uio_copy_in(kbuf, buf + done, want))
			return -EFAULT;
		long r = file_write(f, kbuf, want);
		if (r < 0)
			return done ? (long)done : r;
		done += r;
		if ((size_t)r < want)
			break;
	}
	return (long)done;
}

/* One struct dirent per entry, as many whole records as fit in n bytes;
 * the file offset is the index of the next entry (kernel/fs/dir.c). */
long file_getdents_user(struct file *f, struct dirent __user *buf, size_t n)
{
	struct dirent de;
	size_t done = 0;

	if (f->type != FILE_INODE || !inode_is_dir(f->ip))
		return -ENOTDIR;
	if (n < sizeof(de))
		return -EINVAL;
	if (!uio_range_ok(buf, n))
		return -EFAULT;
	while (n - done >= sizeof(de)) {
		uint64_t pos = f->off;
		if (!dir_read(f->ip, &pos, &de))
			break;
		if (!uio_copy_out((char __user *)buf + done, &de, sizeof(de)))
			return -EFAULT;          /* f->off still names this entry */
		f->off = pos;
		done += sizeof(de);
	}
	return (long)done;
}
