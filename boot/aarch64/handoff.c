/*
 * boot/aarch64/handoff.c - first page tables and the jump into the kernel.
 *
 * UEFI leaves us at EL1 (QEMU virt has no EL2 by default) with the MMU on and
 * an identity map in TTBR0 (UEFI 2.10 section 2.3.6). We build, with the
 * 4 KiB granule and 48-bit VAs (Arm ARM D8.2):
 *   TTBR0 L0[0]   -> L1: identity map of [0, top) in 1 GiB blocks
 *   TTBR1 L0[256] -> the same L1: DIRECT_MAP + pa
 *   TTBR1 L0[511] -> L1[510] -> L2: the kernel image at KERNEL_VMA, 2 MiB blocks
 * A GiB that holds RAM is Normal write-back, any other GiB Device-nGnRnE
 * (the PL011 and the GIC live in the first GiB on QEMU virt).
 */
#include "loader.h"

#define DESC_TABLE  3ull
#define DESC_BLOCK  1ull
#define ATTR_DEVICE (0ull << 2)       /* MAIR index 0 */
#define ATTR_NORMAL (1ull << 2)       /* MAIR index 1 */
#define SH_INNER    (3ull << 8)
#define AF          (1ull << 10)
#define UXN         (1ull << 54)
#define PXN         (1ull << 53)

/*
 * MAIR_EL1 (Arm ARM D19.2.97): idx0 Device-nGnRnE, idx1 Normal WB RW-allocate,
 * idx2 Normal non-cacheable, idx3 Normal WB (the index EDK2 uses for RAM, so
 * its own tables stay valid for the few instructions before our switch).
 */
#define MAIR_VALUE  0xff44ff00ull

const uint16_t handoff_elf_machine = 183;  /* EM_AARCH64 */

uint64_t handoff_pages_needed(uint64_t top)
{
	(void)top;
	return 5;   /* TTBR0 L0, shared L1, TTBR1 L0, kernel L1, kernel L2 */
}

uint64_t handoff_counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static int gib_has_ram(struct boot_info *bi, uint64_t g)
{
	for (unsigned i = 0; i < bi->mem_count; i++) {
		struct boot_mem_region *r = &bi->mem[i];
		if (r->type == BOOT_MEM_MMIO || r->type == BOOT_MEM_RESERVED)
			continue;
		if (r->base < (g + 1) * GiB && r->base + r->size > g * GiB)
			return 1;
	}
	return 0;
}

void handoff(struct boot_info *bi, struct page_pool *pool, uint64_t top)
{
	uint64_t *l0_low = handoff_alloc(pool);
	uint64_t *l1 = handoff_alloc(pool);
	uint64_t *l0_high = handoff_alloc(pool);
	uint64_t *kl1 = handoff_alloc(pool);
	uint64_t *kl2 = handoff_alloc(pool);

	for (uint64_t g = 0; g < top / GiB && g < 512; g++) {
		uint64_t attr = gib_has_ram(bi, g) ? ATTR_NORMAL | SH_INNER : ATTR_DEVICE | UXN | PXN;
		l1[g] = (g * GiB) | attr | AF | DESC_BLOCK;
	}
	l0_low[0] = (uint64_t)l1 | DESC_TABLE;
	l0_high[(DIRECT_MAP >> 39) & 511] = (uint64_t)l1 | DESC_TABLE;

	for (uint64_t off = 0; off < bi->kernel_size; off += 2 * MiB)
		kl2[((KERNEL_VMA + off) >> 21) & 511] =
			(bi->kernel_phys + off) | ATTR_NORMAL | SH_INNER | AF | UXN | DESC_BLOCK;
	kl1[(KERNEL_VMA >> 30) & 511] = (uint64_t)kl2 | DESC_TABLE;
	l0_high[(KERNEL_VMA >> 39) & 511] = (uint64_t)kl1 | DESC_TABLE;

	/*
	 * TCR_EL1 (Arm ARM D19.2.139): T0SZ = T1SZ = 16 (48-bit), TG0 = 4K (0b00),
	 * TG1 = 4K (0b10), inner-shareable write-back walks, IPS = PARange.
	 */
	uint64_t mmfr0;
	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	uint64_t tcr = 16ull | (16ull << 16) |
		       (1ull << 8) | (1ull << 10) | (3ull << 12) |      /* IRGN0 ORGN0 SH0 */
		       (1ull << 24) | (1ull << 26) | (3ull << 28) |     /* IRGN1 ORGN1 SH1 */
		       (2ull << 30) |                                   /* TG1 = 4K */
		       ((mmfr0 & 7) << 32);                             /* IPS */

	/*
	 * Switch with the MMU briefly off: while it is off, instruction fetches
	 * are to the same (identity) addresses and no data access happens, so
	 * there is no moment where half-old, half-new settings translate this
	 * code. The tables were written with the MMU and caches on; DSB makes
	 * them visible to the walker first.
	 */
	register uint64_t x0 __asm__("x0") = (uint64_t)bi;
	__asm__ volatile(
		"msr daifset, #0xf\n\t"
		"dsb sy\n\t"
		"mrs x9, sctlr_el1\n\t"
		"bic x10, x9, #1\n\t"
		"msr sctlr_el1, x10\n\t"
		"isb\n\t"
		"msr mair_el1, %1\n\t"
		"msr tcr_el1, %2\n\t"
		"msr ttbr0_el1, %3\n\t"
		"msr ttbr1_el1, %4\n\t"
		"isb\n\t"
		"tlbi vmalle1\n\t"
		"dsb nsh\n\t"
		"isb\n\t"
		"msr sctlr_el1, x9\n\t"
		"isb\n\t"
		"br %5\n\t"
		:: "r"(x0), "r"(MAIR_VALUE), "r"(tcr), "r"(l0_low), "r"(l0_high),
		   "r"(bi->kernel_entry)
		: "x9", "x10", "memory");
	__builtin_unreachable();
}
