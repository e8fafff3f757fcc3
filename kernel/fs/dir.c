/*
 * kernel/fs/dir.c - directories: a growable table of (name, inode) slots.
 *
 * A removed entry leaves a free slot (ip == NULL) that a later name can
 * reuse, so the index of every other entry stays the same: getdents uses
 * that index as the file offset, and a listing in progress is not thrown
 * off by an unlink.
 */
#include "fs/inode.h"
#include "kmalloc.h"
#include "base/string.h"
#include "uapi/errno.h"

struct inode *dir_lookup(struct inode *dp, const char *name)
{
	if (strcmp(name, ".") == 0)
		return dp;
	if (strcmp(name, "..") == 0)
		return dp->dir.parent;   /* NULL in a removed directory */
	for (unsigned i = 0; i < dp->dir.nslots; i++) {
		struct dirslot *s = &dp->dir.slots[i];
		if (s->ip && strcmp(s->name, name) == 0)
			return s->ip;
	}
	return NULL;
}

/* A free slot, growing the table if there is none. */
static struct dirslot *free_slot(struct inode *dp)
{
	for (unsigned i = 0; i < dp->dir.nslots; i++)
		if (!dp->dir.slots[i].ip)
			return &dp->dir.slots[i];
	unsigned n = dp->dir.nslots ? dp->dir.nslots * 2 : 8;
	struct dirslot *slots = kzalloc(n * sizeof(*slots));
	if (!slots)
		return NULL;
	if (dp->dir.slots)
		memcpy(slots, dp->dir.slots, dp->dir.nslots * sizeof(*slots));
	kfree(dp->dir.slots);
	dp->dir.slots = slots;
	struct dirslot *s = &slots[dp->dir.nslots];
	dp->dir.nslots = n;
	return s;
}

long dir_link(struct inode *dp, const char *name, struct inode *ip)
{
	if (dp->nlink == 0)
		return -ENOENT;        /* no new names in a removed directory */
	if (dir_lookup(dp, name))
		return -EEXIST;
	struct dirslot *s = free_slot(dp);
	if (!s)
		return -ENOMEM;
	strlcpy(s->name, name, sizeof(s->name));
	s->ip = ip;
	dp->size++;
	ip->nlink++;
	if (inode_is_dir(ip)) {   /* its "." names itself, its ".." names dp */
		ip->nlink++;
		dp->nlink++;
		ip->dir.parent = dp;
	}
	return 0;
}

void dir_unlink(struct inode *dp, const char *name)
{
	for (unsigned i = 0; i < dp->dir.nslots; i++) {
		struct dirslot *s = &dp->dir.slots[i];
		if (!s->ip || strcmp(s->name, name) != 0)
			continue;
		struct inode *ip = s->ip;
		s->ip = NULL;
		dp->size--;
		ip->nlink--;
		if (inode_is_dir(ip)) {
			ip->nlink--;
			dp->nlink--;
			ip->dir.parent = NULL;
		}
		inode_maybe_free(ip);
		return;
	}
}

static void fill(struct dirent *de, const struct inode *ip, const char *name)
{
	memset(de, 0, sizeof(*de));   /* the whole record goes to the user */
	de->d_ino = ip ? ip->ino : 0;
	de->d_type = ip ? (ip->mode & S_IFMT) >> 12 : S_IFDIR >> 12;
	strlcpy(de->d_name, name, sizeof(de->d_name));
}

bool dir_read(struct inode *dp, uint64_t *pos, struct dirent *de)
{
	if (*pos == 0) {
		fill(de, dp, ".");
	} else if (*pos == 1) {
		fill(de, dp->dir.parent, "..");
	} else {
		uint64_t i = *pos - 2;
		while (i < dp->dir.nslots && !dp->dir.slots[i].ip)
			i++;
		if (i >= dp->dir.nslots)
			return false;
		fill(de, dp->dir.slots[i].ip, dp->dir.slots[i].name);
		*pos = i + 2;
	}
	(*pos)++;
	return true;
}
