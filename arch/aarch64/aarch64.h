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

#include "base/types.h"

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
void pl011_irq_init(const void *fdt);     /* receive interrupt -> console_rx() */

/* cpu.c */
extern unsigned cpu_pan_level;            /* ID_AA64MMFR1_EL1.PAN, 0 = none */
extern unsigned cpu_pa_bits;              /* from ID_AA64MMFR0_EL1.PARange */
extern bool cpu_asid16;                   /* 16-bit ASIDs available */
unsigned cpu_tcr_ips(void);               /* TCR_EL1.IPS value for cpu_pa_bits */
void cpu_local_init(void);                /* what each CPU programs for itself */

/* pan.c */
extern uint32_t pan_enabled;              /* PSTATE.PAN kept at 1 (read by uaccess.S) */
void pan_init(void);                      /* PAN on unless `nopan`, UAO off */
const char *pan_describe(void);           /* "on", "off (nopan)", ... */
const char *pan_violation(const struct trapframe *tf, unsigned ec, unsigned fsc,
			  uint64_t far, bool far_valid);

/* Vector index (tf->vector, vectors.S) = group * 4 + kind (Arm ARM D1.10). */
enum { VEC_SYNC = 0, VEC_IRQ, VEC_FIQ, VEC_SERROR };
enum { FROM_EL1T = 0, FROM_EL1H, FROM_EL0_64, FROM_EL0_32 };
#define VEC_EL1_STACK_OVERFLOW 16   /* tf->vector: vectors.S found SP in a stack guard */

/* ESR_EL1 (Arm ARM, ESR_EL1): EC in [31:26], ISS in [24:0]. */
#define ESR_EC(esr)   (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)  ((esr) & 0x1ffffff)
#define EC_SVC64      0x15                /* SVC from AArch64 state */

/* trap.c; aarch64_trap is called from vectors.S */
struct fault;
void aarch64_trap(struct trapframe *tf);
void trap_decode(const struct trapframe *tf, struct fault *f);

/* el0.c: every exception taken from user mode */
void el0_cpu_init(void);                  /* what EL0 may do: SCTLR_EL1, CNTKCTL_EL1 */
void el0_trap(struct trapframe *tf);
/* A self-test may claim synchronous exceptions from EL0 (tests/user_test.c):
 * return true if handled. NULL in normal operation. */
extern bool (*el0_sync_test_hook)(struct trapframe *tf);
/* vectors.S: restore tf and ERET (SP_EL1 ends up at tf + TF_SIZE). */
void user_eret(struct trapframe *tf) __attribute__((noreturn));

/* gic.c */
typedef void (*irq_handler_fn)(void);
void gic_init(const void *fdt);
void gic_cpu_init(void);                  /* this CPU's interface and SGI/PPI bank */
void gic_enable_irq(unsigned intid, irq_handler_fn fn);
void gic_handle_irq(void);
void gic_end_abandoned_interrupt(void);   /* after a stack overflow */

/* timer.c */
#define TIMER_PPI_VIRT 27                  /* EL1 virtual timer (GIC PPI 11) */

/* psci.c */
void psci_init(const void *fdt);
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t context);

/* smp.c: how many CPUs arch_smp_start left running (0: it has not run) */
extern unsigned smp_cpus_running;
/* smp.c, called by secondary.S on each started CPU; never returns */
void smp_secondary_start(unsigned cpu, void *stack_top) __attribute__((noreturn));

#endif
