/*
 * uma/callsite.c - naming where a user access came from (uma/callsite.h).
 */
#include "uma/callsite.h"
#include "base/ksym.h"
#include "base/printk.h"

/* Two neighbouring frame records are never further apart than this: no
 * kernel function has a frame this big (kernel stacks are 16 KiB). */
#define MAX_FRAME_GAP (16 * 1024)

uintptr_t uma_outer_caller(const uint64_t *fp, uintptr_t site)
{
	for (int depth = 0; depth < 2; depth++) {
		const uint64_t *up = (const uint64_t *)fp[0];
		if (up <= fp || (uintptr_t)up - (uintptr_t)fp > MAX_FRAME_GAP)
			return 0;
		fp = up;
		if (depth == 0 && fp[1] != site)
			return 0;
	}
	return fp[1];
}

int uma_sym_text(char *buf, size_t size, uintptr_t pc)
{
	const char *name;
	uint64_t off;

	if (ksym_lookup(pc, &name, &off))
		return ksnprintf(buf, size, "%s+0x%lx", name, (unsigned long)off);
	return ksnprintf(buf, size, "0x%lx", (unsigned long)pc);
}
