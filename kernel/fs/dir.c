/*
 * kernel/fs/dir.c - directories: a growable table of (name, inode) slots.
 *
 * A removed entry leaves a free slot (ip == NULL) that a later name can
 * reuse, so the index of every other entry stays the same: getdents uses
 * that index as the file offset, and a listing in progress is not thrown
 * off by an unlink. The table shrinks only at its end, where no live entry
 * moves, and an empty directory keeps no table at all.
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

/* Halve the table while its upper half is free; drop it when empty. A
 * failed allocation just keeps the bigger table: nothing is lost. */
static void shrink(struct inode *dp)
{
	if (dp->size == 0) {
		kfree(dp->dir.slots);
		dp->dir.slots = NULL;
		dp->dir.nslots = 0;
		return;
	}
	while (dp->dir.nslots > 8) {
		unsigned half = dp->dir.nslots / 2;
		for (unsigned i = half; i < dp->dir.nslots; i++)
			if (dp->dir.slots[i].ip)
				return;
		struct dirslot *slots = kmalloc(half * sizeof(*slots));
		if (!slots)
			return;
		memcpy(slots, dp->dir.slots, half * sizeof(*slots));
		kfree(dp->dir.slots);
		dp->dir.slots = slots;
		dp->dir.nslots = half;
	}
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
		shrink(dp);
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
