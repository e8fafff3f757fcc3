/*
 * kernel/fs/inode.h - the in-memory file system (ramfs): inodes,
 * directories and path names.
 *
 * There is no disk. An inode is
 *   - a regular file: its bytes in one kmalloc'd buffer that grows;
 *   - a directory: a table of (name, inode) slots; "." and ".." are not
 *     stored, lookup answers them (".." from the parent pointer);
 *   - the console device (S_IFCHR): opening it gives a console file.
 *
 * Two counts keep an inode alive, as in Unix:
 *   nlink  names for it: directory entries, plus a directory's own "."
 *          and each subdirectory's "..";
 *   refs   in-memory users: open files and processes' current directories.
 * It is freed when both are zero, so a file unlinked while open can still
 * be read until its last close.
 *
 * Locking: none is needed. There is one CPU, the kernel is not preemptive,
 * interrupt handlers never touch the file system, and no function here
 * sleeps or touches user memory, so each operation runs to completion
 * before anyone else can look at the tree.
 */
#ifndef KERNEL_FS_INODE_H
#define KERNEL_FS_INODE_H

#include "base/types.h"
#include "uapi/fs.h"

#define FS_FILE_MAX (64ul << 20)   /* a regular file grows to 64 MiB at most */

struct dirslot {
	struct inode *ip;              /* NULL: a free slot */
	char name[NAME_MAX + 1];
};

struct inode {
	unsigned ino;
	unsigned mode;                 /* S_IFREG | 0644, S_IFDIR | 0755, ... */
	unsigned nlink;
	unsigned refs;
	size_t size;                   /* bytes (file), live entries (directory) */
	union {
		struct {
			char *data;
			size_t cap;
		} file;
		struct {
			struct dirslot *slots;
			unsigned nslots;
			struct inode *parent;  /* for ".."; NULL once removed */
		} dir;
	};
};

static inline bool inode_is_dir(const struct inode *ip) { return S_ISDIR(ip->mode); }
static inline bool inode_is_reg(const struct inode *ip) { return S_ISREG(ip->mode); }
static inline bool inode_is_chr(const struct inode *ip)
{
	return (ip->mode & S_IFMT) == S_IFCHR;
}

/* inode.c: a new inode with no names and no references (the caller links
 * it or frees it with inode_put(inode_get(ip))). NULL if out of memory. */
struct inode *inode_alloc(unsigned mode);
/* Regular files: bytes at off, no user memory involved. read returns the
 * count (0 at end); write and truncate 0-fill any gap, return the count or
 * -ENOSPC (past FS_FILE_MAX) / -ENOMEM. */
long inode_read(struct inode *ip, uint64_t off, void *buf, size_t n);
long inode_write(struct inode *ip, uint64_t off, const void *buf, size_t n);
long inode_truncate(struct inode *ip, uint64_t size);
void inode_stat(const struct inode *ip, struct stat *st);
/* Free ip if no name and no reference is left. */
void inode_maybe_free(struct inode *ip);

/* dir.c */
struct inode *dir_lookup(struct inode *dp, const char *name);
/* Add name -> ip to dp: 0, -EEXIST, -ENOENT (dp was removed), -ENOMEM. */
long dir_link(struct inode *dp, const char *name, struct inode *ip);
/* Remove name from dp (the caller checked it exists and may go). */
void dir_unlink(struct inode *dp, const char *name);
/* The entry at index *pos ("." is 0, ".." 1, then the slots), skipping
 * free slots: true and *pos moved past it, or false at the end. */
bool dir_read(struct inode *dp, uint64_t *pos, struct dirent *de);
static inline bool dir_is_empty(const struct inode *dp) { return dp->size == 0; }
static inline bool name_is_dot(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

/* path.c: paths are relative to cwd unless they start with '/'. */
/* The inode path names: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG. */
long path_lookup(struct inode *cwd, const char *path, struct inode **ip);
/* The directory that holds the last component, and that component in
 * name[NAME_MAX + 1] ("." for "/"). *slash says the path ended in '/'. */
long path_parent(struct inode *cwd, const char *path, struct inode **dp,
		 char *name, bool *slash);

/* fsops.c: the operations behind the syscalls, on kernel strings. */
struct file;
long fs_open(struct inode *cwd, const char *path, int flags, struct file **fp);
long fs_mkdir(struct inode *cwd, const char *path);
long fs_link(struct inode *cwd, const char *oldpath, const char *newpath);
long fs_unlink(struct inode *cwd, const char *path);
/* Create a regular file or directory (mode says which). -EEXIST if the
 * name exists: *ip is then the existing inode. */
long fs_create(struct inode *cwd, const char *path, unsigned mode, struct inode **ip);
/* The current process's directory, or / in a kernel thread. */
struct inode *fs_cwd(void);
/* /dev/console, once fs_init made it. */
extern struct inode *fs_console_inode;

/* cpio.c: unpack a newc archive under dir; the number of entries, or -1
 * after printing what is wrong with the archive. */
long cpio_unpack(struct inode *dir, const void *data, size_t size);

#endif
