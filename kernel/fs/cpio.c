/*
 * kernel/fs/cpio.c - unpack the initrd, a cpio archive in the "new ASCII"
 * (newc) format, into the ramfs.
 *
 * Each entry is a 110-byte header of ASCII fields, the NUL-terminated name
 * (padded so the data starts on a multiple of 4), then the data (padded
 * to 4 again). The header is the magic "070701" (or "070702", the same
 * with a checksum we do not need) and thirteen 8-digit hex numbers: ino,
 * mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
 * rdevminor, namesize (with the NUL) and check. The entry named
 * "TRAILER!!!" ends the archive. (Format: cpio(5), "New ASCII Format".)
 *
 * The archive comes from our own Makefile, but it is still input: every
 * length is checked against the end of the buffer, and a problem is
 * reported in words and stops the unpacking, never the kernel.
 */
#include "fs/inode.h"
#include "base/printk.h"
#include "base/string.h"
#include "uapi/errno.h"

#define CPIO_HDR 110
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, F_COUNT };

struct cpio_entry {
	const char *name;
	uint32_t mode;
	const char *data;
	uint32_t size;
};

/* Header field i (8 hex digits after the 6-byte magic). */
static bool field(const char *hdr, int i, uint32_t *v)
{
	const char *s = hdr + 6 + 8 * i;

	*v = 0;
	for (int k = 0; k < 8; k++) {
		char c = s[k];
		unsigned d;
		if (c >= '0' && c <= '9')      d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return false;
		*v = *v << 4 | d;
	}
	return true;
}

static long bad(size_t off, const char *what)
{
	kprintf("cpio: %s at byte %lu; unpacking stopped\n", what, (unsigned long)off);
	return -1;
}

/* Parse the entry at off; *next is where the following one starts.
 * Returns NULL (after saying why) if the archive is malformed. */
static const char *parse(const char *base, size_t size, size_t off,
			 struct cpio_entry *e, size_t *next)
{
	const char *h = base + off;
	uint32_t namesize;

	if (size - off < CPIO_HDR)
		return bad(off, "archive ends inside an entry header (truncated?)"), NULL;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return bad(off, "not a cpio newc header (magic is not 070701)"), NULL;
	if (!field(h, F_MODE, &e->mode) || !field(h, F_FILESIZE, &e->size) ||
	    !field(h, F_NAMESIZE, &namesize))
		return bad(off, "header field is not 8 hex digits"), NULL;
	if (namesize == 0 || namesize > size - off - CPIO_HDR)
		return bad(off, "entry name runs past the end of the archive"), NULL;
	e->name = h + CPIO_HDR;
	if (e->name[namesize - 1] != 0)
		return bad(off, "entry name is not NUL-terminated"), NULL;
	size_t doff = ALIGN_UP(off + CPIO_HDR + namesize, 4);
	if (doff > size || e->size > size - doff)
		return bad(off, "file data runs past the end of the archive"), NULL;
	e->data = base + doff;
	*next = ALIGN_UP(doff + e->size, 4);
	return e->name;
}

/* Create every directory on the way to path (like mkdir -p). */
static void make_parents(struct inode *dir, char *path)
{
	struct inode *ip;

	for (char *p = path; (p = strchr(p, '/')); p++) {
		*p = 0;
		fs_create(dir, path, S_IFDIR | 0755, &ip);   /* exists: fine */
		*p = '/';
	}
}

static void add(struct inode *dir, struct cpio_entry *e)
{
	char path[PATH_MAX];
	const char *name = e->name;
	struct inode *ip;

	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;          /* "./bin/sh" -> "bin/sh" */
	if (!name[0] || strcmp(name, ".") == 0)
		return;
	if (strlcpy(path, name, sizeof(path)) >= sizeof(path)) {
		kprintf("cpio: %.40s...: path too long, skipped\n", name);
		return;
	}
	if (!S_ISDIR(e->mode) && !S_ISREG(e->mode)) {
		kprintf("cpio: %s: file type %#x not supported, skipped\n",
			path, e->mode & S_IFMT);
		return;
	}
	make_parents(dir, path);
	long err = fs_create(dir, path, e->mode & (S_IFMT | 07777), &ip);
	if (err == -EEXIST && (ip->mode & S_IFMT) == (e->mode & S_IFMT))
		err = 0;                                 /* listed twice, or made by make_parents */
	if (!err && S_ISREG(e->mode))
		err = inode_truncate(ip, 0) ?: inode_write(ip, 0, e->data, e->size);
	if (err < 0)
		kprintf("cpio: %s: cannot create (error %ld)\n", path, -err);
}

long cpio_unpack(struct inode *dir, const void *data, size_t size)
{
	const char *base = data;
	size_t off = 0, next;
	struct cpio_entry e;
	long count = 0;

	for (;;) {
		if (off >= size)
			return bad(off, "archive ends without the TRAILER!!! entry");
		if (!parse(base, size, off, &e, &next))
			return -1;
		if (strcmp(e.name, "TRAILER!!!") == 0)
			return count;
		add(dir, &e);
		count++;
		off = next;
	}
}
