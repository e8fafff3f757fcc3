/*
 * serial.c - the console: a 16550 UART at COM1 (I/O port 0x3f8), polled.
 *
 * Register map and bits from the NS16550A / PC16550D datasheet; QEMU's
 * "-serial stdio" is wired to this port on the PC machines. Port I/O needs
 * no page-table mapping, so the console works before and after the kernel
 * switches to its own tables.
 */
#include "arch.h"
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

void arch_console_init(void)
{
	outb(COM1 + IER, 0x00);            /* polled: no UART interrupts */
	outb(COM1 + LCR, LCR_DLAB);
	outb(COM1 + DLL, 1);               /* 115200 = 1.8432 MHz / 16 / 1 */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, 0xc7);            /* enable + clear FIFOs, 14-byte trigger */
	outb(COM1 + MCR, 0x03);            /* DTR, RTS */
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
