/* kernel/base/ksym.c - address to function name (see ksym.h). */
#include "base/ksym.h"

struct ksym {
	uint64_t addr;
	const char *name;
};

extern const uint64_t ksym_count;
extern const struct ksym ksym_table[];
extern char __text_start[], __text_end[];

bool ksym_lookup(uint64_t addr, const char **name, uint64_t *offset)
{
	size_t lo = 0, hi = ksym_count;

	if (addr < (uintptr_t)__text_start || addr >= (uintptr_t)__text_end || !hi)
		return false;
	while (hi - lo > 1) {            /* the last entry at or below addr */
		size_t mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksym_table[lo].addr > addr)
		return false;
	*name = ksym_table[lo].name;
	*offset = addr - ksym_table[lo].addr;
	return true;
}
