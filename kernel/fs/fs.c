/*
 * kernel/fs/fs.c - the root directory, boot-time set-up, and what exec
 * needs from the file system.
 */
#include "fs/fs.h"
#include "fs/inode.h"
#include "proc.h"
#include "kmalloc.h"
#include "base/string.h"
#include "base/printk.h"
#include "uapi/errno.h"

static struct inode *root;
struct inode *fs_console_inode;

/* Made on first use, so self-tests that run before fs_init still work. */
struct inode *fs_root(void)
{
	if (!root) {
		root = inode_alloc(S_IFDIR | 0755);
		if (!root)
			panic("fs: no memory for the root directory");
		root->nlink = 2;       /* "." and "..", both itself */
		root->refs = 1;        /* never freed */
		root->dir.parent = root;
	}
	return root;
}

struct inode *fs_cwd(void)
{
	struct proc *p = current_proc();

	return p && p->cwd ? p->cwd : fs_root();
}

static void make_console_node(void)
{
	struct inode *dev, *con;
	long err = fs_create(fs_root(), "/dev", S_IFDIR | 0755, &dev);

	if (err && err != -EEXIST)
		goto fail;
	err = fs_create(fs_root(), "/dev/console", S_IFCHR | 0620, &con);
	if (err && err != -EEXIST)
		goto fail;
	fs_console_inode = inode_get(con);   /* kept for fd_init_console */
	return;
fail:
	kprintf("fs: cannot create /dev/console (error %ld)\n", err);
}

void fs_init(const void *initrd, size_t size)
{
	fs_root();
	make_console_node();
	if (!initrd || !size) {
		kprintf("fs: no initrd: / holds only /dev/console\n");
		return;
	}
	long n = cpio_unpack(fs_root(), initrd, size);
	if (n >= 0)
		kprintf("fs: initrd unpacked: %ld entries from %lu bytes\n", n, (unsigned long)size);
	else
		kprintf("fs: initrd only partly unpacked (see above)\n");
}

long fs_read_whole(const char *path, void **data, size_t *size)
{
	struct inode *ip;
	long err = path_lookup(fs_cwd(), path, &ip);

	if (err)
		return err;
	if (inode_is_dir(ip))
		return -EISDIR;
	if (!inode_is_reg(ip))
		return -EINVAL;
	void *copy = kmalloc(ip->size ? ip->size : 1);
	if (!copy)
		return -ENOMEM;
	inode_read(ip, 0, copy, ip->size);
	*data = copy;
	*size = ip->size;
	return 0;
}
