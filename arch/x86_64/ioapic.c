/*
 * ioapic.c - the I/O APIC: routes device interrupt lines to a local APIC.
 *
 * Two registers in a 4 KiB MMIO page: IOREGSEL (offset 0x00) picks an
 * internal register, IOWIN (0x10) reads or writes it. Register 0x01 holds
 * the number of redirection entries; entry n is the 64-bit pair 0x10+2n
 * (low) / 0x11+2n (high). Layout from the Intel 82093AA I/O APIC
 * datasheet, sections 3.2.1-3.2.4. The PC places the first I/O APIC at
 * 0xFEC00000 (the ACPI MADT would say so too; QEMU q35 uses it), and the
 * 8259 was masked in arch_cpu_init(), so ISA IRQ n arrives at GSI n unless
 * the MADT has an override -- none for COM1's IRQ 4 on the PC machines.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "arch/mmu.h"
#include "arch/x86_64/x86_64.h"

#define IOAPIC_PHYS   0xfec00000ull
#define IOREGSEL      0x00
#define IOWIN         0x10
#define IOAPICVER     0x01
#define IOREDTBL(n)   (0x10 + 2 * (n))

/* Redirection entry low word: vector 7:0, delivery mode 10:8 (000 fixed),
 * destination mode 11 (0 physical), polarity 13 (0 active high), trigger
 * mode 15 (0 edge), mask 16. High word: destination APIC ID in 31:24. */
#define RED_MASKED    (1u << 16)

static volatile uint32_t *ioapic;
static unsigned nentries;

static uint32_t ioapic_read(unsigned reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void ioapic_write(unsigned reg, uint32_t v)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = v;
}

/* Map the registers and mask every input until someone routes it. */
void ioapic_init(void)
{
	uintptr_t va = mmu_map_device(IOAPIC_PHYS, PAGE_SIZE);

	if (!va)
		panic("x86_64: cannot map the I/O APIC at %#llx", IOAPIC_PHYS);
	ioapic = (volatile uint32_t *)va;
	nentries = ((ioapic_read(IOAPICVER) >> 16) & 0xff) + 1;
	for (unsigned i = 0; i < nentries; i++)
		ioapic_write(IOREDTBL(i), RED_MASKED);
}

/* ISA interrupts are edge triggered, active high: the all-zero mode bits. */
void ioapic_route_isa(unsigned irq, unsigned vector)
{
	if (!ioapic || irq >= nentries)
		panic("x86_64: cannot route IRQ %u through the I/O APIC", irq);
	ioapic_write(IOREDTBL(irq) + 1, lapic_id() << 24);
	ioapic_write(IOREDTBL(irq), vector);     /* fixed, physical, edge, high, unmasked */
}
