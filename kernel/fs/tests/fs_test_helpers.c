/* kernel/fs/tests/fs_test_helpers.c - see fs_test.h. */
#include "fs/tests/fs_test.h"
#include "base/printk.h"

/* Empty dir, depth first (files, then subdirectories). */
static void empty(struct inode *dir)
{
	for (unsigned i = 0; i < dir->dir.nslots; i++) {
		struct dirslot *s = &dir->dir.slots[i];
		if (!s->ip)
			continue;
		if (inode_is_dir(s->ip))
			empty(s->ip);
		char name[NAME_MAX + 1];
		strlcpy(name, s->name, sizeof(name));
		dir_unlink(dir, name);
	}
}

struct inode *fst_dir(const char *name)
{
	char path[PATH_MAX];
	struct inode *ip;

	ksnprintf(path, sizeof(path), "/%s", name);
	long err = fs_create(fs_root(), path, S_IFDIR | 0755, &ip);
	if (err == -EEXIST && inode_is_dir(ip))
		empty(ip);
	else if (err)
		panic("fs test: cannot make %s: %ld", path, err);
	return ip;
}

void fst_remove(struct inode *dir, const char *name)
{
	char path[PATH_MAX];

	empty(dir);
	ksnprintf(path, sizeof(path), "/%s", name);
	fs_unlink(fs_root(), path);
}

struct inode *fst_lookup(struct inode *dir, const char *path)
{
	struct inode *ip;

	return path_lookup(dir, path, &ip) == 0 ? ip : NULL;
}

struct file *fst_open(struct inode *dir, const char *path, int flags)
{
	struct file *f;

	return fs_open(dir, path, flags, &f) == 0 ? f : NULL;
}

long fst_write(struct file *f, const char *s)
{
	return file_write(f, s, strlen(s));
}

long fst_read(struct file *f, char *buf, size_t size)
{
	long n = file_read(f, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	return n;
}
