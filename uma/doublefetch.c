/*
 * uma/doublefetch.c - the double-fetch detector (see doublefetch.h).
 *
 * Each thread that is inside a system call owns one log: the user ranges
 * read so far, each with the call site that read it. The logs live in a
 * small table here, found by the thread pointer, so struct uma_thread does not
 * grow for a debugging aid that is usually off. A thread that sleeps in
 * its system call while DF_THREADS others enter theirs loses its log (the
 * oldest is reused): the detector may then miss a double fetch, but never
 * reports a false one. One lock covers the table; reports are printed
 * after it is dropped.
 */
#include "uma/doublefetch.h"
#include "base/cmdline.h"
#include "uma/callsite.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "base/string.h"
#include "uma/uma_thread.h"

#define DF_THREADS 16   /* threads tracked inside a system call at once */
#define DF_READS   64   /* distinct ranges remembered per system call */
#define DF_PAIRS   32   /* distinct (syscall, sites) reports printed in full */

struct df_range {
	uintptr_t start, end;   /* [start, end) */
	uintptr_t site;         /* who read it: the accessor's caller */
	uintptr_t from;         /* and that function's caller (0: unknown) */
	uintptr_t space;        /* whose address space (uma_thread.space): X in an
	                           attached process is not X in the caller */
};

struct df_log {
	struct uma_thread *owner;   /* NULL: free */
	uint64_t stamp;         /* when claimed: the oldest is reused first */
	unsigned long nr;
	const char *name;
	bool reported;          /* once per system call */
	unsigned n;
	struct df_range r[DF_READS];
};

/* A report, captured under the lock and printed after it. */
struct df_report {
	unsigned long nr;
	const char *name;
	uintptr_t start, end;
	struct df_range first, again;   /* the two reads: their sites */
};

bool df_enabled;
static struct df_log logs[DF_THREADS];
static uint64_t claims;       /* logs claimed so far: the stamps */
static unsigned long reports;
static struct spinlock lock = SPINLOCK_INIT("doublefetch");

void df_init(void)
{
	if (cmdline_has("doublefetch")) {
		df_enabled = true;
		kprintf("uma: double-fetch detector on (command line)\n");
	}
}

bool df_set(bool on)
{
	bool was = df_enabled;
	df_enabled = on;
	return was;
}

unsigned long df_count(void) { return reports; }
void df_reset_count(void) { reports = 0; }

static struct df_log *log_of(struct uma_thread *t)
{
	for (int i = 0; i < DF_THREADS; i++)
		if (logs[i].owner == t)
			return &logs[i];
	return NULL;
}

/* A free log, else the one claimed longest ago. */
static struct df_log *claim(void)
{
	struct df_log *oldest = &logs[0];

	for (int i = 0; i < DF_THREADS; i++) {
		if (!logs[i].owner)
			return &logs[i];
		if (logs[i].stamp < oldest->stamp)
			oldest = &logs[i];
	}
	return oldest;
}

void df_syscall_enter(unsigned long nr, const char *name)
{
	struct uma_thread *t = uma_current;
	uint64_t flags = spin_lock_irqsave(&lock);
	struct df_log *l = log_of(t);

	if (!l)
		l = claim();
	l->owner = t;
	l->stamp = ++claims;
	l->nr = nr;
	l->name = name;
	l->reported = false;
	l->n = 0;
	spin_unlock_irqrestore(&lock, flags);
}

void df_syscall_exit(void)
{
	uint64_t flags = spin_lock_irqsave(&lock);
	struct df_log *l = log_of(uma_current);

	if (l)
		l->owner = NULL;
	spin_unlock_irqrestore(&lock, flags);
}

/*
 * Compare with every range already read. An overlap is a double fetch;
 * otherwise the range is remembered, growing the range its site read
 * last when it continues it (a path read byte by byte is one range, not
 * PATH_MAX of them). A full log stops growing: a missed report at
 * worst, never a false one. Returns true and fills *rep for a new report.
 */
