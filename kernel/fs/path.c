/*
 * kernel/fs/path.c - from a path name to an inode.
 *
 * A path is a list of names separated by one or more '/'. It starts at /
 * if it begins with '/', else at the current directory. Each name is at
 * most NAME_MAX bytes; the whole path fits in PATH_MAX bytes with its NUL
 * (kernel/uapi/fs.h), which copy_path_from_user() has already checked for
 * paths from user space.
 */
#include "fs/inode.h"
#include "fs/fs.h"
#include "base/string.h"
#include "uapi/errno.h"

/* Copy the next name of *pp into name and move *pp past it: 1, 0 when no
 * name is left, or -ENAMETOOLONG. */
static int next_name(const char **pp, char *name)
{
	const char *p = *pp;

	while (*p == '/')
		p++;
	if (!*p)
		return 0;
	size_t len = 0;
	while (p[len] && p[len] != '/')
		len++;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, p, len);
	name[len] = 0;
	*pp = p + len;
	return 1;
}

static long start(struct inode *cwd, const char *path, struct inode **ip)
{
	if (!*path)
		return -ENOENT;              /* POSIX: "" names nothing */
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	*ip = path[0] == '/' ? fs_root() : cwd;
	return 0;
}

/* Step from directory dp to its entry name. */
static long step(struct inode **dp, const char *name)
{
	if (!inode_is_dir(*dp))
		return -ENOTDIR;
	struct inode *next = dir_lookup(*dp, name);
	if (!next)
		return -ENOENT;
	*dp = next;
	return 0;
}

long path_lookup(struct inode *cwd, const char *path, struct inode **out)
{
	char name[NAME_MAX + 1];
	struct inode *ip;
	long err = start(cwd, path, &ip);
	int got;

	if (err)
		return err;
	bool slash = path[strlen(path) - 1] == '/';
	while ((got = next_name(&path, name)) > 0)
		if ((err = step(&ip, name)) < 0)
			return err;
	if (got < 0)
		return got;
	if (slash && !inode_is_dir(ip))
		return -ENOTDIR;             /* "file/" */
	*out = ip;
	return 0;
}

long path_parent(struct inode *cwd, const char *path, struct inode **out,
		 char *name, bool *slash)
{
	char next[NAME_MAX + 1];
	struct inode *dp;
	long err = start(cwd, path, &dp);
	int got;

	if (err)
		return err;
	*slash = path[strlen(path) - 1] == '/';
	got = next_name(&path, name);
	if (got == 0)
		strlcpy(name, ".", NAME_MAX + 1);   /* "/": the root itself */
	while (got > 0 && (got = next_name(&path, next)) > 0) {
		if ((err = step(&dp, name)) < 0)
			return err;
		memcpy(name, next, sizeof(next));
	}
	if (got < 0)
		return got;
	if (!inode_is_dir(dp))
		return -ENOTDIR;
	*out = dp;
	return 0;
}
