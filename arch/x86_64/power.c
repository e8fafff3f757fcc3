/*
 * power.c - leaving QEMU and stopping the CPU.
 */
#include "arch/arch.h"
#include <asm/x86.h>

#define ISA_DEBUG_EXIT 0xf4     /* -device isa-debug-exit,iobase=0xf4 */
#define ICH9_PM1A_CNT  0x604    /* q35 ACPI PM1a control (OVMF sets PMBASE 0x600) */
#define PM1_SLP_EN     (1u << 13)

/*
 * isa-debug-exit makes QEMU exit with status (value << 1) | 1, so
 * 0x10 -> 33 (pass) and 0x11 -> 35 (fail). Without that device the write
 * is ignored, and we fall back to ACPI S5 (SLP_TYP 0 on QEMU's q35,
 * ACPI spec 4.8.3.2.1 PM1 control), which powers off with QEMU status 0.
 */
void arch_poweroff(int status)
{
	outb(ISA_DEBUG_EXIT, status ? 0x11 : 0x10);
	outw(ICH9_PM1A_CNT, PM1_SLP_EN);
	arch_halt();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
