/*
 * serial.c - the console: a 16550 UART at COM1 (I/O port 0x3f8). Output
 * is polled; input arrives by interrupt (IRQ 4, routed by ioapic.c) once
 * arch_irq_init() ran, and goes to console_rx().
 *
 * Register map and bits from the NS16550A / PC16550D datasheet; QEMU's
 * "-serial stdio" is wired to this port on the PC machines. Port I/O needs
 * no page-table mapping, so the console works before and after the kernel
 * switches to its own tables.
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

#define COM1     0x3f8
#define THR      0      /* transmit holding (write), DLAB=0 */
#define RBR      0      /* receive buffer (read), DLAB=0 */
#define DLL      0      /* divisor latch low, DLAB=1 */
#define IER      1      /* interrupt enable, DLAB=0 */
#define DLM      1      /* divisor latch high, DLAB=1 */
#define FCR      2      /* FIFO control (write) */
#define LCR      3      /* line control */
#define MCR      4      /* modem control */
#define LSR      5      /* line status */

#define LCR_8N1  0x03   /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB 0x80   /* divisor latch access */
#define LSR_DR   0x01   /* a received byte is waiting */
#define LSR_THRE 0x20   /* transmit holding register empty */
#define IER_RDA  0x01   /* interrupt when received data is available */
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08   /* on a PC, gates the UART's interrupt line */

void arch_console_init(void)
{
	outb(COM1 + IER, 0x00);            /* no interrupts until serial_irq_enable() */
	outb(COM1 + LCR, LCR_DLAB);
	outb(COM1 + DLL, 1);               /* 115200 = 1.8432 MHz / 16 / 1 */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, 0x07);            /* enable + clear FIFOs, 1-byte trigger:
	                                      each key interrupts at once */
	outb(COM1 + MCR, MCR_DTR_RTS);
}

/* Called by arch_irq_init() after the I/O APIC routes IRQ 4. Bytes that
 * arrived before are still in the FIFO and interrupt as soon as IF=1. */
void serial_irq_enable(void)
{
	outb(COM1 + MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(COM1 + IER, IER_RDA);
}

/* IRQ 4: reading RBR until LSR.DR clears also clears the interrupt
 * (PC16550D datasheet, Table IV), so the next byte raises a new edge. */
void serial_irq(void)
{
	while (inb(COM1 + LSR) & LSR_DR)
		arch_upcalls.console_rx((char)inb(COM1 + RBR));
	lapic_eoi();
}

static void serial_put(char c)
{
	while (!(inb(COM1 + LSR) & LSR_THRE))
		cpu_relax();
	outb(COM1 + THR, (uint8_t)c);
}

void arch_console_putc(char c)
{
	if (c == '\n')
		serial_put('\r');
	serial_put(c);
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + LSR) & LSR_DR))
		return -1;
	return inb(COM1 + RBR);
}
