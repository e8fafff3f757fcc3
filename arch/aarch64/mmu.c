/*
 * arch/aarch64/mmu.c - switching to the kernel's tables, TLB maintenance.
 *
 * kernel/vm.c builds the tables (encodings in asm/pte.h); this file only
 * programs the translation registers. The kernel half (TTBR1_EL1) covers
 * 0xffff000000000000 up, which holds DIRECT_MAP and KERNEL_VMA.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/mmu.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

/* MAIR_EL1 (Arm ARM, MAIR_EL1): Attr0 = 0x00 Device-nGnRnE, Attr1 = 0xff
 * Normal inner/outer write-back RW-allocate, Attr2 = 0x44 Normal non-cacheable. */
#define MAIR_VALUE 0x000000000044ff00ull

/* TCR_EL1 fields (Arm ARM, TCR_EL1). Walks are cacheable (WB RA WA, inner
 * shareable) so the walker sees what vm.c wrote through the cache. */
#define TCR_T0SZ(n)   ((uint64_t)(n) << 0)
#define TCR_EPD0      (1ull << 7)      /* no TTBR0 walks: no user space yet */
#define TCR_IRGN0_WB  (1ull << 8)
#define TCR_ORGN0_WB  (1ull << 10)
#define TCR_SH0_IS    (3ull << 12)
#define TCR_TG0_4K    (0ull << 14)
#define TCR_T1SZ(n)   ((uint64_t)(n) << 16)
#define TCR_IRGN1_WB  (1ull << 24)
#define TCR_ORGN1_WB  (1ull << 26)
#define TCR_SH1_IS    (3ull << 28)
#define TCR_TG1_4K    (2ull << 30)
#define TCR_IPS(v)    ((uint64_t)(v) << 32)
#define TCR_AS        (1ull << 36)     /* 16-bit ASIDs */
#define TCR_TBI0      (1ull << 37)     /* top byte ignored in TTBR0 VAs: kept 0 */

static uint64_t tcr_value(void)
{
	uint64_t tcr = TCR_T0SZ(16) | TCR_EPD0 | TCR_IRGN0_WB | TCR_ORGN0_WB |
		       TCR_SH0_IS | TCR_TG0_4K |
		       TCR_T1SZ(16) | TCR_IRGN1_WB | TCR_ORGN1_WB | TCR_SH1_IS |
		       TCR_TG1_4K | TCR_IPS(cpu_tcr_ips());
	return cpu_asid16 ? tcr | TCR_AS : tcr;
}

/*
 * We are running at KERNEL_VMA through TTBR1 on the loader's tables, and
 * the new root maps the kernel at the same VA with the same attributes, so
 * no break-before-make sequence is needed for the kernel half (Arm ARM
 * D8.13.1): write the registers, then drop every cached translation.
 * The loader's identity map (TTBR0) goes away with EPD0=1.
 */
void arch_mmu_switch_kernel(uint64_t root_pa)
{
	__asm__ volatile("dsb ishst" : : : "memory");   /* table writes reach the walker */
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, tcr_value());
	write_sysreg(ttbr1_el1, root_pa);
	write_sysreg(ttbr0_el1, 0);        /* nothing below; user space sets it */
	isb();
	arch_tlb_flush_all();
}

/*
 * The user half: TTBR0_EL1 = root with ASID 0 (TTBR0_EL1[63:48]), walks
 * enabled (EPD0 = 0); root == 0 means no user space, so EPD0 = 1 makes
 * every TTBR0 address a translation fault (Arm ARM, TCR_EL1.EPD0).
 * TBI0 stays 0: a pointer with a non-zero top byte is not a user address
 * (uma_range_ok rejects it, and the MMU faults on it if it got through).
 *
 * There are no ASIDs yet, so every user mapping is tagged ASID 0 and the
 * old address space's entries must go: TLBI VMALLE1 (this CPU, all of
 * EL1&0), DSB to wait for it, ISB so the next instruction uses the new
 * tables (Arm ARM D8.13, "TLB maintenance requirements"). QEMU (TCG)
 * empties its whole software TLB on every TCR_EL1 write and on this TLBI,
 * kernel half included, which is costly: so TTBR0 is switched only when
 * the scheduler changes process (kernel/sched.c), never on a system call.
 */
void arch_vm_activate_user(uint64_t root_pa)
{
	uint64_t tcr = read_sysreg(tcr_el1) & ~(TCR_EPD0 | TCR_TBI0);

	__asm__ volatile("dsb ishst" : : : "memory");   /* vm.c's table writes reach the walker */
	/* Never let EPD0 = 0 meet TTBR0 = 0: a (speculative) walk would read
	 * "tables" at physical address 0, which is flash on QEMU virt. */
	if (root_pa) {
		write_sysreg(ttbr0_el1, root_pa);       /* ASID field 0 */
		isb();
		write_sysreg(tcr_el1, tcr);
	} else {
		write_sysreg(tcr_el1, tcr | TCR_EPD0);
		isb();
		write_sysreg(ttbr0_el1, 0);
	}
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" : : : "memory");
}

void arch_mmu_map_devices(uint64_t root_pa)
{
	paddr_t uart = pl011_phys();

	mmu_map(root_pa, DIRECT_MAP + uart, uart, PAGE_SIZE, VM_READ | VM_WRITE | VM_DEVICE);
}

/*
 * TLBI operands (Arm ARM C5.5, "A64 system instructions for TLB maintenance"): Xt[43:0] = VA[55:12]. VAAE1IS drops
 * the entry for this VA in every ASID and at every level (not just the leaf,
 * so a table vm.c replaced or freed is forgotten too). The DSB ISHST before
 * makes the PTE store visible to the walker; the DSB ISH after waits for
 * the invalidation; the ISB makes later instructions use the result.
 */
void arch_tlb_flush_va(uint64_t va)
{
	uint64_t op = (va >> 12) & ((1ull << 44) - 1);

	__asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0\n\tdsb ish\n\tisb"
			 : : "r"(op) : "memory");
}

void arch_tlb_flush_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" : : : "memory");
}
