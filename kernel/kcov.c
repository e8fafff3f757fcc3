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
 * compare-and-swap. The thread's flags need only compiler barriers
 * (__atomic_signal_fence): the hook that reads them runs in the same
 * thread, on the same CPU, as the code that sets them.
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

/* The global record: two sets of 64-bit keys, open addressing with linear
 * probing. In `pairs`, a key is nr << 32 | (PC - __text_start): never 0, as
 * there is no system call 0. In `edges`, it is from << 32 | to, the offsets
 * of two PCs one system call reached one after the other (an edge as
 * syzkaller counts them: a branch taken, a call or a return); never 0, as
 * no block starts at __text_start itself. 128 Ki slots (1 MiB) each hold
 * what a run of the user suite reaches (tools/cover.py prints how full they
 * got); a key that finds no free slot within RECORD_PROBES is dropped. */
#define RECORD_BITS   17
#define RECORD_SLOTS  (1UL << RECORD_BITS)
#define RECORD_PROBES 64
extern char __text_start[];
struct kset {
	uint64_t *slots;          /* NULL: the record is off */
	unsigned long used, dropped;
};
static struct kset pairs, edges;

void __nocov kcov_irq_enter(void) { kcov_irq_depth[arch_cpu_id()]++; }
void __nocov kcov_irq_exit(void) { kcov_irq_depth[arch_cpu_id()]--; }

static uint32_t text_offset(uintptr_t pc)
{
	return (uint32_t)(pc - (uintptr_t)__text_start);
}

static void kset_add(struct kset *s, uint64_t *set, uint64_t key)
{
	/* Fibonacci hashing (Knuth, TAOCP 6.4): the product's top bits. */
	unsigned long h = (key * 0x9e3779b97f4a7c15UL) >> (64 - RECORD_BITS);

	for (unsigned long i = 0; i < RECORD_PROBES; i++) {
		uint64_t *slot = &set[(h + i) % RECORD_SLOTS];
		uint64_t seen = __atomic_load_n(slot, __ATOMIC_RELAXED);

		if (!seen && __atomic_compare_exchange_n(slot, &seen, key, false,
							 __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
			__atomic_add_fetch(&s->used, 1, __ATOMIC_RELAXED);
			return;
		}
		if (seen == key)          /* there already, or another CPU just put it there */
			return;
	}
	__atomic_add_fetch(&s->dropped, 1, __ATOMIC_RELAXED);
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
	/* One load each: kcov_record_dump may switch the record off meanwhile. */
	uint64_t *p = __atomic_load_n(&pairs.slots, __ATOMIC_RELAXED);
	uint64_t *e = __atomic_load_n(&edges.slots, __ATOMIC_RELAXED);
	if (p)
		kset_add(&pairs, p, (uint64_t)k->nr << 32 | text_offset(pc));
	if (e && k->prev)
		kset_add(&edges, e, (uint64_t)text_offset(k->prev) << 32 | text_offset(pc));
	k->prev = pc;
}

/*
 * GCC calls this at the start of every basic block of an instrumented file
 * (-fsanitize-coverage=trace-pc). While nobody uses coverage it costs one
 * load and a branch. The PC recorded is the return address: an address
 * inside the block, which is all symbolizing needs.
 */
void __sanitizer_cov_trace_pc(void)
{
	if (likely(!kcov_users))
		return;
	kcov_trace((uintptr_t)__builtin_return_address(0));
}

void kcov_record_start(struct thread *t, unsigned long nr)
{
	t->kcov.nr = nr;
	t->kcov.prev = 0;
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

void kcov_init(void)
{
	if (!cmdline_has("kcov=record"))
		return;
	if (!kcov_built) {
		kprintf("kcov: kcov=record ignored: this kernel is not built with coverage (make COVER=1)\n");
		return;
	}
	uint64_t *p = kzalloc(RECORD_SLOTS * sizeof(*p)), *e = kzalloc(RECORD_SLOTS * sizeof(*e));
	if (!p || !e) {
		kfree(p);
		kfree(e);
		kprintf("kcov: no memory for the coverage record\n");
		return;
	}
	edges.slots = e;
	pairs.slots = p;
	__atomic_add_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
	kprintf("kcov: recording (system call, PC) pairs and edges of every thread, %lu slots each\n",
		RECORD_SLOTS);
}

/*
 * The record for tools/cover.py, after a header line:
 *     kcov: record text=<__text_start> used=<pairs> dropped=<pairs> slots=<n>
 *           edges=<edges> edges_dropped=<edges>
 *     kcov: <nr> <offset> <offset> ...      (up to 12 per line, hex)
 *     kcov: e <from>:<to> <from>:<to> ...   (up to 8 per line, hex)
 *     kcov: end
 * Offsets are from __text_start. The record is switched off first: the
 * printing below is itself instrumented code. It is not freed: another CPU
 * may still be adding to it, and the machine is about to power off.
 */
void kcov_record_dump(void)
{
	uint64_t *p = pairs.slots, *e = edges.slots;

	if (!p)
		return;
	__atomic_store_n(&pairs.slots, NULL, __ATOMIC_SEQ_CST);
	__atomic_store_n(&edges.slots, NULL, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&kcov_users, 1, __ATOMIC_SEQ_CST);
	kprintf("kcov: record text=%#lx used=%lu dropped=%lu slots=%lu edges=%lu edges_dropped=%lu\n",
		(uintptr_t)__text_start, pairs.used, pairs.dropped, RECORD_SLOTS,
		edges.used, edges.dropped);
	for (unsigned long nr = 1; nr < NSYSCALLS; nr++) {
		int on_line = 0;
		for (unsigned long i = 0; i < RECORD_SLOTS; i++) {
			if (!p[i] || p[i] >> 32 != nr)
				continue;
			if (!on_line)
				kprintf("kcov: %lu", nr);
			kprintf(" %x", (uint32_t)p[i]);
			if (++on_line == 12) {
				kprintf("\n");
				on_line = 0;
			}
		}
		if (on_line)
			kprintf("\n");
	}
	int on_line = 0;
	for (unsigned long i = 0; i < RECORD_SLOTS; i++) {
		if (!e[i])
			continue;
		kprintf("%s %x:%x", on_line ? "" : "kcov: e", (uint32_t)(e[i] >> 32), (uint32_t)e[i]);
		if (++on_line == 8) {
			kprintf("\n");
			on_line = 0;
		}
	}
	if (on_line)
		kprintf("\n");
	kprintf("kcov: end\n");
}
