/* asm/elf.h - the ELF machine number of ARM64 programs (ELF for the Arm 64-bit Architecture, 5.1). */
#ifndef ASM_ELF_H
#define ASM_ELF_H
#define ARCH_ELF_MACHINE 183  /* EM_AARCH64 */
#endif
