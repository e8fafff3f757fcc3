/* kernel/ktest_user.c - user pages for self-tests (see ktest.h). */
#include "ktest.h"
#include "vm.h"
#include "pmm.h"
#include "base/printk.h"
#include <asm/pte.h>

#define TEST_USER_BASE 0x10000000ull   /* 256 MiB: clear of page 0 */
#define MAX_PAGES      256

static paddr_t root;
static uintptr_t next_va = TEST_USER_BASE;
static struct { uintptr_t va; paddr_t pa; } mapped[MAX_PAGES];
static unsigned nmapped;

static void ensure_root(void)
{
	if (!root && !(root = vm_user_root_create()))
		panic("ktest: no memory for a user address space");
	if (vm_active_user() != root)
		vm_activate_user(root);
}

void __user *ktest_user_map_at(uintptr_t uva, size_t pages, unsigned vmflags)
{
	ensure_root();
	if (!vmflags)
		return (void __user *)uva;   /* a hole: nothing mapped */
	for (size_t i = 0; i < pages; i++) {
		paddr_t pa = pmm_alloc();
		if (!pa || nmapped == MAX_PAGES ||
		    vm_map(root, uva + i * PAGE_SIZE, pa, PAGE_SIZE, vmflags | VM_USER))
			panic("ktest: cannot map user page %#lx", uva + i * PAGE_SIZE);
		mapped[nmapped].va = uva + i * PAGE_SIZE;
		mapped[nmapped++].pa = pa;
	}
	return (void __user *)uva;
}

void __user *ktest_user_map(size_t pages, unsigned vmflags)
{
	uintptr_t va = next_va;

	next_va += (pages + 1) * PAGE_SIZE;   /* + an unmapped guard page */
	return ktest_user_map_at(va, pages, vmflags);
}

void *ktest_user_kaddr(const volatile void __user *uva)
{
	paddr_t pa;

	if (!root || !vm_translate(root, (uintptr_t)uva, &pa, NULL))
		panic("ktest: user address %p is not mapped", (const void __force *)uva);
	return phys_to_virt(pa);
}

void ktest_user_reset(void)
{
	for (unsigned i = 0; i < nmapped; i++) {
		vm_unmap(root, mapped[i].va, PAGE_SIZE);
		pmm_free(mapped[i].pa);
	}
	nmapped = 0;
	next_va = TEST_USER_BASE;
}
