/* uma/tests/fastfail_test.c - KernelMode with a user pointer fast-fails (DBG builds). */
#include "uma/tests/uma_test.h"

static void read_user_as_kernel(void *p)
{
	ReadULongFromMode((const ULONG __user *)p, KernelMode);
}

static void copy_user_as_kernel(void *p)
{
	uint8_t k[8];
	CopyFromMode(k, (const void __user *)p, 8, KernelMode);
}

KTEST(uma_kernel_mode_with_user_pointer_fast_fails)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	struct fault f;

	if (!DBG)
		ktest_skip("built with DBG=0");
	KASSERT(ktest_expect_fault(read_user_as_kernel, (__force void *)u, &f));
	KEXPECT_EQ(f.kind, FAULT_FASTFAIL);
	KEXPECT_EQ(f.code, FAST_FAIL_KERNEL_POINTER_EXPECTED);
	KASSERT(ktest_expect_fault(copy_user_as_kernel, (__force void *)u, &f));
	KEXPECT_EQ(f.code, FAST_FAIL_KERNEL_POINTER_EXPECTED);
}
