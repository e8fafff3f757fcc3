/*
 * kernel/fs/inode.c - inodes of the ramfs: allocation, reference counts,
 * and the bytes of regular files.
 */
#include "fs/inode.h"
#include "fs/fs.h"
#include "kmalloc.h"
#include "base/string.h"
#include "base/printk.h"
#include "uapi/errno.h"

static unsigned next_ino = 1;   /* / gets 1 */

struct inode *inode_alloc(unsigned mode)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	return ip;
}

struct inode *inode_get(struct inode *ip)
{
	if (ip)
		ip->refs++;
	return ip;
}

void inode_maybe_free(struct inode *ip)
{
	if (ip->nlink || ip->refs)
		return;
	if (inode_is_dir(ip))
		kfree(ip->dir.slots);   /* empty: only an empty directory loses its last name */
	else if (inode_is_reg(ip))
		kfree(ip->file.data);
	kfree(ip);
}

void inode_put(struct inode *ip)
{
	if (!ip)
		return;
	BUG_ON(ip->refs == 0);   /* a put without a get */
	ip->refs--;
	inode_maybe_free(ip);
}

/* Make room for size bytes, doubling so that appending is linear. */
static long file_reserve(struct inode *ip, uint64_t size)
{
	if (size > FS_FILE_MAX)
		return -ENOSPC;
	if (size <= ip->file.cap)
		return 0;
	size_t cap = ip->file.cap ? ip->file.cap : 64;
	while (cap < size)
		cap *= 2;
	char *data = kmalloc(cap);
	if (!data)
		return -ENOMEM;
	if (ip->file.data)
		memcpy(data, ip->file.data, ip->size);
	kfree(ip->file.data);
	ip->file.data = data;
	ip->file.cap = cap;
	return 0;
}

long inode_read(struct inode *ip, uint64_t off, void *buf, size_t n)
{
	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = ip->size - off;
	memcpy(buf, ip->file.data + off, n);
	return (long)n;
}

long inode_write(struct inode *ip, uint64_t off, const void *buf, size_t n)
{
	if (off > FS_FILE_MAX || n > FS_FILE_MAX - off)
		return -ENOSPC;
	long err = file_reserve(ip, off + n);
	if (err)
		return err;
	if (off > ip->size)   /* writing past the end leaves a hole of zeros */
		memset(ip->file.data + ip->size, 0, off - ip->size);
	memcpy(ip->file.data + off, buf, n);
	if (off + n > ip->size)
		ip->size = off + n;
	return (long)n;
}

long inode_truncate(struct inode *ip, uint64_t size)
{
	long err = file_reserve(ip, size);

	if (err)
		return err;
	if (size > ip->size)
		memset(ip->file.data + ip->size, 0, size - ip->size);
	ip->size = size;
	return 0;
}

void inode_stat(const struct inode *ip, struct stat *st)
{
	memset(st, 0, sizeof(*st));   /* no stale kernel bytes reach the user */
	st->st_size = ip->size;
	st->st_mode = ip->mode;
	st->st_ino = ip->ino;
	st->st_nlink = ip->nlink;
}
