/*
 * boot/elf64.h - the parts of the ELF64 format the loader (kernel.elf) and
 * the kernel (user programs) read. "ELF-64 Object File Format" v1.5 and the
 * System V ABI: a file header, then program headers; PT_LOAD ones say what
 * to place where in memory.
 */
#ifndef BOOT_ELF64_H
#define BOOT_ELF64_H

#include <stdint.h>

#define ET_EXEC 2       /* e_type: an executable (not relocatable or shared) */
#define PT_LOAD 1       /* p_type: a segment to load */
#define PF_X    1       /* p_flags: executable, writable, readable */
#define PF_W    2
#define PF_R    4

struct elf64_ehdr {
	unsigned char ident[16];   /* "\x7f" "ELF", class 2 = 64-bit, data 1 = little-endian */
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#endif
