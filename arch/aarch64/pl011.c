/*
 * arch/aarch64/pl011.c - the console on the Arm PL011 UART.
 *
 * Registers from the PL011 Technical Reference Manual (DDI 0183), 3.2.
 * The firmware already programmed the baud rate (and QEMU ignores it), so
 * we only make sure the UART is enabled with FIFOs and its interrupts masked.
 * The early console uses QEMU virt's address through the loader's direct
 * map; arch_irq_init() later asks the DTB (pl011_probe) and moves if needed.
 * Output is polled; input arrives by the receive interrupt (pl011_irq_init)
 * and goes to the terminal layer, console_rx().
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/mmu.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "arch/aarch64/aarch64.h"

#define UART_DR    0x00
#define UART_FR    0x18
#define   FR_BUSY  (1u << 3)   /* still transmitting */
#define   FR_RXFE  (1u << 4)   /* receive FIFO empty */
#define   FR_TXFF  (1u << 5)   /* transmit FIFO full */
#define UART_LCR_H 0x2c
#define   LCR_FEN  (1u << 4)   /* FIFOs on */
#define   LCR_8BIT (3u << 5)
#define UART_CR    0x30
#define   CR_EN    (1u << 0)
#define   CR_TXE   (1u << 8)
#define   CR_RXE   (1u << 9)
#define UART_IFLS  0x34
#define   IFLS_RX_1_8 (0u << 3) /* RX interrupt at 1/8 full (2 of 16 bytes) */
#define UART_IMSC  0x38
#define UART_ICR   0x44
#define   INT_RX   (1u << 4)   /* receive (FIFO level reached) */
#define   INT_RT   (1u << 6)   /* receive timeout: bytes waiting, line idle */

/* QEMU virt: the DTB node says interrupts = <GIC_SPI 1 IRQ_TYPE_LEVEL_HIGH>;
 * SPI n is GIC interrupt ID 32 + n (GIC spec 2.2.1). */
#define VIRT_UART_INTID 33

static paddr_t uart_pa = VIRT_UART_PA;
static uintptr_t uart = DIRECT_MAP + VIRT_UART_PA;

paddr_t pl011_phys(void) { return uart_pa; }

static void pl011_setup(void)
{
	mmio_write32(uart + UART_IMSC, 0);          /* masked until pl011_irq_init */
	if ((mmio_read32(uart + UART_CR) & (CR_EN | CR_TXE | CR_RXE)) == (CR_EN | CR_TXE | CR_RXE))
		return;                               /* firmware left it running */
	/* TRM 3.3.8: disable before changing the line control register. */
	mmio_write32(uart + UART_CR, 0);
	mmio_write32(uart + UART_LCR_H, LCR_FEN | LCR_8BIT);
	mmio_write32(uart + UART_CR, CR_EN | CR_TXE | CR_RXE);
}

void arch_console_init(void)
{
	pl011_setup();
}

static void putc_raw(char c)
{
	while (mmio_read32(uart + UART_FR) & FR_TXFF)
		;
	mmio_write32(uart + UART_DR, (uint8_t)c);
}

void arch_console_putc(char c)
{
	if (c == '\n')
		putc_raw('\r');
	putc_raw(c);
}

int arch_console_getc(void)
{
	if (mmio_read32(uart + UART_FR) & FR_RXFE)
		return -1;
	return mmio_read32(uart + UART_DR) & 0xff;
}

/* Wait until the transmitter has sent everything (FR.BUSY, TRM 3.3.3). */
void pl011_flush(void)
{
	while (mmio_read32(uart + UART_FR) & FR_BUSY)
		;
}

/* Runs on the kernel's tables, so a different UART must be mapped first. */
void pl011_probe(const void *fdt)
{
	uint64_t base, size;

	if (!fdt || !fdt_find_compatible(fdt, "arm,pl011", &base, &size, 0) || base == uart_pa)
		return;
	if (!mmu_map_device(base, PAGE_SIZE))
		return;
	uart_pa = base;
	uart = DIRECT_MAP + base;
	pl011_setup();
	kprintf("console: PL011 moved to 0x%lx (from the DTB)\n", (unsigned long)base);
}

/*
 * Receive interrupt (TRM 3.4.3, UARTRXINTR and UARTRTINTR): RX fires when
 * the FIFO reaches the IFLS level, RT when fewer bytes have sat there for
 * 32 bit periods, so every byte is seen promptly either way. Read until
 * the FIFO is empty (reading lowers RX), then clear both (UARTICR).
 * Runs in interrupt context; console_rx() only buffers and wakes readers.
 */
static void pl011_irq(void)
{
	while (!(mmio_read32(uart + UART_FR) & FR_RXFE))
		arch_upcalls.console_rx((char)(mmio_read32(uart + UART_DR) & 0xff));
	mmio_write32(uart + UART_ICR, INT_RX | INT_RT);
}

void pl011_irq_init(const void *fdt)
{
	unsigned intid = VIRT_UART_INTID;
	uint32_t type, num;

	/* "interrupts" = <type number flags> (GIC binding): type 0 is an SPI,
	 * whose INTID is number + 32; type 1 a PPI, number + 16. */
	if (fdt && fdt_compatible_prop_cell(fdt, "arm,pl011", "interrupts", 0, &type) &&
	    fdt_compatible_prop_cell(fdt, "arm,pl011", "interrupts", 1, &num))
		intid = num + (type ? 16 : 32);
	mmio_write32(uart + UART_IFLS, IFLS_RX_1_8);
	mmio_write32(uart + UART_ICR, INT_RX | INT_RT);
	gic_enable_irq(intid, pl011_irq);
	mmio_write32(uart + UART_IMSC, INT_RX | INT_RT);
}
