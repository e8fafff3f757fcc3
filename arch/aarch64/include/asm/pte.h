/*
 * asm/pte.h - ARM64 VMSAv8-64 descriptors, 4 KiB granule (Arm ARM D8.3).
 *
 * kernel/vm.c numbers levels from the leaf (0 = 4 KiB page, 1 = 2 MiB
 * block, 2 = 1 GiB block, 3 = top), the reverse of the Arm ARM's "level 3
 * = page". The attribute indexes refer to MAIR_EL1 as set by
 * arch_mmu_switch_kernel(): 0 = Device-nGnRnE, 1 = Normal write-back.
 */
#ifndef ASM_PTE_H
#define ASM_PTE_H

#include "base/types.h"
#include "arch/mmu.h"   /* VM_* */

typedef uint64_t pte_t;

/*
 * User space is everything TTBR0_EL1 translates with T0SZ = 16: VAs below
 * 2^48 with a zero top byte (TBI0 is off, so a tagged pointer is simply
 * out of range). The kernel lives in TTBR1_EL1's range, a separate table,
 * so user roots share nothing with kernel_root (PTE_KERNEL_HALF_SHARED 0).
 */
#define USER_VA_LIMIT          ((uint64_t)0x0001000000000000)   /* first address above user space */
#define PTE_KERNEL_HALF_SHARED 0

#define PTE_VALID     (1ull << 0)
#define PTE_TABLE     (1ull << 1)      /* table (levels 1-3) or page (level 0) */
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)   /* AttrIndx[2:0] into MAIR_EL1 */
#define PTE_ATTR_MASK (7ull << 2)
#define PTE_AP_USER   (1ull << 6)      /* AP[1]: EL0 may access */
#define PTE_AP_RO     (1ull << 7)      /* AP[2]: read-only */
#define PTE_SH_INNER  (3ull << 8)      /* inner shareable */
#define PTE_AF        (1ull << 10)     /* access flag: set, so no AF faults */
#define PTE_NG        (1ull << 11)     /* not global: tagged with the ASID */
#define PTE_PXN       (1ull << 53)     /* EL1 may not execute */
#define PTE_UXN       (1ull << 54)     /* EL0 may not execute */
#define PTE_ADDR_MASK 0x0000fffffffff000ull  /* OA[47:12] */

#define MAIR_IDX_DEVICE 0
#define MAIR_IDX_NORMAL 1

/* Table entries restrict nothing (no APTable/PXNTable): leaves decide. */
static inline pte_t pte_table(paddr_t next_table_pa)
{
	return (next_table_pa & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

static inline pte_t pte_leaf(paddr_t pa, unsigned vmflags, int level)
{
	pte_t e = (pa & PTE_ADDR_MASK) | PTE_VALID | PTE_AF;

	e |= level == 0 ? PTE_TABLE : 0;          /* page 0b11, block 0b01 */
	if (vmflags & VM_DEVICE)
		e |= PTE_ATTR(MAIR_IDX_DEVICE);   /* SH is ignored for Device */
	else
		e |= PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(vmflags & VM_WRITE))
		e |= PTE_AP_RO;
	if (vmflags & VM_USER) {
		/* Never executable by the kernel (SMEP's twin, SPEC section 4);
		 * nG so a later per-process ASID tags the TLB entry. */
		e |= PTE_AP_USER | PTE_PXN | PTE_NG;
		if (!(vmflags & VM_EXEC))
			e |= PTE_UXN;
	} else {
		e |= PTE_UXN;
		if (!(vmflags & VM_EXEC))
			e |= PTE_PXN;
	}
	return e;
}

static inline bool pte_present(pte_t e) { return e & PTE_VALID; }

static inline bool pte_is_table(pte_t e, int level)
{
	return level >= 1 && (e & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE);
}

static inline paddr_t pte_addr(pte_t e) { return e & PTE_ADDR_MASK; }

static inline unsigned pte_flags(pte_t e, int level)
{
	unsigned f = VM_READ;
	bool user = e & PTE_AP_USER;

	(void)level;
	if (!(e & PTE_AP_RO))
		f |= VM_WRITE;
	if (user)
		f |= VM_USER;
	if (!(e & (user ? PTE_UXN : PTE_PXN)))
		f |= VM_EXEC;
	if ((e & PTE_ATTR_MASK) == PTE_ATTR(MAIR_IDX_DEVICE))
		f |= VM_DEVICE;
	return f;
}

/* arch_tlb_flush_va and _all use the TLBI ...IS forms, which the hardware
 * broadcasts to every CPU in the inner-shareable domain (Arm ARM D8.13):
 * no IPIs are needed (kernel/tlb.c). */
static inline bool arch_tlb_flush_broadcasts(void) { return true; }

#endif
