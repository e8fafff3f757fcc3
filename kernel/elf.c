/*
 * kernel/elf.c - static ELF64 programs: segments, stack, arguments.
 * ELF format: System V ABI, "ELF-64 Object File Format" v1.5.
 */
#include "elf.h"
#include "boot/elf64.h"
#include "mm.h"
#include "vm.h"
#include "arch/arch.h"
#include "kmalloc.h"
#include "base/string.h"
#include "uapi/errno.h"
#include "fs/fs.h"
#include "proc.h"
#include <asm/pte.h>
#include <asm/elf.h>

static bool header_ok(const struct elf64_ehdr *eh, size_t size)
{
	return size >= sizeof(*eh) && !memcmp(eh->ident, "\x7f" "ELF", 4) &&
	       eh->ident[4] == 2 /* 64-bit */ && eh->ident[5] == 1 /* little-endian */ &&
	       eh->type == ET_EXEC && eh->machine == ARCH_ELF_MACHINE &&
	       eh->phentsize == sizeof(struct elf64_phdr) &&
	       eh->phoff < size && eh->phnum <= (size - eh->phoff) / sizeof(struct elf64_phdr);
}

static unsigned segment_prot(uint32_t flags)
{
	unsigned prot = VM_READ;
	if (flags & PF_W)
		prot |= VM_WRITE;
	if (flags & PF_X)
		prot |= VM_EXEC;
	return prot;
}

long elf_load(struct mm *mm, const void *data, size_t size, uintptr_t *entry)
{
	const struct elf64_ehdr *eh = data;
	uintptr_t top = 0, brk = 0;

	if (!header_ok(eh, size))
		return -ENOEXEC;
	const struct elf64_phdr *ph = (const void *)((const char *)data + eh->phoff);
	for (int i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		if (p->filesz > p->memsz || p->offset > size || p->filesz > size - p->offset ||
		    p->vaddr >= USER_VA_LIMIT || p->memsz > USER_VA_LIMIT - p->vaddr ||
		    ((p->flags & PF_W) && (p->flags & PF_X)))
			return -ENOEXEC;
		uintptr_t start = ALIGN_DOWN(p->vaddr, PAGE_SIZE);
		uintptr_t end = ALIGN_UP(p->vaddr + p->memsz, PAGE_SIZE);
		long err = mm_map(mm, start, end - start, segment_prot(p->flags), VMA_PROGRAM);
		if (err)
			return err == -ENOMEM ? err : -ENOEXEC;   /* else segments overlap */
		if (mm_copy_in(mm, p->vaddr, (const char *)data + p->offset, p->filesz))
			return -ENOEXEC;
		if (end > top)
			top = end;
		if (p->vaddr + p->memsz > brk)
			brk = p->vaddr + p->memsz;
	}
	if (!top || eh->entry >= top)
		return -ENOEXEC;
	mm->brk_start = mm->brk = brk;   /* the break starts where .bss ends */
	*entry = eh->entry;
	return 0;
}

/*
 * The initial stack, from the top down: the argument strings, padding to
 * 16 bytes, then argc, argv[0..argc-1], NULL -- the System V layout, so a
 * crt0 may read it from sp. argc and argv are also passed in the first two
 * argument registers.
 */
static long build_stack(struct mm *mm, char *const kargv[], uintptr_t *sp_out, uintptr_t *argv_out,
			int *argc_out)
{
	uintptr_t sp = USER_STACK_TOP, ptrs[MAXARG + 1];
	int argc = 0;

	if (mm_map(mm, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE, VM_READ | VM_WRITE, VMA_STACK))
		return -ENOMEM;
	for (; kargv && kargv[argc]; argc++) {
		size_t n = strlen(kargv[argc]) + 1;
		if (argc == MAXARG || USER_STACK_TOP - sp + n > USER_STACK_SIZE / 2)
			return -E2BIG;
		sp -= n;
		mm_copy_in(mm, sp, kargv[argc], n);
		ptrs[argc] = sp;
	}
	ptrs[argc] = 0;
	sp = ALIGN_DOWN(sp, 16) - (argc + 2) * sizeof(uintptr_t);
	sp = ALIGN_DOWN(sp, 16);
	uint64_t argc64 = argc;
	mm_copy_in(mm, sp, &argc64, sizeof(argc64));
	mm_copy_in(mm, sp + 8, ptrs, (argc + 1) * sizeof(uintptr_t));
	*sp_out = sp;
	*argv_out = sp + 8;
	*argc_out = argc;
	return 0;
}

long exec_image(const char *path, char *const kargv[], struct mm **mm_out, struct trapframe *tf)
{
	void *data;
	size_t size;
	uintptr_t entry, sp, argv;
	int argc;
	long err = fs_read_whole(path, &data, &size);

	if (err)
		return err;
	struct mm *mm = mm_create();
	if (!mm) {
		kfree(data);
		return -ENOMEM;
	}
	err = elf_load(mm, data, size, &entry);
	kfree(data);
	if (!err)
		err = build_stack(mm, kargv, &sp, &argv, &argc);
	if (err) {
		mm_put(mm);
		return err;
	}
	arch_utf_init(tf, entry, sp, argc, argv);
	*mm_out = mm;
	return 0;
}
