/* kernel/fs/tests/dir_test.c - directory listings, in the kernel and through user memory. */
#include "fs/tests/fs_test.h"
#include "sys/uio.h"
#include "vm.h"
#include "kmalloc.h"
#include "pmm.h"

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

/* The slot table shrinks from its end as names go, without moving a live
 * entry (a listing in progress goes on where it was), and an emptied
 * directory gives all of it back: heap and pages exactly as before. */
KTEST(fs_dir_table_shrinks_and_gives_memory_back)
{
	struct inode *t = fst_dir("fs_dir_shrink");
	size_t heap = kmalloc_bytes_in_use(), pages = pmm_free_pages();
	char name[8] = "f00";
	struct dirent de;
	uint64_t pos = 0;

	for (int i = 0; i < 40; i++) {
		name[1] = (char)('0' + i / 10), name[2] = (char)('0' + i % 10);
		file_close(fst_open(t, name, O_CREAT | O_WRONLY));
	}
	KEXPECT_EQ(t->dir.nslots, 64);
	for (int i = 0; i < 12; i++)                /* ".", "..", f00 .. f09 */
		KASSERT(dir_read(t, &pos, &de));
	for (int i = 39; i >= 10; i--) {            /* the tail goes */
		name[1] = (char)('0' + i / 10), name[2] = (char)('0' + i % 10);
		KEXPECT_EQ(fs_unlink(t, name), 0);
	}
	KEXPECT_EQ(t->dir.nslots, 16);              /* 64 -> 32 -> 16: f00..f09 stay put */
	KEXPECT(!dir_read(t, &pos, &de));           /* the listing ends where it should */
	pos = 2;
	KASSERT(dir_read(t, &pos, &de));
	KEXPECT(strcmp(de.d_name, "f00") == 0);
	for (int i = 0; i < 10; i++) {
		name[1] = '0', name[2] = (char)('0' + i);
		KEXPECT_EQ(fs_unlink(t, name), 0);
	}
	KEXPECT_EQ(t->dir.nslots, 0);
	KEXPECT(t->dir.slots == NULL);
	KEXPECT_EQ(kmalloc_bytes_in_use(), heap);
	KEXPECT_EQ(pmm_free_pages(), pages);
	fst_remove(t, "fs_dir_shrink");
}
