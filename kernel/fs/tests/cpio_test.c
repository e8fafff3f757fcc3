/* kernel/fs/tests/cpio_test.c - the newc unpacker on archives built here. */
#include "fs/tests/fs_test.h"
#include "base/printk.h"
#include "kmalloc.h"

struct arch_buf {
	char *p;
	size_t len;
};

/* Append one newc entry: header, name, padding, data, padding (cpio(5)). */
static void add(struct arch_buf *a, const char *name, unsigned mode, const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = data ? strlen(data) : 0;

	a->len += ksnprintf(a->p + a->len, 111,
			    "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
			    1u, mode, 0u, 0u, 1u, 0u, (unsigned)dlen, 0u, 0u, 0u, 0u,
			    (unsigned)nlen, 0u);
	memcpy(a->p + a->len, name, nlen);
	a->len = ALIGN_UP(a->len + nlen, 4);
	memcpy(a->p + a->len, data ? data : "", dlen);
	a->len = ALIGN_UP(a->len + dlen, 4);
}

static void build(struct arch_buf *a)
{
	memset(a->p, 0, 4096);
	a->len = 0;
	add(a, ".", S_IFDIR | 0755, NULL);
	add(a, "./bin", S_IFDIR | 0755, NULL);
	add(a, "./bin/hello", S_IFREG | 0755, "hello world\n");
	add(a, "deep/er/file", S_IFREG | 0644, "abc");      /* parents made on the way */
	add(a, "./link", 0120777, "bin/hello");             /* a symlink: skipped */
	add(a, "TRAILER!!!", 0, NULL);
}

KTEST(fs_cpio_unpack)
{
	struct inode *t = fst_dir("fs_cpio");
	struct arch_buf a = { kzalloc(4096), 0 };
	char buf[32];

	KASSERT(a.p);
	build(&a);
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), 5);
	struct inode *hello = fst_lookup(t, "bin/hello");
	KASSERT(hello);
	KEXPECT_EQ(hello->mode, S_IFREG | 0755);
	KEXPECT_EQ(hello->size, 12);
	KEXPECT(inode_read(hello, 0, buf, sizeof(buf)) == 12 && memcmp(buf, "hello world\n", 12) == 0);
	struct inode *deep = fst_lookup(t, "deep/er/file");
	KASSERT(deep);
	KEXPECT(inode_read(deep, 0, buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0);
	KEXPECT(fst_lookup(t, "link") == NULL);
	/* Unpacking again replaces the files, it does not append. */
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), 5);
	KEXPECT_EQ(fst_lookup(t, "bin/hello")->size, 12);
	kfree(a.p);
	fst_remove(t, "fs_cpio");
}

KTEST(fs_cpio_malformed_archives_are_reported)
{
	struct inode *t = fst_dir("fs_cpio_bad");
	struct arch_buf a = { kzalloc(4096), 0 };

	KASSERT(a.p);
	build(&a);
	/* Cut anywhere before the trailer: an error, never a crash. */
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len - 120), -1);
	KEXPECT_EQ(cpio_unpack(t, a.p, 50), -1);
	KEXPECT_EQ(cpio_unpack(t, a.p, 0), -1);
	/* Bad magic. */
	a.p[0] = 'X';
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), -1);
	/* A name size past the end of the buffer. */
	build(&a);
	memcpy(a.p + 6 + 8 * 11, "7fffffff", 8);
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), -1);
	/* A file size past the end of the buffer (third entry, bin/hello). */
	build(&a);
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), 5);
	char *h = a.p;
	for (int i = 0; i < 2; i++) {   /* step over "." and "./bin" */
		uint32_t ns = 0;
		for (int k = 0; k < 8; k++)
			ns = ns << 4 | (uint32_t)(h[94 + k] <= '9' ? h[94 + k] - '0' : h[94 + k] - 'a' + 10);
		h = a.p + ALIGN_UP((size_t)(h - a.p) + 110 + ns, 4);
	}
	KEXPECT(strcmp(h + 110, "./bin/hello") == 0);
	memcpy(h + 54, "ffffff00", 8);
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), -1);
	/* Not hex. */
	memcpy(h + 54, "0000000g", 8);
	KEXPECT_EQ(cpio_unpack(t, a.p, a.len), -1);
	kfree(a.p);
	fst_remove(t, "fs_cpio_bad");
}
