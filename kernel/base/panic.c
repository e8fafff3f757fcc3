/* kernel/base/panic.c - stop the kernel with a message everyone can read. */
#include "base/printk.h"
#include <asm/cpu.h>

static void (*panic_stop)(uint64_t fp, uint64_t pc) __noreturn;

void panic_set_hook(void (*stop)(uint64_t fp, uint64_t pc) __noreturn)
{
	panic_stop = stop;
}

void panic(const char *fmt, ...)
{
	static int nested;
	va_list ap;

	arch_irq_disable();
	printk_set_prefix(NULL);
	if (nested++) {   /* panicking while panicking: just stop */
		kprintf("KERNEL PANIC (nested)\n");
		for (;;)
			arch_wait_for_interrupt();
	}
	kprintf("KERNEL PANIC: ");
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	if (panic_stop)
		panic_stop((uint64_t)__builtin_frame_address(0), (uint64_t)__builtin_return_address(0));
	kprintf("System halted.\n");
	for (;;)          /* interrupts are masked: this sleeps for good */
		arch_wait_for_interrupt();
}
