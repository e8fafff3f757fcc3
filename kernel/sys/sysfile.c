/*
 * kernel/sys/sysfile.c - the file system calls.
 *
 * Each handler takes its arguments with the typed helpers of
 * kernel/sys/syscall.h, copies paths in with copy_path_from_user(), and leaves
 * the rest to fsops.c (names), file.c (open files) and uio.c (data to and
 * from user memory). User memory is touched only through uma/.
 *
 * read and write may sleep (pipes, the console) and fault; they hold a
 * reference on the file meanwhile, so another thread closing the fd
 * cannot free it under them.
 */
#include "sys/syscall.h"
#include "proc.h"
#include "fs/fs.h"
#include "fs/inode.h"
#include "sys/uio.h"
#include "fs/pipe.h"
#include "kmalloc.h"
#include "base/string.h"
#include "uma/usermode_accessors.h"

static struct file *fd_arg(const struct syscall_args *a, int i)
{
	return fd_file(current_proc(), arg_int(a, i));
}

static bool fd_table_full(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (!p->ofile[fd])
			return false;
	return true;
}

long sys_open(const struct syscall_args *a)
{
	char path[PATH_MAX];
	struct proc *p = current_proc();
	struct file *f;
	long err = copy_path_from_user(path, arg_ptr(a, 0));

	if (err)
		return err;
	if (fd_table_full(p))
		return -EMFILE;         /* before O_CREAT makes anything */
	if ((err = fs_open(fs_cwd(), path, arg_int(a, 1), &f)) < 0)
		return err;
	return fd_alloc(p, f);      /* cannot fail: nothing ran since the check */
}

long sys_read(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);

	if (!f)
		return -EBADF;
	file_dup(f);
	long r = file_read_user(f, arg_ptr(a, 1), arg_ulong(a, 2));
	file_close(f);
	return r;
}

long sys_write(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);

	if (!f)
		return -EBADF;
	file_dup(f);
	long r = file_write_user(f, arg_ptr(a, 1), arg_ulong(a, 2));
	file_close(f);
	return r;
}

long sys_close(const struct syscall_args *a)
{
	struct file *f = fd_take(current_proc(), arg_int(a, 0));

	if (!f)
		return -EBADF;
	file_close(f);
	return 0;
}

long sys_dup(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);

	if (!f)
		return -EBADF;
	int fd = fd_alloc(current_proc(), f);
	if (fd >= 0)
		file_dup(f);
	return fd;
}

/* Two files on one new pipe; false (nothing left allocated) if out of memory. */
static bool pipe_files(struct file **rf, struct file **wf)
{
	struct pipe *pp = pipe_alloc();

	*rf = file_alloc(FILE_PIPE, O_RDONLY, NULL);
	*wf = file_alloc(FILE_PIPE, O_WRONLY, NULL);
	if (!pp || !*rf || !*wf) {
		kfree(pp);
		kfree(*rf);
		kfree(*wf);
		return false;
	}
	(*rf)->pipe = (*wf)->pipe = pp;
	return true;
}

long sys_pipe(const struct syscall_args *a)
{
	struct proc *p = current_proc();
	struct file *rf, *wf;
	int fds[2];

	if (!pipe_files(&rf, &wf))
		return -ENOMEM;
	fds[0] = fd_alloc(p, rf);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_alloc(p, wf);
	/* A bad fds pointer must not leave two open fds nobody knows about. */
	if (fds[1] < 0 || !uio_copy_out(arg_ptr(a, 0), fds, sizeof(fds))) {
		long err = fds[1] < 0 ? -EMFILE : -EFAULT;
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0)
				fd_take(p, fds[i]);
		file_close(rf);
		file_close(wf);
		return err;
	}
	return 0;
}

long sys_lseek(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);

	if (!f)
		return -EBADF;
	return file_lseek(f, arg_long(a, 1), arg_int(a, 2));
}

long sys_unlink(const struct syscall_args *a)
{
	char path[PATH_MAX];
	long err = copy_path_from_user(path, arg_ptr(a, 0));

	return err ? err : fs_unlink(fs_cwd(), path);
}

/*
 * link's second path may share bytes with the first: "/tmp/a" and the "a"
 * at its end (a compiler merges such string literals). Those bytes come
 * from our copy of the first, so that each user byte is read once, as the
 * double-fetch detector demands (found by /bin/fuzz:
 * usertests/tests/t_fuzz_link_overlap.c). Otherwise copy_path_from_user.
 */
static long copy_second_path(char *buf, const char __user *upath,
			     const char __user *ufirst, const char *first)
{
	uintptr_t flen = strlen(first) + 1;
	volatile long ret = -ENAMETOOLONG;

	__try {
		for (size_t i = 0; i < PATH_MAX; i++) {
			uintptr_t off = (uintptr_t)(upath + i) - (uintptr_t)ufirst;

			buf[i] = off < flen ? first[off] : ReadCharFromUser(upath + i);
			if (!buf[i]) {
				ret = 0;
				break;
			}
		}
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (ret)
		buf[0] = 0;
	return ret;
}

long sys_link(const struct syscall_args *a)
{
	char oldpath[PATH_MAX], newpath[PATH_MAX];
	long err = copy_path_from_user(oldpath, arg_ptr(a, 0));

	if (!err)
		err = copy_second_path(newpath, arg_ptr(a, 1), arg_ptr(a, 0), oldpath);
	return err ? err : fs_link(fs_cwd(), oldpath, newpath);
}

long sys_mkdir(const struct syscall_args *a)
{
	char path[PATH_MAX];
	long err = copy_path_from_user(path, arg_ptr(a, 0));

	return err ? err : fs_mkdir(fs_cwd(), path);
}

long sys_chdir(const struct syscall_args *a)
{
	char path[PATH_MAX];
	struct proc *p = current_proc();
	struct inode *ip;
	long err = copy_path_from_user(path, arg_ptr(a, 0));

	if (err || (err = path_lookup(fs_cwd(), path, &ip)) < 0)
		return err;
	if (!inode_is_dir(ip))
		return -ENOTDIR;
	struct inode *old = p->cwd;
	p->cwd = inode_get(ip);     /* get before put: ip may be old */
	inode_put(old);
	return 0;
}

long sys_fstat(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);
	struct stat __user *ust = arg_ptr(a, 1);
	struct stat st;

	if (!f)
		return -EBADF;
	file_stat(f, &st);
	/* Nothing is held here: a fault is the dispatcher's -EFAULT. */
	WriteStructToUser(ust, &st);
	return 0;
}

long sys_getdents(const struct syscall_args *a)
{
	struct file *f = fd_arg(a, 0);

	if (!f)
		return -EBADF;
	return file_getdents_user(f, arg_ptr(a, 1), arg_ulong(a, 2));
}
