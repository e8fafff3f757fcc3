/*
 * kernel/kcov.c - the coverage hook and what it writes into (kernel/kcov.h).
 *
 * This file is compiled without -fsanitize-coverage (the Makefile): the
 * hook must not call itself. It calls nothing that is instrumented either:
 * current_thread() and arch_cpu_id() are inline.
 *
 * The hook writes kernel memory only. A thread's PCs go to its own buffer,
 * which only that thread appends to and only while it runs, so it needs no
 * lock; the global record is shared by every CPU (getpid and the like run
 * without the big kernel lock, kernel/bkl.h), so it is filled with
 * compare-and-swap.
 */
#include "kcov.h"
#include "thread.h"
#include "kmalloc.h"
#include "base/cmdline.h"
#include "base/printk.h"
#include "uapi/syscalls.h"
#include "uapi/errno.h"

#ifndef COVER
#define COVER 0                   /* the Makefile says; sparse may not */
#endif
const bool kcov_built = COVER;

volatile unsigned long kcov_users;
unsigned kcov_irq_depth[MAX_CPUS];

/* The global record: a set of (system call, PC) keys, open addressing with
 * linear probing. A key is nr << 32 | (PC - __text_start): never 0, as
 * there is no system call 0. 128 Ki slots (1 MiB) hold every pair a run of
 * the user suite reaches (tools/cover.py prints how full it got); a pair
 * that finds no free slot within RECORD_PROBES is counted as dropped. */
#define RECORD_SLOTS  (128UL * 1024)
#define RECORD_PROBES 64
extern char __text_start[];
static uint64_t *record;          /* NULL: the record is off */
static unsigned long record_used, record_dropped;

void __nocov kcov_irq_enter(void) { kcov_irq_depth[arch_cpu_id()]++; }
void __nocov kcov_irq_exit(void) { kcov_irq_depth[arch_cpu_id()]--; }

static void record_add(unsigned long nr, uintptr_t pc)
{
	uint64_t key = (uint64_t)nr << 32 | (uint32_t)(pc - (uintptr_t)__text_start);
	/* Fibonacci hashing (Knuth, TAOCP 6.4): the top 17 bits. */
	unsigned long h = (key * 0x9e3779b97f4a7c15UL) >> (64 - 17);

	for (unsigned long i = 0; i < RECORD_PROBES; i++) {
		uint64_t *slot = &record[(h + i) % RECORD_SLOTS], seen = 0;

		if (__atomic_load_n(slot, __ATOMIC_RELAXED) == key)
			return;
		if (__atomic_compare_exchange_n(slot, &seen, key, false,
						__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			__atomic_add_fetch(&record_used, 1, __ATOMIC_RELAXED);
			return;
		}
		if (seen == key)          /* another CPU put it there first */
			return;
	}
	__atomic_add_fetch(&record_dropped, 1, __ATOMIC_RELAXED);
}

/* The slow path: someone has coverage on. Is it this thread, in a call? */
static __attribute__((noinline)) void kcov_trace(uintptr_t pc)
{
	unsigned cpu = arch_cpu_id();
	struct thread *t = sched_current_on[cpu];

	if (!t || !t->kcov.in_call || kcov_irq_depth[cpu])
		return;
	struct kcov_thread *k = &t->kcov;
	if (k->collect && k->pos + 1 < k->size)
		k->area[++k->pos] = pc;
	if (record)
		record_add(k->nr, pc);
}

/*
 * GCC calls this at the start of every basic block of an instrumented file
 * (-fsanitize-coverage=trace-pc). While nobody uses coverage it costs one
 * load and a branch. The PC recorded is the return address: an address
 * inside the block, which is all symbolizing needs.
 */
void __sanitizer_cov_trace_pc(void);
void __sanitizer_cov_trace_pc(void)
{
	if (likely(!kcov_users))
		return;
	kcov_trace((uintptr_t)__builtin_return_address(0));
}

void kcov_record_start(struct thread *t, unsigned long nr)
{
	t->kcov.nr = nr;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);   /* nr before the flag */
	t->kcov.in_call = true;
}

void kcov_record_stop(struct thread *t)
{
	t->kcov.in_call = false;
	t->kcov.collect = false;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);   /* off before any copy */
}

long kcov_attach(struct thread *t, unsigned long __user *ubuf, unsigned long n)
{
	unsigned long *area = kmalloc(n * sizeof(*area));

	if (!area)
		return -ENOMEM;
	t->kcov = (struct kcov_thread){
		.area = area, .size = n, .ubuf = ubuf,
		.nr = t->kcov.nr, .in_call = t->kcov.in_call,
	};
	__atomic_add_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
	return 0;
}

void kcov_detach(struct thread *t)
{
	if (!t->kcov.area)
		return;
	t->kcov.collect = false;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);   /* the hook stops using area */
	kfree(t->kcov.area);
	t->kcov.area = NULL;
	t->kcov.size = t->kcov.pos = t->kcov.start = 0;
	t->kcov.ubuf = NULL;
	__atomic_sub_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
}

bool kcov_record_enabled(void)
{
	return record != NULL;
}

void kcov_init(void)
{
	if (!cmdline_has("kcov=record"))
		return;
	if (!kcov_built) {
		kprintf("kcov: kcov=record ignored: this kernel is not built with coverage (make COVER=1)\n");
		return;
	}
	record = kzalloc(RECORD_SLOTS * sizeof(*record));
	if (!record) {
		kprintf("kcov: no memory for the coverage record\n");
		return;
	}
	__atomic_add_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
	kprintf("kcov: recording (system call, PC) pairs of every thread, %lu slots\n",
		RECORD_SLOTS);
}

/*
 * The record for tools/cover.py, after a header line:
 *     kcov: record text=<__text_start> used=<pairs> dropped=<pairs> slots=<n>
 *     kcov: <nr> <offset> <offset> ...      (up to 12 per line, hex)
 *     kcov: end
 * Offsets are from __text_start. The record is switched off first: the
 * printing below is itself instrumented code.
 */
void kcov_record_dump(void)
{
	uint64_t *r = record;

	if (!r)
		return;
	record = NULL;
	__atomic_sub_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
	kprintf("kcov: record text=%#lx used=%lu dropped=%lu slots=%lu\n",
		(uintptr_t)__text_start, record_used, record_dropped, RECORD_SLOTS);
	for (unsigned long nr = 1; nr < NSYSCALLS; nr++) {
		int on_line = 0;
		for (unsigned long i = 0; i < RECORD_SLOTS; i++) {
			if (!r[i] || r[i] >> 32 != nr)
				continue;
			if (!on_line)
				kprintf("kcov: %lu", nr);
			kprintf(" %x", (uint32_t)r[i]);
			if (++on_line == 12) {
				kprintf("\n");
				on_line = 0;
			}
		}
		if (on_line)
			kprintf("\n");
	}
	kprintf("kcov: end\n");
	kfree(r);
}
