/*
 * arch/aarch64/pl011.c - the console on the Arm PL011 UART.
 *
 * Registers from the PL011 Technical Reference Manual (DDI 0183), 3.2.
 * The firmware already programmed the baud rate (and QEMU ignores it), so
 * we only make sure the UART is enabled with FIFOs and its interrupts masked.
 * The early console uses QEMU virt's address through the loader's direct
 * map; arch_irq_init() later asks the DTB (pl011_probe) and moves if needed.
 */
#include "types.h"
#include "arch.h"
#include "vm.h"
#include "fdt.h"
#include "printk.h"
#include "aarch64.h"

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
#define UART_IMSC  0x38

static paddr_t uart_pa = VIRT_UART_PA;
static uintptr_t uart = DIRECT_MAP + VIRT_UART_PA;

paddr_t pl011_phys(void) { return uart_pa; }

static void pl011_setup(void)
{
	mmio_write32(uart + UART_IMSC, 0);          /* we poll: no interrupts */
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
	if (vm_map(kernel_root, DIRECT_MAP + base, base, PAGE_SIZE,
		   VM_READ | VM_WRITE | VM_DEVICE) != 0)
		return;
	uart_pa = base;
	uart = DIRECT_MAP + base;
	pl011_setup();
	kprintf("console: PL011 moved to 0x%lx (from the DTB)\n", (unsigned long)base);
}
