/*
 * usertests/lib/cpuregs.h - user registers beyond the general ones, for the
 * tests that check the kernel keeps them per thread (t_fpu, t_tls,
 * t_entryregs). Written in assembly (usertests/lib/arch/ARCH/cpuregs.S)
 * because C cannot promise to keep a value in a given register.
 *
 *   x86-64: XMM0-XMM15 (16 x 16 bytes), MXCSR, the FS/GS selectors
 *   ARM64:  V0-V31 (32 x 16 bytes), FPCR, TPIDR_EL0 / TPIDRRO_EL0
 */
#ifndef CPUREGS_H
#define CPUREGS_H

#ifdef __x86_64__
#define NVREGS          16
#define FPCTL_DEFAULT   0x1f80ul          /* MXCSR at process start (psABI 3.4.1) */
#define FPCTL_ROUND_UP  (0x1f80ul | (2ul << 13))   /* RC = 10b: toward +infinity */
#define TP_RAW_IS_TLS   0                 /* selectors and FS base are apart */
#else
#define TP_RAW_IS_TLS   1                 /* tls_set writes TPIDR_EL0 too */
#define NVREGS          32
#define FPCTL_DEFAULT   0ul               /* FPCR at process start */
#define FPCTL_ROUND_UP  (1ul << 22)       /* RMode = 01: toward +infinity (RP) */
#endif
#define VREGS_BYTES     (NVREGS * 16)

/* Load every vector register from in, spin `loops` times touching no
 * memory and making no system call (only the timer can take the CPU),
 * then store them all to out. */
void vregs_hold(const void *in, void *out, unsigned long loops);
/* Store every vector register to out as they are now (nothing loaded). */
void vregs_dump(void *out);

/* Load every vector register from in, make system call nr (fork) with no
 * arguments, store them to out; returns its raw result (-errno on error). */
long vregs_fork(const void *in, void *out, long nr);

/* The FP control bits: MXCSR (x86-64) without its six sticky exception
 * flags (bits 0-5, SDM Vol.1 10.2.3), FPCR (ARM64; its flags are in FPSR).
 * fpctl_set writes the whole register, flags cleared. */
unsigned long fpctl_get(void);
void fpctl_set(unsigned long v);

/* The thread pointer register as the program itself sees it: x86-64 has
 * no user instruction for the FS base (CR4.FSGSBASE is off), so this reads
 * the FS and GS selectors, fs | gs << 16; ARM64 reads TPIDR_EL0. */
unsigned long tp_raw_get(void);
/* x86-64: load the FS and GS selectors (v & 0xffff, v >> 16), which must be
 * 0 or a user selector; ARM64: write TPIDR_EL0 directly, without tls_set. */
void tp_raw_set(unsigned long v);
/* A value for tp_raw_set other than 0, different for which = 0 and 1:
 * x86-64 has only a few selectors a program may load (the user data one,
 * which %ss holds), ARM64 takes anything. */
static inline unsigned long tp_raw_sample(int which)
{
#ifdef __x86_64__
	unsigned long ss = 0;
	__asm__ volatile("movw %%ss, %w0" : "+r"(ss));
	return which ? ss << 16 : ss;         /* in GS, or in FS */
#else
	return 0x5a5a000012340000ul + (unsigned long)which;
#endif
}

/* ARM64: TPIDRRO_EL0 (read-only at EL0); x86-64: the DS and ES selectors,
 * ds | es << 16. */
unsigned long tp_ro_get(void);

#endif
