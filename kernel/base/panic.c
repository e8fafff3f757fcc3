/* kernel/panic.c - stop the kernel with a message everyone can read. */
#include "base/printk.h"
#include "arch/arch.h"
#include "arch/trap.h"
#include "ktest.h"

void panic(const char *fmt, ...)
{
	static int nested;
	va_list ap;

	arch_irq_disable();
	printk_set_prefix(NULL);
	if (nested++) {   /* panicking while panicking: just stop */
		kprintf("KERNEL PANIC (nested)\n");
		arch_halt();
	}
	kprintf("KERNEL PANIC: ");
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	backtrace_from((uint64_t)__builtin_frame_address(0), (uint64_t)__builtin_return_address(0));
	/* Under `make test` nobody is watching: leave QEMU at once with a
	 * failure instead of waiting for the runner's timeout. */
	if (ktest_running())
		arch_poweroff(1);
	kprintf("System halted.\n");
	arch_halt();
}
