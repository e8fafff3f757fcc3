/* kernel/fs/tests/link_test.c - link and unlink keep nlink right; open files outlive their names. */
#include "fs/tests/fs_test.h"

KTEST(fs_link_unlink_nlink)
{
	struct inode *t = fst_dir("fs_link");
	char buf[16];
	struct file *f = fst_open(t, "a", O_CREAT | O_RDWR);

	KASSERT(f);
	fst_write(f, "data");
	struct inode *ip = fst_lookup(t, "a");
	KEXPECT_EQ(ip->nlink, 1);
	KEXPECT_EQ(fs_link(t, "a", "b"), 0);
	KEXPECT_EQ(ip->nlink, 2);
	KEXPECT(fst_lookup(t, "b") == ip);
	KEXPECT_EQ(fs_link(t, "a", "b"), -EEXIST);
	KEXPECT_EQ(fs_link(t, "none", "c"), -ENOENT);
	KEXPECT_EQ(fs_link(t, "a", "nodir/c"), -ENOENT);
	KEXPECT_EQ(fs_link(t, ".", "dirlink"), -EPERM);

	KEXPECT_EQ(fs_unlink(t, "a"), 0);
	KEXPECT_EQ(ip->nlink, 1);
	KEXPECT(fst_lookup(t, "a") == NULL);
	KEXPECT_EQ(fs_unlink(t, "a"), -ENOENT);
	KEXPECT_EQ(fs_unlink(t, "b"), 0);
	KEXPECT_EQ(ip->nlink, 0);
	/* No name left, but the open file still reads its bytes. */
	file_lseek(f, 0, SEEK_SET);
	KEXPECT_EQ(fst_read(f, buf, sizeof(buf)), 4);
	KEXPECT(strcmp(buf, "data") == 0);
	file_close(f);   /* the inode is freed here */
	fst_remove(t, "fs_link");
}

KTEST(fs_mkdir_unlink_dirs)
{
	struct inode *t = fst_dir("fs_mkdir");

	KEXPECT_EQ(t->nlink, 2);
	KEXPECT_EQ(fs_mkdir(t, "d"), 0);
	KEXPECT_EQ(fs_mkdir(t, "d"), -EEXIST);
	KEXPECT_EQ(fs_mkdir(t, "d/"), -EEXIST);
	KEXPECT_EQ(fs_mkdir(t, "x/y"), -ENOENT);
	KEXPECT_EQ(fs_mkdir(t, "/"), -EEXIST);
	struct inode *d = fst_lookup(t, "d");
	KASSERT(d);
	KEXPECT_EQ(d->nlink, 2);      /* its name in t, and its own "." */
	KEXPECT_EQ(t->nlink, 3);      /* d's ".." names t */
	KEXPECT_EQ(fs_mkdir(t, "d/e"), 0);
	KEXPECT_EQ(d->nlink, 3);
	KEXPECT_EQ(fs_unlink(t, "d"), -ENOTEMPTY);
	KEXPECT_EQ(fs_unlink(t, "d/."), -EINVAL);
	KEXPECT_EQ(fs_unlink(t, "d/.."), -EINVAL);
	KEXPECT_EQ(fs_unlink(fs_root(), "/"), -EINVAL);

	/* A removed directory kept as a cwd: no new names, ".." is gone. */
	inode_get(d);
	KEXPECT_EQ(fs_unlink(t, "d/e"), 0);
	KEXPECT_EQ(fs_unlink(t, "d"), 0);
	KEXPECT_EQ(t->nlink, 2);
	KEXPECT_EQ(d->nlink, 0);
	KEXPECT_EQ(fs_mkdir(d, "z"), -ENOENT);
	KEXPECT(fst_open(d, "f", O_CREAT | O_WRONLY) == NULL);
	KEXPECT(fst_lookup(d, "..") == NULL);
	inode_put(d);
	fst_remove(t, "fs_mkdir");
}
