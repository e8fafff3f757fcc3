/*
 * kernel/fs/fd.c - the per-process fd table (proc->ofile[NOFILE]).
 */
#include "fs/file.h"
#include "fs/inode.h"
#include "fs/fs.h"
#include "proc.h"
#include "base/printk.h"
#include "uapi/errno.h"
#include "base/nospec.h"

int fd_alloc(struct proc *p, struct file *f)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (!p->ofile[fd]) {
			p->ofile[fd] = f;
			return fd;
		}
	}
	return -EMFILE;
}

/* fd comes from the user: after the bound check it is clamped without a
 * branch (Spectre v1, base/nospec.h), as Linux's fd lookup does. */
struct file *fd_file(struct proc *p, int fd)
{
	if (!p || fd < 0 || fd >= NOFILE)
		return NULL;
	return p->ofile[array_index_nospec((unsigned)fd, NOFILE)];
}

struct file *fd_take(struct proc *p, int fd)
{
	struct file *f = fd_file(p, fd);

	if (f)
		p->ofile[array_index_nospec((unsigned)fd, NOFILE)] = NULL;
	return f;
}

void fd_init_console(struct proc *p)
{
	struct file *f = file_alloc(FILE_CONSOLE, O_RDWR, inode_get(fs_console_inode));

	if (!f)
		panic("fs: no memory for the console file of process %d", p->pid);
	for (int fd = 0; fd < 3; fd++) {
		BUG_ON(p->ofile[fd]);
		p->ofile[fd] = fd ? file_dup(f) : f;   /* one file, like a terminal's three fds */
	}
}

void files_fork(struct proc *child, struct proc *parent)
{
	for (int fd = 0; fd < NOFILE; fd++)
		child->ofile[fd] = parent->ofile[fd] ? file_dup(parent->ofile[fd]) : NULL;
	/* a traced process's children are traced too (kernel/sys/trace.c) */
	child->trace_file = parent->trace_file ? file_dup(parent->trace_file) : NULL;
}

void files_close_all(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		struct file *f = fd_take(p, fd);
		if (f)
			file_close(f);
	}
	if (p->trace_file) {
		file_close(p->trace_file);
		p->trace_file = NULL;
	}
}
