/* kernel/fs/tests/dir_test.c - directory listings, in the kernel and through user memory. */
#include "fs/tests/fs_test.h"
#include "sys/uio.h"
#include "vm.h"

/* The names dir_read gives, joined by spaces. */
static void listing(struct inode *dir, char *out, size_t size)
{
	struct dirent de;
	uint64_t pos = 0;

	out[0] = 0;
	while (dir_read(dir, &pos, &de)) {
		strlcpy(out + strlen(out), de.d_name, size - strlen(out));
		strlcpy(out + strlen(out), " ", size - strlen(out));
	}
}

KTEST(fs_dir_listing)
{
	struct inode *t = fst_dir("fs_dir_listing");
	char names[256];
	struct file *f;

	KEXPECT_EQ(fs_mkdir(t, "sub"), 0);
	f = fst_open(t, "one", O_CREAT | O_WRONLY);
	file_close(f);
	f = fst_open(t, "two", O_CREAT | O_WRONLY);
	file_close(f);
	listing(t, names, sizeof(names));
	KEXPECT(strcmp(names, ". .. sub one two ") == 0);

	/* A removed entry leaves a hole; the next name fills it. */
	KEXPECT_EQ(fs_unlink(t, "one"), 0);
	listing(t, names, sizeof(names));
	KEXPECT(strcmp(names, ". .. sub two ") == 0);
	f = fst_open(t, "three", O_CREAT | O_WRONLY);
	file_close(f);
	listing(t, names, sizeof(names));
	KEXPECT(strcmp(names, ". .. sub three two ") == 0);

	/* Types and inode numbers. */
	struct dirent de;
	uint64_t pos = 2;
	KASSERT(dir_read(t, &pos, &de));
	KEXPECT_EQ(de.d_type, S_IFDIR >> 12);
	KEXPECT_EQ(de.d_ino, fst_lookup(t, "sub")->ino);
	KASSERT(dir_read(t, &pos, &de));
	KEXPECT_EQ(de.d_type, S_IFREG >> 12);
	fst_remove(t, "fs_dir_listing");
}

KTEST(fs_getdents_to_user)
{
	struct inode *t = fst_dir("fs_getdents");
	struct dirent __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	struct dirent *uk = ktest_user_kaddr(u);
	const size_t rec = sizeof(struct dirent);
	struct file *f;

	for (int i = 0; i < 5; i++) {
		char name[8] = { 'f', (char)('0' + i), 0 };
		f = fst_open(t, name, O_CREAT | O_WRONLY);
		file_close(f);
	}
	KASSERT(fs_open(t, ".", O_RDONLY, &f) == 0);
	KEXPECT_EQ(file_getdents_user(f, u, rec - 1), -EINVAL);
	/* Room for 2.5 records: 2 come, the offset moves by 2. */
	KEXPECT_EQ(file_getdents_user(f, u, rec * 5 / 2), 2 * rec);
	KEXPECT(strcmp(uk[0].d_name, ".") == 0 && strcmp(uk[1].d_name, "..") == 0);
	KEXPECT_EQ(file_getdents_user(f, u, PAGE_SIZE), 5 * rec);
	KEXPECT(strcmp(uk[0].d_name, "f0") == 0 && strcmp(uk[4].d_name, "f4") == 0);
	KEXPECT_EQ(file_getdents_user(f, u, PAGE_SIZE), 0);          /* the end */

	/* A buffer running off the mapping after one record: -EFAULT; the
	 * first record arrived, the second did not and comes next time. */
	file_lseek(f, 0, SEEK_SET);
	struct dirent __user *last = (struct dirent __user *)((char __user *)u + PAGE_SIZE - rec);
	KEXPECT_EQ(file_getdents_user(f, last, 2 * rec), -EFAULT);
	KEXPECT(strcmp(((struct dirent *)((char *)uk + PAGE_SIZE - rec))->d_name, ".") == 0);
	KEXPECT_EQ(file_lseek(f, 0, SEEK_CUR), 1);
	KEXPECT_EQ(file_getdents_user(f, (struct dirent __user *)(uintptr_t)~0ul, rec), -EFAULT);
	file_close(f);

	f = fst_open(t, "f0", O_RDONLY);
	KEXPECT_EQ(file_getdents_user(f, u, PAGE_SIZE), -ENOTDIR);
	file_close(f);
	fst_remove(t, "fs_getdents");
}
