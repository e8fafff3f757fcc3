/*
 * pic.c - silence the legacy 8259A interrupt controllers.
 *
 * The local APIC delivers our interrupts, but the two 8259s still exist
 * on a PC (q35 included). Their reset vector base (0x08) overlaps the CPU
 * exceptions, so even a spurious IRQ 7 would look like a double fault. We
 * re-initialise them to vectors 0x30-0x3f (clear of 0x29, the fast-fail
 * gate) and mask every line
 * (Intel 8259A datasheet, "Initialization Command Words").
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

void pic_disable(void)
{
	outb(PIC1_CMD, 0x11);                /* ICW1: init, ICW4 follows, cascade */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, VEC_PIC_BASE);       /* ICW2: vector base */
	outb(PIC2_DATA, VEC_PIC_BASE + 8);
	outb(PIC1_DATA, 0x04);               /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);               /*        slave identity 2 */
	outb(PIC1_DATA, 0x01);               /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xff);               /* OCW1: mask all */
	outb(PIC2_DATA, 0xff);
}
