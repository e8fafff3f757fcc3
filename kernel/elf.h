/* kernel/elf.h - loading static ELF64 programs (and building their stack). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "base/types.h"

struct mm;
struct trapframe;

/* Map the PT_LOAD segments of the ELF image in [data, data+size) into mm,
 * each with its own rights (never writable and executable at once).
 * -ENOEXEC for anything that is not a static ELF64 program for this CPU. */
long elf_load(struct mm *mm, const void *data, size_t size, uintptr_t *entry);

/* Build a whole new program image: a fresh address space with the program
 * at path, a stack holding argc/argv, and the user registers to start it.
 * kargv is a NULL-terminated array of kernel strings. */
long exec_image(const char *path, char *const kargv[], struct mm **mm_out, struct trapframe *tf);

#endif
