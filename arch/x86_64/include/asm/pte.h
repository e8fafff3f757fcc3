/*
 * asm/pte.h - x86-64 page-table entry encoding for kernel/vm.c.
 *
 * 4-level paging, Intel SDM Vol.3 4.5 (Tables 4-14 .. 4-20). The same bits
 * mean the same thing at every level, except PS (bit 7), which turns a
 * PDPTE / PDE into a 1 GiB / 2 MiB leaf. Rights are the AND of all levels,
 * so tables are permissive (P|RW|US) and the leaf decides (SDM 4.6.1).
 */
#ifndef ASM_PTE_H
#define ASM_PTE_H

#include "base/types.h"
#include "arch/mmu.h"   /* VM_* */

typedef uint64_t pte_t;

/*
 * User space is the lower canonical half, minus its last page: a SYSRET to
 * a non-canonical RIP would fault in ring 0, so user code must never be
 * able to run up to 0x0000800000000000 (the reason Linux stops there too).
 * The upper half (PML4 entries 256-511) is the kernel's, and every address
 * space shares those entries with kernel_root: PTE_KERNEL_HALF_SHARED tells
 * kernel/vm.c to preallocate them once so copies never go stale.
 */
#define USER_VA_LIMIT          ((uint64_t)0x00007ffffffff000)   /* first address above user space */
#define PTE_KERNEL_HALF_SHARED 1

#define PTE_P    (1ull << 0)    /* present */
#define PTE_RW   (1ull << 1)    /* writable */
#define PTE_US   (1ull << 2)    /* user accessible */
#define PTE_PWT  (1ull << 3)    /* write-through */
#define PTE_PCD  (1ull << 4)    /* cache disable: PCD|PWT = UC with the reset PAT */
#define PTE_A    (1ull << 5)    /* accessed */
#define PTE_D    (1ull << 6)    /* dirty (leaves) */
#define PTE_PS   (1ull << 7)    /* leaf at level 1 (2 MiB) or 2 (1 GiB) */
#define PTE_G    (1ull << 8)    /* global: survives CR3 writes (needs CR4.PGE) */
#define PTE_NX   (1ull << 63)   /* no execute (needs EFER.NXE, SDM 4.6.2) */

/* Physical address bits 51:12. For 2 MiB / 1 GiB leaves bit 12 would be
 * the PAT bit; pte_leaf never sets it, so one mask serves every level. */
#define PTE_ADDR_MASK 0x000ffffffffff000ull

static inline pte_t pte_table(paddr_t next_table_pa)
{
	return (next_table_pa & PTE_ADDR_MASK) | PTE_P | PTE_RW | PTE_US;
}

/*
 * A and D are set up front so the CPU never has to write them back
 * (SDM 4.8); G marks kernel mappings that are the same in every address
 * space. x86 cannot express "not readable": VM_READ is implied by P.
 */
static inline pte_t pte_leaf(paddr_t pa, unsigned vmflags, int level)
{
	pte_t e = (pa & PTE_ADDR_MASK) | PTE_P | PTE_A;

	if (vmflags & VM_WRITE)
		e |= PTE_RW | PTE_D;
	if (vmflags & VM_USER)
		e |= PTE_US;
	else
		e |= PTE_G;
	if (!(vmflags & VM_EXEC))
		e |= PTE_NX;
	if (vmflags & VM_DEVICE)
		e |= PTE_PCD | PTE_PWT;
	if (level > 0)
		e |= PTE_PS;
	return e;
}

static inline bool pte_present(pte_t e) { return (e & PTE_P) != 0; }

/* PS is reserved in a PML4E (level 3), so there it is always a table. */
static inline bool pte_is_table(pte_t e, int level)
{
	return (e & PTE_P) && (level == 3 || !(e & PTE_PS));
}

static inline paddr_t pte_addr(pte_t e) { return e & PTE_ADDR_MASK; }

static inline unsigned pte_flags(pte_t e, int level)
{
	unsigned f = 0;

	(void)level;
	if (!(e & PTE_P))
		return 0;
	f |= VM_READ;
	if (e & PTE_RW)
		f |= VM_WRITE;
	if (!(e & PTE_NX))
		f |= VM_EXEC;
	if (e & PTE_US)
		f |= VM_USER;
	if (e & PTE_PCD)
		f |= VM_DEVICE;
	return f;
}

/* INVLPG and a CR3 load act on this CPU alone (SDM Vol.3 4.10.5): other
 * CPUs are told by IPI (kernel/tlb.c). */
static inline bool arch_tlb_flush_broadcasts(void) { return false; }

#endif
