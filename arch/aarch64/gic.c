/*
 * arch/aarch64/gic.c - the GICv2 interrupt controller (QEMU virt's default).
 *
 * Register offsets and behaviour from the GIC Architecture Specification
 * v2 (IHI 0048B): distributor (GICD) chapter 4.3, CPU interface (GICC) 4.4.
 * Interrupt IDs: 0-15 SGIs, 16-31 PPIs (per CPU), 32+ SPIs (shared).
 * Without the Security Extensions (QEMU virt, secure=off) every interrupt
 * is Group 0 and, with GICC_CTLR.FIQEn=0, is signalled as IRQ.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/mmu.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "arch/aarch64/aarch64.h"

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004          /* ITLinesNumber in [4:0] */
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ICPENDR     0x280
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_ICFGR       0xc00

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010

#define GIC_SPURIOUS     1020           /* IDs 1020-1023 are special (3.2.5) */
#define IRQ_PRIORITY     0xa0           /* signalled if below GICC_PMR (lower = more urgent) */
#define MAX_IRQS         1020

static uintptr_t gicd, gicc;
static unsigned nr_irqs;
static irq_handler_fn handlers[MAX_IRQS];

/* Find a register block in the DTB (or use virt's address) and map it. */
static uintptr_t map_block(const void *fdt, int index, paddr_t fallback, uint64_t size)
{
	uint64_t base = fallback, sz = size;

	if (fdt && !fdt_find_compatible(fdt, "arm,cortex-a15-gic", &base, &sz, index) &&
	    !fdt_find_compatible(fdt, "arm,gic-400", &base, &sz, index))
		base = fallback, sz = size;
	return mmu_map_device(base, sz);
}

void gic_init(const void *fdt)
{
	uint64_t base, size;

	/* GICv3 (gic-version=3) has no memory-mapped CPU interface: it is
	 * driven through ICC_* system registers, which this driver does not do. */
	if (fdt && fdt_find_compatible(fdt, "arm,gic-v3", &base, &size, 0)) {
		kprintf("gic: GICv3 at 0x%lx is not supported (use gic-version=2): no interrupts\n",
			(unsigned long)base);
		return;
	}
	gicd = map_block(fdt, 0, VIRT_GICD_PA, 0x10000);
	gicc = map_block(fdt, 1, VIRT_GICC_PA, 0x10000);
	if (!gicd || !gicc)
		panic("aarch64: cannot map the GIC registers");
	nr_irqs = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nr_irqs > MAX_IRQS)
		nr_irqs = MAX_IRQS;

	mmio_write32(gicd + GICD_CTLR, 0);            /* quiet while we set up */
	for (unsigned i = 0; i < nr_irqs; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, 0xffffffff);
	}
	/* Priorities: 8 bits per ID. SPIs go to CPU 0 (ITARGETSR, 4.3.12) and
	 * are level-triggered (ICFGR 0b00 per ID, 4.3.13). PPI/SGI targets and
	 * SGI config are read-only, so start at 32 for those two. */
	for (unsigned i = 0; i < nr_irqs; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101u);
	for (unsigned i = 32; i < nr_irqs; i += 4)
		mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101u);
	for (unsigned i = 32; i < nr_irqs; i += 16)
		mmio_write32(gicd + GICD_ICFGR + i / 4, 0);
	mmio_write32(gicd + GICD_CTLR, 1);            /* EnableGrp0 */

	mmio_write32(gicc + GICC_PMR, 0xff);          /* let every priority through */
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);            /* EnableGrp0 */
	kprintf("gic: GICv2 distributor 0x%lx, CPU interface 0x%lx, %u interrupt IDs\n",
		(unsigned long)(gicd - DIRECT_MAP), (unsigned long)(gicc - DIRECT_MAP), nr_irqs);
}

void gic_enable_irq(unsigned intid, irq_handler_fn fn)
{
	if (intid >= MAX_IRQS)
		return;
	handlers[intid] = fn;
	if (gicd)
		mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

/*
 * Reading GICC_IAR acknowledges the highest-priority pending interrupt;
 * writing the same value to GICC_EOIR ends it (4.4.4, 4.4.5). Loop until
 * only the spurious ID is left so back-to-back interrupts need one trap.
 */
static uint32_t in_service = GIC_SPURIOUS;   /* the IAR being handled (IRQs do not nest) */

void gic_handle_irq(void)
{
	while (gicc) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned id = iar & 0x3ff;

		if (id >= GIC_SPURIOUS)
			return;
		in_service = iar;
		if (id < MAX_IRQS && handlers[id])
			handlers[id]();
		else
			kprintf("gic: unexpected interrupt %u\n", id);
		in_service = GIC_SPURIOUS;
		mmio_write32(gicc + GICC_EOIR, iar);
	}
}

/* After a kernel stack overflow (trap.c): a handler that ran on the
 * abandoned stack never ends its interrupt, which would stay active and
 * block its priority for good (GICv2 spec, chapter 3): end it here. */
void gic_end_abandoned_interrupt(void)
{
	if (gicc && (in_service & 0x3ff) < GIC_SPURIOUS) {
		mmio_write32(gicc + GICC_EOIR, in_service);
		in_service = GIC_SPURIOUS;
	}
}
