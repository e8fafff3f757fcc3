/*
 * uma/tests/nospec_test.c - the Spectre v1 masks give exactly the value
 * the bound check allows, and nothing else (docs/uma.md, "Spectre v1").
 * What they do under misprediction cannot be observed from a test; that
 * they are computed without a branch is what the disassembly shows
 * (cmp/sbb, tst/csel/csdb: docs/uma.md).
 */
#include "ktest.h"
#include "arch/uaccess.h"
#include "base/nospec.h"
#include "uma/usermode_accessors.h"

KTEST(nospec_user_pointer_mask_keeps_user_addresses_only)
{
	static const uintptr_t good[] = { 0, 1, 0x1000, 0x400000, USER_VA_LIMIT - 8, USER_VA_LIMIT - 1 };
	static const uintptr_t bad[] = {
		USER_VA_LIMIT, USER_VA_LIMIT + 1, 2 * USER_VA_LIMIT, 0x8000000000000000ull,
		0xffff800000000000ull, 0xffffffff80000000ull, ~(uintptr_t)0, (uintptr_t)&good,
	};

	for (unsigned i = 0; i < ARRAY_SIZE(good); i++)
		KEXPECT_EQ(arch_mask_user_addr(good[i]), good[i]);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		KEXPECT_EQ(arch_mask_user_addr(bad[i]), ARCH_MASKED_USER_ADDR);
}

KTEST(nospec_array_index_is_clamped_to_zero_out_of_bounds)
{
	KEXPECT_EQ(array_index_nospec(0, 37), 0);
	KEXPECT_EQ(array_index_nospec(5, 37), 5);
	KEXPECT_EQ(array_index_nospec(36, 37), 36);
	KEXPECT_EQ(array_index_nospec(37, 37), 0);
	KEXPECT_EQ(array_index_nospec(38, 37), 0);
	KEXPECT_EQ(array_index_nospec(0x8000000000000000ull, 37), 0);
	KEXPECT_EQ(array_index_nospec(~0ull, 37), 0);
	KEXPECT_EQ(array_index_nospec(~0ull - 1, ~0ull), ~0ull - 1);
	KEXPECT_EQ(array_index_nospec(0, 0), 0);
}
