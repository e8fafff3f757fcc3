/* kernel/thread.c - the boot thread, the only one until there is a scheduler. */
#include "thread.h"

static struct thread boot_thread = { .name = "boot" };

struct thread *current_thread(void)
{
	return &boot_thread;
}
