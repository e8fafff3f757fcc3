/* kernel/fs/tests/path_test.c - path lookup: absolute, relative, ".", "..", limits. */
#include "fs/tests/fs_test.h"

KTEST(fs_path_lookup)
{
	struct inode *t = fst_dir("fs_path_lookup"), *a, *b, *ip;

	KASSERT(fs_mkdir(t, "a") == 0 && fs_mkdir(t, "a/b") == 0);
	struct file *f = fst_open(t, "a/f", O_CREAT | O_WRONLY);
	KASSERT(f);
	file_close(f);
	a = fst_lookup(t, "a");
	b = fst_lookup(t, "a/b");
	KASSERT(a && b && inode_is_dir(a) && inode_is_dir(b));

	KEXPECT(fst_lookup(fs_root(), "/fs_path_lookup/a/b") == b);
	KEXPECT(fst_lookup(fs_root(), "//fs_path_lookup///a//b/") == b);
	KEXPECT(fst_lookup(t, "a/./b/..") == a);
	KEXPECT(fst_lookup(b, "..") == a);
	KEXPECT(fst_lookup(b, "../../a/b") == b);
	KEXPECT(fst_lookup(a, "b") == b);
	KEXPECT(fst_lookup(b, "/") == fs_root());
	KEXPECT(fst_lookup(fs_root(), "/..") == fs_root());   /* / is its own parent */
	KEXPECT(fst_lookup(t, ".") == t);

	KEXPECT_EQ(path_lookup(t, "", &ip), -ENOENT);
	KEXPECT_EQ(path_lookup(t, "a/nothere", &ip), -ENOENT);
	KEXPECT_EQ(path_lookup(t, "nothere/b", &ip), -ENOENT);
	KEXPECT_EQ(path_lookup(t, "a/f/x", &ip), -ENOTDIR);
	KEXPECT_EQ(path_lookup(t, "a/f/", &ip), -ENOTDIR);
	KEXPECT_EQ(path_lookup(t, "a/f", &ip), 0);
	fst_remove(t, "fs_path_lookup");
}

KTEST(fs_path_limits)
{
	struct inode *t = fst_dir("fs_path_limits"), *ip;
	char name[NAME_MAX + 2], path[PATH_MAX + 8];

	/* A name of NAME_MAX bytes is fine, one more is too long. */
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = 0;
	KEXPECT_EQ(fs_mkdir(t, name), 0);
	KEXPECT(fst_lookup(t, name) != NULL);
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = 0;
	KEXPECT_EQ(path_lookup(t, name, &ip), -ENAMETOOLONG);
	KEXPECT_EQ(fs_mkdir(t, name), -ENAMETOOLONG);

	/* PATH_MAX - 1 characters fit with the NUL; PATH_MAX do not. */
	memset(path, '/', sizeof(path));
	path[PATH_MAX - 2] = '.';
	path[PATH_MAX - 1] = 0;
	KEXPECT_EQ(path_lookup(t, path, &ip), 0);
	KEXPECT(ip == fs_root());
	path[PATH_MAX - 1] = '/';
	path[PATH_MAX] = 0;
	KEXPECT_EQ(path_lookup(t, path, &ip), -ENAMETOOLONG);
	fst_remove(t, "fs_path_limits");
}
