/*
 * kernel/fs/tests/fs_test.h - helpers for the file-system self-tests.
 *
 * The tests call the file system below the syscall layer (fsops.c,
 * file.c, the ring of pipe.c, console_rx), so they need no process. Each
 * works in its own directory /<test name> (left behind on failure, so a
 * later look with ls shows what was there).
 */
#ifndef KERNEL_FS_TESTS_FS_TEST_H
#define KERNEL_FS_TESTS_FS_TEST_H

#include "ktest.h"
#include "fs/fs.h"
#include "fs/inode.h"
#include "fs/file.h"
#include "base/string.h"
#include "uapi/errno.h"

/* A new empty directory /name (an old one from an earlier run is emptied). */
struct inode *fst_dir(const char *name);
/* Remove the directory made by fst_dir and everything in it. */
void fst_remove(struct inode *dir, const char *name);
/* The inode at path (relative to dir), or NULL. */
struct inode *fst_lookup(struct inode *dir, const char *path);
/* Open path relative to dir; NULL on error (the error in *err if given). */
struct file *fst_open(struct inode *dir, const char *path, int flags);
/* Write a whole kernel string to a file / read a file into buf (NUL-terminated). */
long fst_write(struct file *f, const char *s);
long fst_read(struct file *f, char *buf, size_t size);

#endif
