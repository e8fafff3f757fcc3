/*
 * pit.c - a known time interval from the 8254 PIT, to calibrate the TSC.
 *
 * Channel 2 is the one whose gate software controls (port 0x61 bit 0) and
 * whose output software can read (port 0x61 bit 5). In mode 0 the output
 * goes high when the count reaches zero, so "count N input clocks at
 * 1.193182 MHz" is a wait with a precisely known length
 * (Intel 82C54 datasheet, Mode 0; port 0x61 is the PC's system control port B).
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

#define PIT_HZ       1193182u
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PORT_B       0x61
#define PORTB_GATE2  0x01
#define PORTB_SPKR   0x02
#define PORTB_OUT2   0x20

/* Count for about usec (at most ~54 ms: 16-bit counter) and return the
 * TSC frequency that interval implies: ticks * PIT_HZ / count. */
uint64_t pit_tsc_hz(unsigned usec)
{
	uint32_t count = (uint64_t)PIT_HZ * usec / 1000000;
	uint64_t t0, t1;

	if (count > 0xffff)
		count = 0xffff;
	/* Gate on, speaker off: the count runs but makes no sound. */
	outb(PORT_B, (inb(PORT_B) & ~PORTB_SPKR) | PORTB_GATE2);
	outb(PIT_CMD, 0xb0);                 /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, count & 0xff);
	t0 = arch_counter();
	outb(PIT_CH2, count >> 8);           /* writing the high byte starts the count */
	while (!(inb(PORT_B) & PORTB_OUT2))
		;
	t1 = arch_counter();
	outb(PORT_B, inb(PORT_B) & ~PORTB_GATE2);
	return (t1 - t0) * PIT_HZ / count;
}
