/*
 * tsc.c - the frequency of arch_counter() (RDTSC).
 *
 * CPUID leaf 0x15 may give the TSC frequency, but QEMU under TCG leaves it
 * zero, so we measure: time a few short PIT intervals and keep the median,
 * which ignores the odd sample stretched by the host descheduling us.
 * With an invariant TSC (CPUID 0x80000007 EDX[8], Intel SDM Vol.3 18.17)
 * the rate is constant whatever the power state.
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"

#define SAMPLES   3
#define SAMPLE_US 10000

static uint64_t tsc_hz;

void tsc_calibrate(void)
{
	uint64_t s[SAMPLES];

	for (int i = 0; i < SAMPLES; i++) {
		uint64_t v = pit_tsc_hz(SAMPLE_US);
		int j = i;
		for (; j > 0 && s[j - 1] > v; j--)   /* insertion sort */
			s[j] = s[j - 1];
		s[j] = v;
	}
	tsc_hz = s[SAMPLES / 2];
}

uint64_t arch_counter_hz(void)
{
	if (!tsc_hz)                 /* asked before arch_cpu_init() */
		tsc_calibrate();
	return tsc_hz;
}
