/*
 * arch/aarch64/gic.c - the GICv2 interrupt controller (QEMU virt's default).
 *
 * Register offsets and behaviour from the GIC Architecture Specification
 * v2 (IHI 0048B): distributor (GICD) chapter 4.3, CPU interface (GICC) 4.4.
 * Interrupt IDs: 0-15 SGIs, 16-31 PPIs (per CPU), 32+ SPIs (shared).
 * Without the Security Extensions (QEMU virt, secure=off) every interrupt
 * is Group 0 and, with GICC_CTLR.FIQEn=0, is signalled as IRQ.
 *
 * Every CPU has its own CPU interface (the GICC registers, banked by
 * which CPU accesses them) and its own copy of the distributor registers
 * of IDs 0-31, SGIs and PPIs (GICD_ISENABLER0, IPRIORITYR0-7, ...: 4.3,
 * "banked"): gic_cpu_init sets those up on each CPU. SPIs go to CPU 0.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/mmu.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "base/percpu.h"
#include "arch/smp.h"
#include "arch/aarch64/aarch64.h"

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004          /* ITLinesNumber in [4:0] */
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ICPENDR     0x280
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_ICFGR       0xc00
#define GICD_SGIR        0xf00          /* 4.3.15 */

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010

#define GIC_SPURIOUS     1020           /* IDs 1020-1023 are special (3.2.5) */
#define IRQ_PRIORITY     0xa0           /* signalled if below GICC_PMR (lower = more urgent) */
#define MAX_IRQS         1020
#define SGI_IPI          0              /* arch_ipi_send's SGI */

/* GICD_SGIR fields (4.3.15): TargetListFilter [25:24], CPUTargetList
 * [23:16], SGIINTID [3:0]. Filter 0b00: the CPUs in the list; 0b10: the
 * requesting CPU only. */
#define SGIR_TO_LIST(mask) ((uint32_t)(mask) << 16)
#define SGIR_TO_SELF       (2u << 24)

static uintptr_t gicd, gicc;
static unsigned nr_irqs;
static irq_handler_fn handlers[MAX_IRQS];
/* Each CPU's CPU interface as a GICD_SGIR target bit (0 when the GIC has
 * one interface only: then the ITARGETSRs read as zero, 4.3.12). */
static uint8_t cpu_target[MAX_CPUS];

static void ipi_irq(void)
{
	if (arch_upcalls.ipi)
		arch_upcalls.ipi();
}

/*
 * This CPU's banked state: its SGIs and PPIs quiet and at IRQ_PRIORITY,
 * SGI 0 (the IPI) enabled, its target bit noted -- GICD_ITARGETSR0 reads
 * the reading CPU's own bit in each byte (4.3.12) -- and its CPU
 * interface letting every priority through (4.4.1-4.4.3).
 */
void gic_cpu_init(void)
{
	if (!gicd || !gicc)
		return;
	mmio_write32(gicd + GICD_ICENABLER, 0xffffffff);
	mmio_write32(gicd + GICD_ICPENDR, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101u);
	cpu_target[arch_cpu_id()] = mmio_read32(gicd + GICD_ITARGETSR) & 0xff;
	gic_enable_irq(SGI_IPI, ipi_irq);

	mmio_write32(gicc + GICC_PMR, 0xff);          /* let every priority through */
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);            /* EnableGrp0 */
}

/*
 * SGI 0 to cpu. The barrier makes the caller's stores to memory (what the
 * IPI asks for) observable before the GICD write that raises it (Arm ARM
 * B2.3, "Ordering requirements"). DSB is the safe choice; Linux's GICv2
 * driver gets by with DMB ISHST.
 */
void arch_ipi_send(unsigned cpu)
{
	uint32_t sgir;

	if (!gicd || cpu >= MAX_CPUS)
		return;
	if (cpu == arch_cpu_id())
		sgir = SGIR_TO_SELF | SGI_IPI;
	else if (cpu_target[cpu])
		sgir = SGIR_TO_LIST(cpu_target[cpu]) | SGI_IPI;
	else
		return;                              /* not started */
	__asm__ volatile("dsb ishst" : : : "memory");
	mmio_write32(gicd + GICD_SGIR, sgir);
}

/* Find a register block in the DTB (or use virt's address) and map it. */
static uintptr_t map_block(const void *fdt, int index, paddr_t fallback, uint64_t size)
{
	uint64_t base = fallback, sz = size;

	if (fdt && !fdt_find_compatible(fdt, "arm,cortex-a15-gic", &base, &sz, index) &&
	    !fdt_find_compatible(fdt, "arm,gic-400", &base, &sz, index))
		base = fallback, sz = size;
	return mmu_map_device(base, sz);
}

/* CPU 0's interface as an ITARGETSR bit: what GICD_ITARGETSR0 reads on
 * it (4.3.12), which need not be bit 0. RAZ with one interface: then 1. */
static uint32_t boot_target(void)
{
	uint32_t self = mmio_read32(gicd + GICD_ITARGETSR) & 0xff;

	return self ? self : 1;
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
	/* Priorities: 8 bits per ID (0-31: gic_cpu_init, per CPU). SPIs go to
	 * CPU 0 only (ITARGETSR, 4.3.12) and are level-triggered (ICFGR 0b00 per
	 * ID, 4.3.13). PPI/SGI targets and SGI config are read-only, so start
	 * at 32 for those two. */
	for (unsigned i = 32; i < nr_irqs; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101u);
	uint32_t to_boot = boot_target() * 0x01010101u;
	for (unsigned i = 32; i < nr_irqs; i += 4)
		mmio_write32(gicd + GICD_ITARGETSR + i, to_boot);
	for (unsigned i = 32; i < nr_irqs; i += 16)
		mmio_write32(gicd + GICD_ICFGR + i / 4, 0);
	mmio_write32(gicd + GICD_CTLR, 1);            /* EnableGrp0 */
	gic_cpu_init();                               /* CPU 0's own part */
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
/* Per CPU: the IAR being handled there (IRQs do not nest). */
static uint32_t in_service[MAX_CPUS] = { [0 ... MAX_CPUS - 1] = GIC_SPURIOUS };

void gic_handle_irq(void)
{
	uint32_t *busy = &in_service[arch_cpu_id()];

	while (gicc) {
		uint32_t iar = mmio_read32(gicc + GICC_IAR);
		unsigned id = iar & 0x3ff;

		if (id >= GIC_SPURIOUS)
			return;
		*busy = iar;
		if (id < MAX_IRQS && handlers[id])
			handlers[id]();
		else
			kprintf("gic: unexpected interrupt %u\n", id);
		*busy = GIC_SPURIOUS;
		mmio_write32(gicc + GICC_EOIR, iar);
	}
}

/* After a kernel stack overflow (trap.c): a handler that ran on the
 * abandoned stack never ends its interrupt, which would stay active and
 * block its priority for good (GICv2 spec, chapter 3): end it here. */
void gic_end_abandoned_interrupt(void)
{
	uint32_t *busy = &in_service[arch_cpu_id()];

	if (gicc && (*busy & 0x3ff) < GIC_SPURIOUS) {
		mmio_write32(gicc + GICC_EOIR, *busy);
		*busy = GIC_SPURIOUS;
	}
}
