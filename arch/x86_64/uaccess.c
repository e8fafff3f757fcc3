/*
 * uaccess.c - pick the copy and fill loops uaccess.S uses (SPEC section 3).
 *
 * `rep movsb` / `rep stosb` is the right choice on real hardware that has
 * ERMS ("enhanced REP MOVSB/STOSB", CPUID.7.0:EBX[9], SDM Vol.1 7.3.9.3):
 * microcode moves whole cache lines. QEMU's TCG emulates a REP string
 * instruction one byte at a time (~0.4 GB/s), while a plain 8-byte loop
 * translates to host moves (~5 GB/s). A CPU model cannot tell the two
 * apart (QEMU -cpu max reports ERMS), so we also time both once, between
 * two kernel buffers, and keep the faster one.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "arch/uaccess.h"
#include "arch/x86_64/x86_64.h"

/* Read by arch_copy_*_user / arch_fill_user (uaccess.S): nonzero = rep. */
uint8_t x86_uaccess_copy_rep, x86_uaccess_fill_rep;

#define CAL_BYTES 8192
static uint8_t cal_src[CAL_BYTES] __aligned(64), cal_dst[CAL_BYTES] __aligned(64);
static char description[160];

/* Best of a few runs, in counter ticks: the first run also warms caches
 * (and, under TCG, translates the code). */
static uint64_t time_copy(size_t (*copy)(void *, const void *, size_t))
{
	uint64_t best = ~0ull;

	for (int i = 0; i < 5; i++) {
		uint64_t t0 = arch_counter();
		copy(cal_dst, cal_src, CAL_BYTES);
		uint64_t t = arch_counter() - t0;
		best = t < best ? t : best;
	}
	return best ? best : 1;
}

static uint64_t time_fill(size_t (*fill)(void *, int, size_t))
{
	uint64_t best = ~0ull;

	for (int i = 0; i < 5; i++) {
		uint64_t t0 = arch_counter();
		fill(cal_dst, 0x5a, CAL_BYTES);
		uint64_t t = arch_counter() - t0;
		best = t < best ? t : best;
	}
	return best ? best : 1;
}

/* MB/s for CAL_BYTES in `ticks` of arch_counter(). */
static uint64_t mbps(uint64_t ticks)
{
	return CAL_BYTES * arch_counter_hz() / ticks / 1000000;
}

/* rep wins if the CPU has ERMS and the loop is not clearly (1.5x) faster. */
static bool prefer_rep(uint64_t rep_ticks, uint64_t loop_ticks)
{
	return x86_cpu.erms && 2 * rep_ticks < 3 * loop_ticks;
}

void arch_uaccess_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;

	uint64_t crep = time_copy(x86_copy_rep), cloop = time_copy(x86_copy_words);
	uint64_t frep = time_fill(x86_fill_rep), floop = time_fill(x86_fill_words);

	x86_uaccess_copy_rep = prefer_rep(crep, cloop);
	x86_uaccess_fill_rep = prefer_rep(frep, floop);
	ksnprintf(description, sizeof(description),
		  "copy: %s, fill: %s (ERMS=%s; rep movsb %lu MB/s, word loop %lu MB/s; "
		  "rep stosb %lu MB/s, word stores %lu MB/s)",
		  x86_uaccess_copy_rep ? "rep movsb" : "8-byte loop",
		  x86_uaccess_fill_rep ? "rep stosb" : "8-byte stores",
		  x86_cpu.erms ? "yes" : "no",
		  mbps(crep), mbps(cloop), mbps(frep), mbps(floop));
}

const char *arch_uaccess_describe(void)
{
	return description[0] ? description : "copy: not chosen yet (arch_uaccess_init not run)";
}
