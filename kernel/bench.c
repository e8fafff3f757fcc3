/* kernel/bench.c - accessor and copy costs against kernel baselines (see bench.h). */
#include "bench.h"
#include "ktest.h"
#include "timer.h"
#include "base/printk.h"
#include "kmalloc.h"
#include "base/string.h"
#include "vm.h"
#include "uma/usermode_accessors.h"

#define SCALAR_LOOPS 20000

static void result(const char *name, uint64_t num, uint64_t den, const char *unit)
{
	/* value with three decimals, from integer arithmetic */
	uint64_t milli = den ? num * 1000 / den : 0;
	kprintf("bench: %s,%lu.%03lu,%s\n", name, milli / 1000, milli % 1000, unit);
}

/*
 * Each scalar accessor against a plain volatile kernel access of the same
 * type, SCALAR_LOOPS times each: the ratio is the price of the range check,
 * the STAC/CLAC or LDTR, and the call.
 */
#define BENCH_SCALAR(N, T)                                                          \
static void bench_##N(T __user *u)                                                  \
{                                                                                   \
	static volatile T k;                                                        \
	uint64_t t0 = time_ns();                                                    \
	for (int i = 0; i < SCALAR_LOOPS; i++)                                      \
		(void)k;                                                            \
	uint64_t plain_r = time_ns() - t0;                                          \
	t0 = time_ns();                                                             \
	for (int i = 0; i < SCALAR_LOOPS; i++)                                      \
		(void)Read##N##FromUser(u);                                         \
	uint64_t uma_r = time_ns() - t0;                                            \
	t0 = time_ns();                                                             \
	for (int i = 0; i < SCALAR_LOOPS; i++)                                      \
		k = (T)0;                                                           \
	uint64_t plain_w = time_ns() - t0;                                          \
	t0 = time_ns();                                                             \
	for (int i = 0; i < SCALAR_LOOPS; i++)                                      \
		Write##N##ToUser(u, (T)0);                                          \
	uint64_t uma_w = time_ns() - t0;                                            \
	result("Read" #N "FromUser/volatile load", uma_r, plain_r, "ratio");        \
	result("Write" #N "ToUser/volatile store", uma_w, plain_w, "ratio");        \
}
UMA_SCALAR_TYPES(BENCH_SCALAR)

/* CopyFromUser / CopyToUser against memcpy at several sizes. */
static void bench_copies(uint8_t __user *u, uint8_t *k, uint8_t *k2)
{
	static const size_t sizes[] = { 64, 512, 4096, 65536, 1 << 20 };

	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		int loops = (int)((4u << 20) / n);   /* 4 MiB moved per measurement */
		char name[64];
		uint64_t t0 = time_ns();
		for (int j = 0; j < loops; j++)
			memcpy(k2, k, n);
		uint64_t plain = time_ns() - t0;
		t0 = time_ns();
		for (int j = 0; j < loops; j++)
			CopyFromUser(k2, u, n);
		uint64_t from = time_ns() - t0;
		t0 = time_ns();
		for (int j = 0; j < loops; j++)
			CopyToUser(u, k, n);
		uint64_t to = time_ns() - t0;
		ksnprintf(name, sizeof(name), "CopyFromUser %lu B/memcpy", n);
		result(name, from, plain, "ratio");
		ksnprintf(name, sizeof(name), "CopyToUser %lu B/memcpy", n);
		result(name, to, plain, "ratio");
	}
}

/* A read that faults on an unmapped user page, caught by __except: the
 * whole path fault -> exception table -> fixup -> raise -> handler. */
static void bench_fault(const ULONG __user *good, const ULONG __user *bad)
{
	const int loops = 2000;
	uint64_t t0 = time_ns();

	for (volatile int i = 0; i < loops; i++) {   /* live across __try */
		__try {
			ReadULongFromUser(good);
		} __except (UmaExceptionFilter(UserMode)) {
		}
	}
	uint64_t ok = time_ns() - t0;
	t0 = time_ns();
	for (volatile int i = 0; i < loops; i++) {   /* live across __try */
		__try {
			ReadULongFromUser(bad);
		} __except (UmaExceptionFilter(UserMode)) {
		}
	}
	uint64_t caught = time_ns() - t0;
	result("caught fault (fault+extable+__except)", caught, (uint64_t)loops * 1000, "us");
	result("caught fault/successful read in __try", caught, ok, "ratio");
}

void bench_run(void)
{
	uint8_t __user *u = ktest_user_map(256, VM_READ | VM_WRITE);   /* 1 MiB + guard */
	uint8_t *k = kmalloc(1 << 20), *k2 = kmalloc(1 << 20);

	kprintf("# kernel benchmarks (%s)\n", arch_name());
	if (!k || !k2) {
		kprintf("# bench: no memory\n");
		return;
	}
	memset(k, 0x5a, 1 << 20);
	__try {
#define RUN_SCALAR(N, T) bench_##N((T __user *)u);
		UMA_SCALAR_TYPES(RUN_SCALAR)
		bench_copies(u, k, k2);
	} __except (UmaExceptionFilter(UserMode)) {
		kprintf("# bench: unexpected exception %#x\n", (unsigned)GetExceptionCode());
	}
	bench_fault((const ULONG __user *)u, (const ULONG __user *)(u + (256 << 12)));
	ktest_user_reset();
	kfree(k);
	kfree(k2);
}
