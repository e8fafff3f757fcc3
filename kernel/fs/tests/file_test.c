/* kernel/fs/tests/file_test.c - create, read, write, append, truncate, seek, stat. */
#include "fs/tests/fs_test.h"
#include "kmalloc.h"

KTEST(fs_file_create_write_read)
{
	struct inode *t = fst_dir("fs_file_rw");
	char buf[64];
	struct stat st;

	KEXPECT(fst_open(t, "f", O_RDONLY) == NULL);            /* no O_CREAT: ENOENT */
	struct file *f = fst_open(t, "f", O_CREAT | O_RDWR);
	KASSERT(f);
	KEXPECT_EQ(fst_write(f, "hello, "), 7);
	KEXPECT_EQ(fst_write(f, "world"), 5);
	KEXPECT_EQ(file_lseek(f, 0, SEEK_SET), 0);
	KEXPECT_EQ(fst_read(f, buf, sizeof(buf)), 12);
	KEXPECT(strcmp(buf, "hello, world") == 0);
	KEXPECT_EQ(fst_read(f, buf, sizeof(buf)), 0);              /* end of file */
	KEXPECT_EQ(file_lseek(f, -5, SEEK_END), 7);
	KEXPECT_EQ(fst_write(f, "WORLD"), 5);
	KEXPECT_EQ(file_lseek(f, 2, SEEK_SET), 2);
	KEXPECT_EQ(file_lseek(f, 3, SEEK_CUR), 5);
	KEXPECT_EQ(fst_read(f, buf, sizeof(buf)), 7);
	KEXPECT(strcmp(buf, ", WORLD") == 0);
	KEXPECT_EQ(file_lseek(f, -1, SEEK_SET), -EINVAL);
	KEXPECT_EQ(file_lseek(f, 0, 7), -EINVAL);
	file_stat(f, &st);
	KEXPECT_EQ(st.st_size, 12);
	KEXPECT(S_ISREG(st.st_mode));
	KEXPECT_EQ(st.st_nlink, 1);
	file_close(f);

	/* Read-only and write-only files refuse the other direction. */
	f = fst_open(t, "f", O_RDONLY);
	KASSERT(f);
	KEXPECT_EQ(fst_write(f, "x"), -EBADF);
	file_close(f);
	f = fst_open(t, "f", O_WRONLY);
	KASSERT(f);
	KEXPECT_EQ(file_read(f, buf, 1), -EBADF);
	file_close(f);
	fst_remove(t, "fs_file_rw");
}

KTEST(fs_file_append_truncate_hole)
{
	struct inode *t = fst_dir("fs_file_append");
	char buf[64];
	struct file *f = fst_open(t, "log", O_CREAT | O_WRONLY);

	KASSERT(f);
	fst_write(f, "one\n");
	file_close(f);
	f = fst_open(t, "log", O_WRONLY | O_APPEND);
	KASSERT(f);
	file_lseek(f, 0, SEEK_SET);              /* O_APPEND writes at the end anyway */
	fst_write(f, "two\n");
	file_close(f);
	f = fst_open(t, "log", O_RDONLY);
	KEXPECT_EQ(fst_read(f, buf, sizeof(buf)), 8);
	KEXPECT(strcmp(buf, "one\ntwo\n") == 0);
	file_close(f);

	/* O_TRUNC empties it; a write past the end leaves zeros between. */
	f = fst_open(t, "log", O_RDWR | O_TRUNC);
	KASSERT(f);
	KEXPECT_EQ(fst_lookup(t, "log")->size, 0);
	KEXPECT_EQ(file_lseek(f, 4, SEEK_SET), 4);
	fst_write(f, "x");
	file_lseek(f, 0, SEEK_SET);
	KEXPECT_EQ(file_read(f, buf, sizeof(buf)), 5);
	KEXPECT(memcmp(buf, "\0\0\0\0x", 5) == 0);
	file_close(f);

	/* A big file grows through several reallocations. */
	f = fst_open(t, "big", O_CREAT | O_RDWR);
	KASSERT(f);
	unsigned bad = 0;
	for (unsigned i = 0; i < 3000; i++) {
		char c = (char)i;
		file_write(f, &c, 1);
	}
	file_lseek(f, 0, SEEK_SET);
	for (unsigned i = 0; i < 3000; i++) {
		char c;
		bad += file_read(f, &c, 1) != 1 || c != (char)i;
	}
	KEXPECT_EQ(bad, 0);
	file_close(f);
	fst_remove(t, "fs_file_append");
}

KTEST(fs_file_open_errors_and_read_whole)
{
	struct inode *t = fst_dir("fs_file_errors");
	struct file *f;
	void *data;
	size_t size;

	KEXPECT_EQ(fs_mkdir(t, "d"), 0);
	KEXPECT_EQ(fs_open(t, "d", O_WRONLY, &f), -EISDIR);
	KEXPECT_EQ(fs_open(t, "d", O_RDWR, &f), -EISDIR);
	KEXPECT_EQ(fs_open(t, "d", O_CREAT, &f), -EISDIR);
	KEXPECT_EQ(fs_open(t, "d", O_ACCMODE, &f), -EINVAL);
	KEXPECT_EQ(fs_open(t, "nodir/f", O_CREAT | O_WRONLY, &f), -ENOENT);
	KEXPECT_EQ(fs_open(t, "new/", O_CREAT | O_WRONLY, &f), -EISDIR);
	KASSERT(fs_open(t, "d", O_RDONLY, &f) == 0);    /* reading a directory: getdents only */
	char c;
	KEXPECT_EQ(file_read(f, &c, 1), -EISDIR);
	file_close(f);

	f = fst_open(t, "prog", O_CREAT | O_WRONLY);
	KASSERT(f);
	fst_write(f, "\177ELF...");
	file_close(f);
	KEXPECT_EQ(fs_open(t, "prog/x", O_CREAT | O_WRONLY, &f), -ENOTDIR);
	KEXPECT_EQ(fs_read_whole("/fs_file_errors/prog", &data, &size), 0);
	KEXPECT_EQ(size, 7);
	KEXPECT(memcmp(data, "\177ELF...", 7) == 0);
	kfree(data);
	KEXPECT_EQ(fs_read_whole("/fs_file_errors/none", &data, &size), -ENOENT);
	KEXPECT_EQ(fs_read_whole("/fs_file_errors/d", &data, &size), -EISDIR);
	KEXPECT_EQ(fs_read_whole("/dev/console", &data, &size), -EINVAL);
	fst_remove(t, "fs_file_errors");
}
