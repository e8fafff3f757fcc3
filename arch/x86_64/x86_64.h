/*
 * arch/x86_64/x86_64.h - private interfaces between the files of this
 * directory. Nothing outside arch/x86_64/ includes it.
 */
#ifndef ARCH_X86_64_H
#define ARCH_X86_64_H

#include "types.h"

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
#define VEC_LAPIC_SPURIOUS 0xff

/* CPU features found by CPUID (cpu.c). */
struct x86_features {
	bool smep, smap, nx, pdpe1gb, erms, x2apic, invariant_tsc;
	char vendor[13];
	char brand[49];
};
extern struct x86_features x86_cpu;

void gdt_init(void);
void idt_init(void);
void pic_disable(void);
void cpu_detect(void);

/* smap.c */
void x86_smap_init(void);
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
void lapic_init(void);
void lapic_eoi(void);

/* trap.c: called by trap_common (vectors.S) with the saved frame. */
struct trapframe;
void trap_dispatch(struct trapframe *tf);

#endif
