/*
 * uma/infoleak.c - the info-leak detector's check (see infoleak.h).
 *
 * The accessors hand over the kernel bytes they are about to write to user
 * memory; this file looks for runs of the poison byte in them, counts each
 * run and prints one line for it. The poison itself is laid by the kernel
 * (kernel/infoleak.c), which also registers the hook that names the system
 * call and the process: UMA knows neither.
 */
#include "uma/infoleak.h"
#include "uma/callsite.h"
#include "base/printk.h"
#include "base/spinlock.h"
#include "base/string.h"

#define IL_SEEN 32   /* distinct (site, caller, offset, run) printed in full */

bool il_enabled;
static unsigned long reports;
static int (*context_fn)(char *buf, size_t size);
static struct spinlock lock = SPINLOCK_INIT("infoleak");
static char last[320];

bool il_set(bool on)
{
	bool was = il_enabled;
	il_enabled = on;
	return was;
}

unsigned long il_count(void) { return __atomic_load_n(&reports, __ATOMIC_RELAXED); }
void il_reset_count(void) { __atomic_store_n(&reports, 0, __ATOMIC_RELAXED); }
void il_set_context(int (*fn)(char *buf, size_t size)) { context_fn = fn; }
const char *il_last_report(void) { return last; }

static inline bool has_poison(uint64_t v)
{
	return il_has_poison(v, 8);
}

size_t il_find_run(const void *p, size_t len, size_t from, size_t *run)
{
	const uint8_t *b = p;
	size_t i = from;

	while (i < len) {
		/* Eight aligned bytes at a time while none is poison (a run
		 * cannot start or go on in such a word); aligned, because ARM64
		 * is built with -mstrict-align and would load byte by byte. */
		if (((uintptr_t)(b + i) & 7) == 0 && i + 8 <= len &&
		    !has_poison(*(const uint64_t *)(b + i))) {
			i += 8;
			continue;
		}
		if (b[i] != INFOLEAK_POISON) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && b[j] == INFOLEAK_POISON)
			j++;
		if (j - i >= IL_MIN_RUN) {
			*run = j - i;
			return i;
		}
		i = j;
	}
	*run = 0;
	return len;
}

/* Each (site, caller, offset, run) is printed once: a loop that leaks a
 * thousand times should not flood the console. The count counts all. */
static bool first_time(const struct il_leak *l)
{
	static struct { uintptr_t site, from; size_t off, run; } seen[IL_SEEN];
	static unsigned nseen;
	bool first = true;
	uint64_t flags = spin_lock_irqsave(&lock);

	for (unsigned i = 0; i < nseen && first; i++)
		if (seen[i].site == l->site && seen[i].from == l->from &&
		    seen[i].off == l->off && seen[i].run == l->run)
			first = false;
	if (first && nseen < IL_SEEN) {
		seen[nseen].site = l->site;
		seen[nseen].from = l->from;
		seen[nseen].off = l->off;
		seen[nseen].run = l->run;
		nseen++;
	}
	spin_unlock_irqrestore(&lock, flags);
	return first;
}

/* "infoleak: syscall 32 (demo) in pid 9 (t_infoleak): 4 poisoned bytes
 * at +4 of a 16-byte copy to user 0x..., at demo_leak_padding+0x64
 * (0x...) from sys_demo+0x1c0" */
static void report(const struct il_leak *l)
{
	char line[sizeof(last)];
	int n = ksnprintf(line, sizeof(line), "infoleak: ");

	__atomic_add_fetch(&reports, 1, __ATOMIC_RELAXED);
	if (context_fn)
		n += context_fn(line + n, sizeof(line) - n);
	else
		n += ksnprintf(line + n, sizeof(line) - n, "no context");
	n += ksnprintf(line + n, sizeof(line) - n, ": %lu poisoned bytes at +%lu of a %lu-byte %s"
		       " user 0x%lx, at ", (unsigned long)l->run, (unsigned long)l->off,
		       (unsigned long)l->len, l->src ? "copy to" : "value written to",
		       (unsigned long)l->dst);
	n += uma_sym_text(line + n, sizeof(line) - n, l->site);
	n += ksnprintf(line + n, sizeof(line) - n, " (0x%lx)", (unsigned long)l->site);
	if (l->from) {
		n += ksnprintf(line + n, sizeof(line) - n, " from ");
		uma_sym_text(line + n, sizeof(line) - n, l->from);
	}
	uint64_t flags = spin_lock_irqsave(&lock);
	memcpy(last, line, sizeof(last));
	spin_unlock_irqrestore(&lock, flags);
	if (first_time(l))
		kprintf("%s\n", line);
}

/* Every run in [p, p+len) is one report. noinline: the frame walk in
 * uma_outer_caller counts on being two records below the accessor's caller. */
static __attribute__((noinline)) void check(const void *src, const void *p, uintptr_t dst,
					    size_t len, uintptr_t site, uintptr_t from)
{
	size_t run, off = 0;

	while ((off = il_find_run(p, len, off, &run)) < len) {
		report(&(struct il_leak){ src, dst, len, off, run, site, from });
		off += run;
	}
}

void il_check_bytes(const void *src, uintptr_t dst, size_t len, uintptr_t site)
{
	check(src, src, dst, len, site, uma_outer_caller(__builtin_frame_address(0), site));
}

/* A scalar's value: its `size` low bytes, in memory order (both of our
 * architectures are little-endian, so those are the bytes stored). */
void il_check_value(uint64_t value, uintptr_t dst, size_t size, uintptr_t site)
{
	check(NULL, &value, dst, size, site, uma_outer_caller(__builtin_frame_address(0), site));
}
