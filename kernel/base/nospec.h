/*
 * kernel/base/nospec.h - an array index that even a mispredicting CPU
 * keeps in bounds (Spectre variant 1, "bounds check bypass").
 *
 *     if (nr >= NSYSCALLS)                  // the CPU may guess "no" wrongly
 *         return -ENOSYS;
 *     nr = array_index_nospec(nr, NSYSCALLS);
 *     fn = table[nr];                       // in bounds, even speculatively
 *
 * Without the second line, a CPU that mispredicts the bound check loads
 * table[nr] for an nr the user chose, far past the table, and calls or
 * uses what it finds there speculatively -- enough to leave kernel data
 * in the cache for the caller to time. The mask is computed from the
 * comparison by data, not by a branch (asm/cpu.h,
 * arch_index_mask_nospec), so there is no prediction to get wrong:
 * out of bounds, the index becomes 0. As Linux's include/linux/nospec.h.
 */
#ifndef KERNEL_BASE_NOSPEC_H
#define KERNEL_BASE_NOSPEC_H

#include "base/types.h"
#include <asm/cpu.h>

static inline uint64_t array_index_nospec(uint64_t idx, uint64_t size)
{
	return idx & arch_index_mask_nospec(idx, size);
}

#endif
