/*
 * arch/aarch64/irq.c - arch_irq_init(): the first point where the kernel
 * runs on its own tables and has the boot_info, so everything that needs
 * the device tree (UART move, PSCI conduit, GIC addresses) starts here.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/mmu.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "boot/boot_info.h"
#include "arch/aarch64/aarch64.h"

const void *arch_fdt;

void arch_irq_init(const struct boot_info *bi)
{
	const void *fdt = bi->dtb ? phys_to_virt(bi->dtb) : NULL;

	if (fdt && !fdt_valid(fdt)) {
		kprintf("dtb: no valid device tree at 0x%lx, using QEMU virt addresses\n",
			(unsigned long)bi->dtb);
		fdt = NULL;
	}
	arch_fdt = fdt;
	pl011_probe(fdt);
	psci_init(fdt);
	gic_init(fdt);
	pl011_irq_init(fdt);       /* console input, once the GIC can route it */
}
