/* kernel/fs/tests/uio_test.c - read and write between files and user memory. */
#include "fs/tests/fs_test.h"
#include "sys/uio.h"
#include "vm.h"

KTEST(fs_uio_read_write_user)
{
	struct inode *t = fst_dir("fs_uio");
	char __user *u = ktest_user_map(2, VM_READ | VM_WRITE);
	char *uk = ktest_user_kaddr(u), *uk2 = ktest_user_kaddr(u + PAGE_SIZE);
	struct file *f = fst_open(t, "f", O_CREAT | O_RDWR);

	KASSERT(f);
#define AT(i) (*((i) < (int)PAGE_SIZE ? uk + (i) : uk2 + (i) - PAGE_SIZE))
	/* 5000 bytes across the page boundary: more than one chunk. */
	for (int i = 0; i < 5000; i++)
		AT(i) = (char)(i * 3);
	KEXPECT_EQ(file_write_user(f, u, 5000), 5000);
	KEXPECT_EQ(fst_lookup(t, "f")->size, 5000);
	memset(uk, 0, PAGE_SIZE);
	memset(uk2, 0, PAGE_SIZE);
	file_lseek(f, 0, SEEK_SET);
	KEXPECT_EQ(file_read_user(f, u, 2 * PAGE_SIZE), 5000);
	unsigned bad = 0;
	for (int i = 0; i < 5000; i++)
		bad += AT(i) != (char)(i * 3);
	KEXPECT_EQ(bad, 0);
	file_close(f);
	fst_remove(t, "fs_uio");
}

KTEST(fs_uio_bad_user_buffers)
{
	struct inode *t = fst_dir("fs_uio_bad");
	char __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	char *uk = ktest_user_kaddr(u);
	struct file *f = fst_open(t, "f", O_CREAT | O_RDWR);
	char kernel_var[16] = "kernel";

	KASSERT(f);
	memset(uk, 'u', PAGE_SIZE);
	KEXPECT_EQ(file_write_user(f, u, 100), 100);
	/* Kernel, wrapping and too-long ranges fail before anything moves. */
	KEXPECT_EQ(file_write_user(f, (__force char __user *)kernel_var, 6), -EFAULT);
	KEXPECT_EQ(file_read_user(f, (__force char __user *)kernel_var, 6), -EFAULT);
	KEXPECT(strcmp(kernel_var, "kernel") == 0);
	KEXPECT_EQ(file_write_user(f, u, ~0ul), -EFAULT);
	KEXPECT_EQ(file_read_user(f, u + 16, (size_t)-16), -EFAULT);
	KEXPECT_EQ(fst_lookup(t, "f")->size, 100);

	/* A source whose end is unmapped: the faulting chunk is not written. */
	file_lseek(f, 0, SEEK_SET);
	KEXPECT_EQ(file_write_user(f, u + PAGE_SIZE - 10, 20), -EFAULT);
	KEXPECT_EQ(fst_lookup(t, "f")->size, 100);
	KEXPECT_EQ(file_lseek(f, 0, SEEK_CUR), 0);

	/* A destination whose end is unmapped: -EFAULT, the offset is put
	 * back, and no byte lands outside the valid part. */
	memset(uk, 'z', PAGE_SIZE);
	KEXPECT_EQ(file_read_user(f, u + PAGE_SIZE - 10, 20), -EFAULT);
	KEXPECT_EQ(file_lseek(f, 0, SEEK_CUR), 0);
	KEXPECT_EQ(uk[PAGE_SIZE - 11], 'z');
	/* A read-only destination. */
	char __user *ro = ktest_user_map(1, VM_READ);
	KEXPECT_EQ(file_read_user(f, ro, 10), -EFAULT);
	KEXPECT_EQ(file_lseek(f, 0, SEEK_CUR), 0);
	/* Zero bytes touch nothing, whatever the pointer. */
	KEXPECT_EQ(file_read_user(f, NULL, 0), 0);
	file_close(f);
	fst_remove(t, "fs_uio_bad");
}
