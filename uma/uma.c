/* uma/uma.c - start-up, and turning a caught fault into an exception. */
#include "uma/uma_internal.h"
#include "uma/extable.h"
#include "base/printk.h"
#include "uma/doublefetch.h"

/* The thread that runs before the scheduler starts (kmain's); every CPU
 * points at it until its first thread switch. */
static struct uma_thread boot_thread = { .name = "boot" };
struct uma_thread *uma_current_on[MAX_CPUS] = { [0 ... MAX_CPUS - 1] = &boot_thread };

void uma_raise_fault(void)
{
	uma_raise(STATUS_ACCESS_VIOLATION, uma_current->fault_addr);
}

void uma_thread_exit(void)
{
	df_syscall_exit();   /* close its double-fetch log, if it had one open */
}

void uma_init(void)
{
	extable_init();
	arch_uaccess_init();
	kprintf("uma: %lu exception-table entries, %s\n", extable_size(), arch_uaccess_describe());
	df_init();   /* `doublefetch` on the command line turns the detector on */
}
