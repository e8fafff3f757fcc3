/*
 * kernel/demo_driver.c - A DELIBERATELY BUGGY DRIVER, FOR TEACHING ONLY.
 *
 * The DEMO_DIRECT_* operations touch user memory the way drivers did before
 * UMA: through a plain pointer, with no range check and no exception table.
 * They are the bug the seed's forum question asks about
 * (shared/seeds/003_*.txt): with SMAP/SMEP (x86-64) or PAN/PXN (ARM64) on,
 * the CPU stops each of them and the kernel reports a named oops
 * ("SMAP violation", "PAN violation", ...), which kills only the calling
 * process. Boot with `nosmap nosmep nopan` and the same direct read simply
 * works -- silently, which is exactly the danger.
 *
 * The DEMO_UMA_* operations do the same jobs correctly. usertests/bin/smapdemo
 * runs each one in a child process and explains what happened.
 *
 * The `__force` casts below are how the code tells sparse "I know this is a
 * user pointer and I am dereferencing it anyway": without them `make check`
 * would refuse to build this file, as it should.
 */
#include "syscall.h"
#include "usermode_accessors.h"
#include "uapi/demo.h"

long sys_demo(const struct syscall_args *a)
{
	void __user *p = arg_ptr(a, 1);
	uint8_t value = (uint8_t)arg_ulong(a, 2);

	switch (arg_int(a, 0)) {
	case DEMO_DIRECT_READ:            /* WRONG: a direct read of user memory */
		return *(volatile uint8_t __force *)p;
	case DEMO_DIRECT_WRITE:           /* WRONG: a direct write */
		*(volatile uint8_t __force *)p = value;
		return 0;
	case DEMO_DIRECT_EXEC:            /* WRONG: the kernel runs user code */
		((void (*)(void))(__force void *)p)();
		return 0;
	case DEMO_UMA_READ:               /* right: range check + exception table */
		return ReadUCharFromUser(p);  /* a bad pointer raises: -EFAULT */
	case DEMO_UMA_WRITE:
		WriteUCharToUser(p, value);
		return 0;
	case DEMO_UMA_EXEC_CHECK:         /* right: a kernel never runs user code */
		return -EPERM;
	default:
		return -EINVAL;
	}
}
