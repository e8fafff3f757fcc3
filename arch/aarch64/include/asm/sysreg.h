/*
 * asm/sysreg.h - reading and writing AArch64 system registers from C.
 *
 * MRS/MSR take the register name as part of the instruction, so they can
 * only be wrapped by macros, not functions. Registers the assembler may not
 * know by name are spelled S<op0>_<op1>_C<n>_C<m>_<op2> (Arm ARM C5.3).
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include "base/types.h"

/* Two steps so a register given as a macro (SYS_...) is expanded first. */
#define __sysreg_str1(x) #x
#define __sysreg_str(x) __sysreg_str1(x)

#define read_sysreg(reg) ({                                        \
	uint64_t __val;                                            \
	__asm__ volatile("mrs %0, " __sysreg_str(reg) : "=r"(__val));           \
	__val;                                                     \
})

#define write_sysreg(reg, val) \
	__asm__ volatile("msr " __sysreg_str(reg) ", %0" : : "r"((uint64_t)(val)) : "memory")

/* Context synchronisation: later instructions see earlier MSR writes
 * (Arm ARM, "Synchronization requirements for AArch64 System registers"). */
static inline void isb(void) { __asm__ volatile("isb" : : : "memory"); }

/* ID_AA64MMFR2_EL1 (UAO, ...) has no name in older assemblers. */
#define SYS_ID_AA64MMFR2_EL1 S3_0_C0_C7_2

/* PSTATE.PAN and PSTATE.UAO read as system registers (Arm ARM, "PAN",
 * "UAO"): the bit sits at its SPSR position. Spelled by encoding so that
 * no file needs -march=armv8.2-a; UNDEFINED where the feature is absent. */
#define SYS_PAN       S3_0_C4_C2_3
#define SYS_UAO       S3_0_C4_C2_4
#define PSTATE_PAN    (1ull << 22)
#define PSTATE_UAO    (1ull << 23)

#endif
