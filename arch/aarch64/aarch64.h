/*
 * arch/aarch64/aarch64.h - how the files of arch/aarch64/ call each other.
 * Nothing outside arch/aarch64/ includes this.
 *
 * Citations in this directory: "Arm ARM" is the Arm Architecture Reference
 * Manual for A-profile, DDI 0487. Section numbers move between its
 * revisions, so system registers are cited by name (each has its own
 * description page) and other sections by title as well as number.
 */
#ifndef ARCH_AARCH64_H
#define ARCH_AARCH64_H

#include "types.h"

struct trapframe;

/* QEMU virt addresses, used when there is no DTB (and by the early console,
 * which runs before anyone has looked at the DTB). */
#define VIRT_UART_PA      0x09000000ull
#define VIRT_GICD_PA      0x08000000ull
#define VIRT_GICC_PA      0x08010000ull

/* mmio.h-style accessors: Device memory, 32-bit, never merged or reordered
 * by the compiler (the memory type keeps the CPU from doing it). */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}
static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

/* irq.c: the device tree (kernel virtual address), NULL if none */
extern const void *arch_fdt;

/* pl011.c */
void pl011_probe(const void *fdt);        /* switch to the DTB's UART if different */
paddr_t pl011_phys(void);
void pl011_flush(void);

/* cpu.c */
extern unsigned cpu_pan_level;            /* ID_AA64MMFR1_EL1.PAN, 0 = none */
extern unsigned cpu_pa_bits;              /* from ID_AA64MMFR0_EL1.PARange */
extern bool cpu_asid16;                   /* 16-bit ASIDs available */
unsigned cpu_tcr_ips(void);               /* TCR_EL1.IPS value for cpu_pa_bits */

/* pan.c */
extern uint32_t pan_enabled;              /* PSTATE.PAN kept at 1 (read by uaccess.S) */
void pan_init(void);                      /* PAN on unless `nopan`, UAO off */
const char *pan_describe(void);           /* "on", "off (nopan)", ... */
const char *pan_violation(const struct trapframe *tf, unsigned ec, unsigned fsc,
			  uint64_t far, bool far_valid);

/* trap.c, called from vectors.S */
void aarch64_trap(struct trapframe *tf);

/* gic.c */
typedef void (*irq_handler_fn)(void);
void gic_init(const void *fdt);
void gic_enable_irq(unsigned intid, irq_handler_fn fn);
void gic_handle_irq(void);

/* timer.c */
#define TIMER_PPI_VIRT 27                  /* EL1 virtual timer (GIC PPI 11) */

/* psci.c */
void psci_init(const void *fdt);

#endif
