/* kernel/bench.c - accessor and copy costs against kernel baselines (see bench.h). */
#include "bench.h"
#include "arch/trap.h"   /* trap_stamp: the stages of a caught fault */
#include "ktest.h"
#include "timer.h"
#include "base/printk.h"
#include "kmalloc.h"
#include "base/string.h"
#include "vm.h"
#include "uma/usermode_accessors.h"
#include "arch/uaccess.h"  /* arch_mask_user_addr */
#include "base/nospec.h"

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


/*
 * The caught fault of bench_fault, one stage at a time. The trap path
 * stamps the arch counter as it passes each point (trap_stamp, arch/trap.h):
 *   trap entry        the faulting load -> the first C code of the trap
 *                     handler: the CPU's exception and the entry stub
 *   table search      trap_fixup_search() of the faulting pc (uma/extable.c)
 *   violation check   is it a SMAP/PAN violation? (it must not be, to be
 *                     fixed up)
 *   unwind to __except  the fixup, return from the trap, uma_raise, the
 *                     longjmp and the filter, up to the first line of
 *                     the __except block
 * Each stage is averaged over the loops of a round, and the round with
 * the smallest total of 3 is kept (the host's noise only ever adds
 * time); the counter's own reads are included, so the stages add up to a
 * little more than the whole.
 */
static void fault_stages_round(const ULONG __user *bad, int loops, uint64_t sum[4])
{
	for (volatile int i = 0; i < loops; i++) {   /* live across __try */
		volatile uint64_t t0 = 0, t_end = 0;
		trap_stamping = true;
		__try {
			t0 = arch_counter();
			ReadULongFromUser(bad);
		} __except (UmaExceptionFilter(UserMode)) {
			t_end = arch_counter();
		}
		trap_stamping = false;
		sum[0] += trap_stamps[STAMP_TRAP_ENTRY] - t0;
		sum[1] += trap_stamps[STAMP_TABLE_SEARCHED] - trap_stamps[STAMP_TRAP_ENTRY];
		sum[2] += trap_stamps[STAMP_VIOLATION_CHECKED] - trap_stamps[STAMP_TABLE_SEARCHED];
		sum[3] += t_end - trap_stamps[STAMP_VIOLATION_CHECKED];
	}
}

static void bench_fault_stages(const ULONG __user *bad)
{
	const int loops = 2000;
	static const char *const names[] = {
		"caught fault stage 1: trap entry",
		"caught fault stage 2: table search",
		"caught fault stage 3: violation check",
		"caught fault stage 4: unwind to __except",
	};
	uint64_t best[4] = { 0 }, best_total = ~0ull;

	for (int round = 0; round < 3; round++) {
		uint64_t sum[4] = { 0 };
		fault_stages_round(bad, loops, sum);
		if (sum[0] + sum[1] + sum[2] + sum[3] < best_total) {
			best_total = sum[0] + sum[1] + sum[2] + sum[3];
			memcpy(best, sum, sizeof(best));
		}
	}
	for (int s = 0; s < 4; s++)
		result(names[s], counter_to_ns(best[s]), (uint64_t)loops * 1000, "us");
}

/* The price of entering and leaving a __try that raises nothing: what the
 * dispatcher adds to every system call. Each loop is timed 3 times and
 * its fastest run kept, so that noise in one cannot make the other look
 * slower. */
static uint64_t time_plain_loop(int loops)
{
	volatile int sink = 0;
	uint64_t t0 = time_ns();

	for (int i = 0; i < loops; i++)
		sink = i;
	(void)sink;
	return time_ns() - t0;
}

static uint64_t time_try_loop(int loops)
{
	volatile int sink = 0;
	uint64_t t0 = time_ns();

	for (int i = 0; i < loops; i++) {
		__try {
			sink = i;
		} __except (UmaExceptionFilter(UserMode)) {
		}
	}
	(void)sink;
	return time_ns() - t0;
}

static void bench_try(void)
{
	const int loops = 20000;
	uint64_t plain = ~0ull, tried = ~0ull;

	for (int round = 0; round < 3; round++) {
		uint64_t p = time_plain_loop(loops), t = time_try_loop(loops);
		plain = p < plain ? p : plain;
		tried = t < tried ? t : tried;
	}
	result("__try/__except entered and left (no exception)",
	       tried > plain ? tried - plain : 0, (uint64_t)loops * 1000, "us");
}

/*
 * What the Spectre v1 hardening adds (docs/uma.md): the mask every user
 * access applies after its range check, and the clamp of the system-call
 * number. Each is timed in a loop that feeds its result to the next
 * round (so it cannot be hoisted or overlapped away) against the same
 * loop without it; fastest of 3 rounds each, the difference per call.
 */
#define NOSPEC_LOOPS 200000

/* One loop each, so that no loop pays for choosing between them. */
#define NOSPEC_LOOP(fname, step)                                              \
static __attribute__((noinline)) uint64_t fname(void)                         \
{                                                                             \
	volatile uint64_t v = 0x1000;                                         \
	uint64_t t0 = time_ns();                                              \
                                                                              \
	for (int i = 0; i < NOSPEC_LOOPS; i++) {                              \
		uint64_t a = v;                                               \
		v = (step);                                                   \
	}                                                                     \
	return time_ns() - t0;                                                \
}
NOSPEC_LOOP(time_chain_plain, a)
NOSPEC_LOOP(time_chain_mask, arch_mask_user_addr(a))
NOSPEC_LOOP(time_chain_clamp, array_index_nospec(a, 0x10000))

static void bench_nospec(void)
{
	uint64_t (*const loop[3])(void) = { time_chain_plain, time_chain_mask, time_chain_clamp };
	uint64_t best[3] = { ~0ull, ~0ull, ~0ull };

	for (int round = 0; round < 3; round++)
		for (int w = 0; w < 3; w++) {
			uint64_t t = loop[w]();
			best[w] = t < best[w] ? t : best[w];
		}
	result("Spectre v1: loop step without either (baseline)", best[0], NOSPEC_LOOPS, "ns");
	result("Spectre v1: user pointer mask (per access)",
	       best[1] > best[0] ? best[1] - best[0] : 0, NOSPEC_LOOPS, "ns");
	result("Spectre v1: system-call number clamp (per call)",
	       best[2] > best[0] ? best[2] - best[0] : 0, NOSPEC_LOOPS, "ns");
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
	bench_fault_stages((const ULONG __user *)(u + (256 << 12)));
	bench_try();
	bench_nospec();
	ktest_user_reset();
	kfree(k);
	kfree(k2);
}