static bool note(struct df_log *l, struct df_range rd, struct df_report *rep)
{
	struct df_range *grow = NULL;
	uintptr_t start = rd.start, end = rd.end;

	for (unsigned i = 0; i < l->n; i++) {
		struct df_range *r = &l->r[i];
		if (r->space != rd.space)
			continue;
		if (start < r->end && r->start < end) {
			if (l->reported)
				return false;
			l->reported = true;
			*rep = (struct df_report){ l->nr, l->name, start > r->start ? start : r->start,
						   end < r->end ? end : r->end, *r, rd };
			return true;
		}
		if (r->site == rd.site && r->from == rd.from && r->end == start)
			grow = r;
	}
	if (grow)
		grow->end = end;
	else if (l->n < DF_READS)
		l->r[l->n++] = rd;
	return false;
}

/* Cut [start, end) out of every remembered range. A range split in two
 * needs a new entry; with none left its right part is dropped (a missed
 * report at worst, never a false one). */
void df_forget(uintptr_t start, size_t len)
{
	uintptr_t end = start + len;
	uint64_t flags = spin_lock_irqsave(&lock);
	struct df_log *l = log_of(uma_current);

	for (unsigned i = 0; l && i < l->n; i++) {
		struct df_range *r = &l->r[i];
		if (end <= r->start || r->end <= start || r->space != uma_current->space)
			continue;
		if (r->start < start && end < r->end && l->n < DF_READS) {
			l->r[l->n] = *r;            /* the part after the hole */
			l->r[l->n++].start = end;
		}
		if (r->start < start)
			r->end = start;             /* keep the part before */
		else if (end < r->end)
			r->start = end;             /* keep the part after */
		else {
			*r = l->r[--l->n];          /* all of it: move the last one here */
			i--;                        /* and look at this slot again */
		}
	}
	spin_unlock_irqrestore(&lock, flags);
}

/* "copy_path_from_user+0x6d (0x...) from toctou+0x4c": the caller of
 * the accessor, and who called it -- for a helper such as
 * copy_path_from_user the second name is the one that tells. */
static void site_text(char *buf, size_t size, const struct df_range *r)
{
	int n = uma_sym_text(buf, size, r->site);

	n += ksnprintf(buf + n, size - n, " (0x%lx)", (unsigned long)r->site);
	if (r->from) {
		n += ksnprintf(buf + n, size - n, " from ");
		uma_sym_text(buf + n, size - n, r->from);
	}
}

/* Each (syscall, first site, second site) is printed once: a test that
 * runs a buggy call a thousand times should not flood the console. The
 * count still counts every one. */
static bool first_time(const struct df_report *rep)
{
	static struct { unsigned long nr; uintptr_t sites[4]; } seen[DF_PAIRS];
	static unsigned nseen;
	uintptr_t sites[4] = { rep->first.site, rep->first.from, rep->again.site, rep->again.from };

	for (unsigned i = 0; i < nseen; i++)
		if (seen[i].nr == rep->nr && !memcmp(seen[i].sites, sites, sizeof(sites)))
			return false;
	if (nseen < DF_PAIRS) {
		seen[nseen].nr = rep->nr;
		memcpy(seen[nseen].sites, sites, sizeof(sites));
		nseen++;
	}
	return true;
}

static char last[512];

const char *df_last_report(void) { return last; }

void df_record_read(uintptr_t start, size_t len, uintptr_t site)
{
	struct df_range rd = { start, start + len, site,
			       uma_outer_caller(__builtin_frame_address(0), site),
			       uma_current->space };
	struct df_report rep;
	bool found = false, print = false;
	uint64_t flags = spin_lock_irqsave(&lock);
	struct df_log *l = log_of(uma_current);

	if (l && len)
		found = note(l, rd, &rep);
	if (found) {
		reports++;
		print = first_time(&rep);
	}
	spin_unlock_irqrestore(&lock, flags);
	if (!found)
		return;

	char first[160], again[160];
	site_text(first, sizeof(first), &rep.first);
	site_text(again, sizeof(again), &rep.again);
	ksnprintf(last, sizeof(last), "double fetch: syscall %lu (%s) read user bytes [0x%lx, +%lu) "
		  "twice: first at %s, again at %s", rep.nr, rep.name, (unsigned long)rep.start,
		  (unsigned long)(rep.end - rep.start), first, again);
	if (print)
		kprintf("%s, in thread %s\n", last, uma_current->name);
}
