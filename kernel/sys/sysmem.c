/* kernel/sys/sysmem.c - sbrk, mmap, munmap, mprotect (see kernel/mm.h). */
#include "sys/syscall.h"
#include "proc.h"
#include "mm.h"
#include "vm.h"
#include "uapi/mman.h"
#include <asm/pte.h>

static struct mm *my_mm(void)
{
	return current_proc()->mm;
}

/* PROT_* to page rights. Every accessible page is readable (x86 cannot
 * express write-only or execute-only pages). */
static long prot_to_vm(int prot, unsigned *vm)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	*vm = prot ? VM_READ : 0;
	if (prot & PROT_WRITE)
		*vm |= VM_WRITE;
	if (prot & PROT_EXEC)
		*vm |= VM_EXEC;
	return 0;
}

long sys_sbrk(const struct syscall_args *a)
{
	struct mm *mm = my_mm();
	long inc = arg_long(a, 0);
	uintptr_t old = mm->brk, new = old + inc;

	if (inc > 0 && (inc > (long)HEAP_MAX || new > mm->brk_start + HEAP_MAX))
		return -ENOMEM;
	/* 0 - inc in unsigned arithmetic: defined even for LONG_MIN */
	if (inc < 0 && (uintptr_t)0 - (uintptr_t)inc > old - mm->brk_start)
		return -EINVAL;
	uintptr_t old_top = ALIGN_UP(old, PAGE_SIZE), new_top = ALIGN_UP(new, PAGE_SIZE);
	if (new_top > old_top && mm_map(mm, old_top, new_top - old_top, VM_READ | VM_WRITE, VMA_HEAP))
		return -ENOMEM;
	/* shrinking may split a heap area, which takes memory too */
	if (new_top < old_top && mm_unmap(mm, new_top, old_top - new_top))
		return -ENOMEM;
	mm->brk = new;
	return old;
}

long sys_mmap(const struct syscall_args *a)
{
	uintptr_t addr = arg_ulong(a, 0);
	size_t len = arg_ulong(a, 1);
	int flags = arg_int(a, 3);
	unsigned vm;
	long err = prot_to_vm(arg_int(a, 2), &vm);

	if (err)
		return err;
	if (!len || !(flags & MAP_ANONYMOUS) || !(flags & MAP_PRIVATE) || arg_long(a, 5) != 0)
		return -EINVAL;
	if (len > USER_VA_LIMIT)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if ((addr & (PAGE_SIZE - 1)) || (err = mm_unmap(my_mm(), addr, len)))
			return -EINVAL;
	} else {
		addr = mm_find_free(my_mm(), len);
	}
	err = mm_map(my_mm(), addr, len, vm, VMA_MMAP);
	return err ? err : (long)addr;
}

long sys_munmap(const struct syscall_args *a)
{
	return mm_unmap(my_mm(), arg_ulong(a, 0), arg_ulong(a, 1));
}

long sys_mprotect(const struct syscall_args *a)
{
	unsigned vm;
	long err = prot_to_vm(arg_int(a, 2), &vm);

	return err ? err : mm_protect(my_mm(), arg_ulong(a, 0), arg_ulong(a, 1), vm);
}
