/*
 * arch/x86_64/x86_64.h - private interfaces between the files of this
 * directory. Nothing outside arch/x86_64/ includes it.
 */
#ifndef ARCH_X86_64_H
#define ARCH_X86_64_H

#include "base/types.h"
#include "base/percpu.h"
#include <asm/cpu.h>

struct trapframe;

/* Segment selectors (gdt.c). The order kernel code, kernel data, user
 * data, user code is what SYSCALL/SYSRET need later: STAR[47:32] = 0x08,
 * STAR[63:48] = 0x10 gives SYSRET CS 0x20|3, SS 0x18|3 (SDM Vol.2B SYSRET). */
#define SEL_KCODE  0x08
#define SEL_KDATA  0x10
#define SEL_UDATA  (0x18 | 3)
#define SEL_UCODE  (0x20 | 3)
#define SEL_TSS    0x28

/* Interrupt stack table slots in the TSS (gdt.c, idt.c). */
#define IST_DF   1   /* #DF: the kernel stack may be what overflowed */
#define IST_NMI  2   /* NMI can arrive anywhere, even mid-stack switch */

/* Vector assignment (idt.c, trap.c). 0-31 are exceptions (SDM Vol.3 6.3.1). */
#define VEC_PIC_BASE     0x30   /* 8259 remapped here, then masked */
#define VEC_FASTFAIL     0x29   /* int 0x29 = __fastfail, as on Windows */
#define VEC_LAPIC_TIMER  0x40
#define VEC_COM1         0x44   /* COM1 receive, IRQ 4 through the I/O APIC */
#define VEC_IPI          0x48   /* arch_ipi_send (smp.c) */
#define VEC_SYSCALL      0x100  /* tf->vector of a SYSCALL frame (syscall.S): no IDT vector */
#define VEC_LAPIC_SPURIOUS 0xff

/* CPU features found by CPUID (cpu.c). */
struct x86_features {
	bool smep, smap, nx, pdpe1gb, erms, x2apic, invariant_tsc;
	char vendor[13];
	char brand[49];
};
extern struct x86_features x86_cpu;

void gdt_init(unsigned cpu);
void idt_init(void);                 /* build the shared IDT (CPU 0) and load it */
void idt_load(void);                 /* load it (the other CPUs) */
void x86_cpu_setup(unsigned cpu);    /* cpu.c: every CPU's control state */
void pic_disable(void);
void cpu_detect(void);

/* smap.c */
void x86_smap_init(void);            /* CPU 0: decide, patch the trap entry */
uint64_t x86_smap_cr4_bits(void);    /* the CR4.SMEP/SMAP bits every CPU sets */
bool x86_smap_patch_ud(struct trapframe *tf);
const char *x86_smep_state(void);
const char *x86_smap_state(void);

/* uaccess.S / uaccess.c: both copy and fill flavours, callable directly
 * (calibration, tests), and which one arch_copy_*_user / arch_fill_user use. */
extern uint8_t x86_uaccess_copy_rep, x86_uaccess_fill_rep;
size_t x86_copy_rep(void *dst, const void *src, size_t n);
size_t x86_copy_words(void *dst, const void *src, size_t n);
size_t x86_fill_rep(void *dst, int c, size_t n);
size_t x86_fill_words(void *dst, int c, size_t n);

/* pit.c: time ~usec on PIT channel 2, return the TSC frequency seen. */
uint64_t pit_tsc_hz(unsigned usec);

/* tsc.c */
void tsc_calibrate(void);

/* lapic.c */
void lapic_init(void);               /* CPU 0: map it, then lapic_cpu_init() */
void lapic_cpu_init(void);           /* every CPU: enable its own LAPIC */
void lapic_eoi(void);
/* Send an IPI: icr_lo = delivery mode | vector | shorthand (SDM Vol.3
 * 11.6.1) to APIC id dest (ignored with ICR_SELF). */
void lapic_send_ipi(uint32_t dest, uint32_t icr_lo);
#define ICR_FIXED      0x000u
#define ICR_INIT       0x500u
#define ICR_STARTUP    0x600u
#define ICR_ASSERT     (1u << 14)
#define ICR_LEVEL      (1u << 15)
#define ICR_SELF       (1u << 18)   /* destination shorthand 01: self */

/* lapic.c */
uint32_t lapic_id(void);
void lapic_end_abandoned_interrupts(void);   /* after a stack overflow */

/* ioapic.c: deliver ISA interrupt `irq` to this CPU as `vector`. */
void ioapic_init(void);
void ioapic_route_isa(unsigned irq, unsigned vector);

/* acpi.c: the APIC ids of the enabled processors in the MADT. */
unsigned acpi_cpu_apic_ids(paddr_t rsdp_pa, uint32_t *ids, unsigned max);

/* smp.c: how many CPUs run (the numbers 0 .. n-1). */
unsigned x86_smp_ncpus(void);

/* serial.c: the COM1 receive interrupt. */
void serial_irq_enable(void);
void serial_irq(void);

/* gdt.c: the stack the CPU switches to on a trap from user mode. */
void tss_set_rsp0(uint64_t top);
uint64_t tss_rsp0(void);

/*
 * Per-CPU data, found through the GS base while in the kernel (syscall.c).
 * SYSCALL leaves rsp at the user's value, so its entry code needs a
 * place reachable without any register: %gs:offset after SWAPGS.
 * syscall.S hard-codes the offsets (checked in syscall.c).
 */
struct x86_percpu {
	uint64_t kstack_top;         /* 0: top of the current thread's kernel stack */
	uint64_t user_rsp;           /* 8: scratch: the user rsp during entry */
	struct x86_percpu *self;     /* 16: %gs:16 == &x86_percpu[cpu] */
	uint32_t cpu;                /* 24: arch_cpu_id() (asm/cpu.h X86_PERCPU_CPU) */
	uint32_t apic_id;            /* 28: its LAPIC's id, for IPIs (smp.c) */
};
extern struct x86_percpu x86_percpu[MAX_CPUS];

/* This CPU's area: one %gs-relative load of the self pointer. */
static inline struct x86_percpu *this_percpu(void)
{
	struct x86_percpu *p;

	__asm__ volatile("movq %%gs:16, %0" : "=r"(p));
	return p;
}
void syscall_init(unsigned cpu);
void x86_syscall(struct trapframe *tf) __attribute__((noreturn));   /* from syscall.S */

/* usermode.c: the return-to-user decision, exposed for the self-tests. */
bool x86_rip_canonical(uint64_t rip);
/* context.c: the running thread's x87/SSE registers to / from an FXSAVE
 * image (signal.c builds and checks signal frames with them). */
struct fxsave_area;
void x86_fp_save(struct fxsave_area *fx);
void x86_fp_load(const struct fxsave_area *fx);
bool x86_sysret_safe(const struct trapframe *tf);
/* syscall.S */
void x86_iret_to_user(struct trapframe *tf) __attribute__((noreturn));
void x86_sysret_to_user(struct trapframe *tf) __attribute__((noreturn));

/* trap.c: called by trap_common (vectors.S) with the saved frame. */
struct trapframe;
void trap_dispatch(struct trapframe *tf);

#endif
