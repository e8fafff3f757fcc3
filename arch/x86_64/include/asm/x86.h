/*
 * asm/x86.h - thin wrappers around the x86 instructions C cannot express:
 * port I/O, model-specific registers, control registers, CPUID, INVLPG.
 * Used by arch/x86_64/ only.
 */
#ifndef ASM_X86_H
#define ASM_X86_H

#include "base/types.h"

/* --- port I/O (Intel SDM Vol.1 19.4) -------------------------------- */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/* --- MSRs (SDM Vol.4 chapter 2) ------------------------------------- */
#define MSR_APIC_BASE  0x0000001bu   /* IA32_APIC_BASE */
#define MSR_PAT        0x00000277u   /* IA32_PAT: memory types of PAT/PCD/PWT */
#define MSR_EFER       0xc0000080u   /* IA32_EFER */
#define EFER_SCE       (1ull << 0)    /* SYSCALL/SYSRET enable */
#define EFER_NXE       (1ull << 11)
#define MSR_STAR       0xc0000081u   /* SYSCALL/SYSRET segment selectors */
#define MSR_LSTAR      0xc0000082u   /* 64-bit SYSCALL entry point */
#define MSR_FMASK      0xc0000084u   /* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE    0xc0000100u   /* the FS base: the user thread pointer */
#define MSR_GS_BASE    0xc0000101u   /* the GS base in use now */
#define MSR_KERNEL_GS_BASE 0xc0000102u  /* the one SWAPGS swaps in */

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)(v & 0xffffffffu)), "d"((uint32_t)(v >> 32)));
}

/* --- control registers (SDM Vol.3 2.5) ------------------------------ */
#define CR0_PE   (1ull << 0)    /* protected mode */
#define CR0_MP   (1ull << 1)    /* WAIT/FWAIT obey TS */
#define CR0_EM   (1ull << 2)    /* x87 emulation: every FP instruction traps */
#define CR0_TS   (1ull << 3)    /* task switched: FP/SSE instructions trap (#NM) */
#define CR0_ET   (1ull << 4)    /* extension type: reads as 1 */
#define CR0_NE   (1ull << 5)    /* x87 errors as #MF, not the legacy IRQ 13 */
#define CR0_WP   (1ull << 16)   /* supervisor writes honour read-only pages */
#define CR0_NW   (1ull << 29)   /* not write-through (with CD) */
#define CR0_CD   (1ull << 30)   /* cache disable */
#define CR0_PG   (1ull << 31)   /* paging */
#define CR4_DE   (1ull << 3)    /* debugging extensions: DR4/DR5 are #UD */
#define CR4_PAE  (1ull << 5)    /* physical address extension: long mode needs it */
#define CR4_MCE  (1ull << 6)    /* machine-check exception enable */
#define CR4_PGE  (1ull << 7)    /* global pages */
#define CR4_OSFXSR     (1ull << 9)   /* FXSAVE/FXRSTOR cover SSE; SSE allowed */
#define CR4_OSXMMEXCPT (1ull << 10)  /* unmasked SSE exceptions raise #XM */
#define CR4_LA57       (1ull << 12)  /* 5-level paging */
#define CR4_FSGSBASE   (1ull << 16)  /* RDFSBASE & co. in user mode */
#define CR4_OSXSAVE    (1ull << 18)  /* XSAVE and AVX state enabled */
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

#define DEFINE_CR(n)                                                         \
	static inline uint64_t read_cr##n(void)                              \
	{                                                                    \
		uint64_t v;                                                  \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));            \
		return v;                                                    \
	}                                                                    \
	static inline void write_cr##n(uint64_t v)                           \
	{                                                                    \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");   \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

/* --- CPUID (SDM Vol.2A CPUID) --------------------------------------- */
struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

/* --- TLB (SDM Vol.3 4.10.4) ----------------------------------------- */
static inline void invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
