/*
 * mmu.c - switching page tables and flushing the TLB.
 */
#include "arch/arch.h"
#include "arch/mmu.h"
#include <asm/x86.h>

/*
 * CR3 holds the PML4's physical address (Intel SDM Vol.3 4.5). Writing it
 * flushes non-global TLB entries only, so flush everything afterwards:
 * the loader's tables may have had global entries.
 */
void arch_mmu_switch_kernel(uint64_t root_pa)
{
	write_cr3(root_pa);
	arch_tlb_flush_all();
}

/* The console is the 16550 at I/O port 0x3f8: port I/O goes through no
 * page table, so there is nothing to map. (The LAPIC is mapped by
 * lapic_init() in arch_irq_init().) */
void arch_mmu_map_devices(uint64_t root_pa)
{
	(void)root_pa;
}

/*
 * A user root's upper half points at the kernel's own tables (kernel/vm.c),
 * so loading it keeps the kernel mapped. User leaves are not global, so
 * the CR3 write itself drops their stale TLB entries (SDM Vol.3 4.10.4.1);
 * kernel leaves are global and survive.
 */
void arch_vm_activate_user(uint64_t root_pa)
{
	write_cr3(root_pa ? root_pa : kernel_root);
}

void arch_tlb_flush_va(uint64_t va)
{
	invlpg(va);                  /* SDM Vol.3 4.10.4.1; drops global entries too */
}

/* Toggling CR4.PGE invalidates every TLB entry, global ones included
 * (SDM Vol.3 4.10.4.1); a CR3 reload does when PGE is off. */
void arch_tlb_flush_all(void)
{
	uint64_t cr4 = read_cr4();

	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}
