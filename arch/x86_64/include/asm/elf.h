/* asm/elf.h - the ELF machine number of x86-64 programs (System V AMD64 ABI 4.1.1). */
#ifndef ASM_ELF_H
#define ASM_ELF_H
#define ARCH_ELF_MACHINE 62   /* EM_X86_64 */
#endif
