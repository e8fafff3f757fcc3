/*
 * kernel/fs/fsops.c - the operations behind open, mkdir, link and unlink,
 * on kernel strings (sysfile.c copies the paths in from user memory).
 * Error numbers follow POSIX as Linux reports them.
 */
#include "fs/inode.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "uapi/errno.h"

long fs_create(struct inode *cwd, const char *path, unsigned mode, struct inode **out)
{
	char name[NAME_MAX + 1];
	struct inode *dp;
	bool slash;
	long err = path_parent(cwd, path, &dp, name, &slash);

	if (err)
		return err;
	struct inode *ip = dir_lookup(dp, name);
	if (ip) {
		*out = ip;
		return -EEXIST;
	}
	if (slash && !S_ISDIR(mode))
		return -EISDIR;                 /* "newfile/": only a directory may end in '/' */
	if (dp->nlink == 0 || name_is_dot(name))
		return -ENOENT;                 /* inside a removed directory */
	if (!(ip = inode_alloc(mode)))
		return -ENOMEM;
	if ((err = dir_link(dp, name, ip)) < 0) {
		inode_maybe_free(ip);
		return err;
	}
	*out = ip;
	return 0;
}

static long open_inode(struct inode *cwd, const char *path, int flags, struct inode **ip)
{
	if (!(flags & O_CREAT))
		return path_lookup(cwd, path, ip);
	long err = fs_create(cwd, path, S_IFREG | 0644, ip);
	return err == -EEXIST ? 0 : err;
}

/*
 * The open file is allocated first: once O_CREAT has made a file, nothing
 * is left that can fail for lack of memory, so a failed open never has a
 * new file to take back.
 */
long fs_open(struct inode *cwd, const char *path, int flags, struct file **fp)
{
	struct inode *ip;
	int acc = flags & O_ACCMODE;

	if (acc == O_ACCMODE)
		return -EINVAL;
	struct file *f = file_alloc(FILE_INODE, flags, NULL);
	if (!f)
		return -ENOMEM;
	long err = open_inode(cwd, path, flags, &ip);
	if (!err && inode_is_dir(ip) && (acc != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		err = -EISDIR;
	/* O_TRUNC with O_RDONLY is unspecified in POSIX: we leave the file alone. */
	if (!err && (flags & O_TRUNC) && inode_is_reg(ip) && acc != O_RDONLY)
		err = inode_truncate(ip, 0);
	if (err) {
		file_close(f);
		return err;
	}
	f->type = inode_is_chr(ip) ? FILE_CONSOLE : FILE_INODE;
	f->ip = inode_get(ip);
	*fp = f;
	return 0;
}

long fs_mkdir(struct inode *cwd, const char *path)
{
	struct inode *ip;

	return fs_create(cwd, path, S_IFDIR | 0755, &ip);
}

long fs_link(struct inode *cwd, const char *oldpath, const char *newpath)
{
	char name[NAME_MAX + 1];
	struct inode *ip, *dp;
	bool slash;
	long err = path_lookup(cwd, oldpath, &ip);

	if (err)
		return err;
	if (inode_is_dir(ip))
		return -EPERM;       /* a directory has exactly one name (no cycles) */
	if ((err = path_parent(cwd, newpath, &dp, name, &slash)) < 0)
		return err;
	if (dir_lookup(dp, name))
		return -EEXIST;
	if (slash)
		return -ENOENT;
	return dir_link(dp, name, ip);
}

long fs_unlink(struct inode *cwd, const char *path)
{
	char name[NAME_MAX + 1];
	struct inode *dp;
	bool slash;
	long err = path_parent(cwd, path, &dp, name, &slash);

	if (err)
		return err;
	if (name_is_dot(name))
		return -EINVAL;      /* "." and ".." (and "/") cannot be removed */
	struct inode *ip = dir_lookup(dp, name);
	if (!ip)
		return -ENOENT;
	if (slash && !inode_is_dir(ip))
		return -ENOTDIR;
	if (inode_is_dir(ip) && !dir_is_empty(ip))
		return -ENOTEMPTY;   /* like rmdir: only an empty directory goes */
	dir_unlink(dp, name);
	return 0;
}
