/* kernel/base/lab.c - the message of a lab stub that ran (base/lab.h). */
#include "base/lab.h"
#include "base/printk.h"

void lab_missing(const char *lab, const char *what, const char *file, int line)
{
	kprintf("LAB %s: %s is not written yet (%s:%d): handout docs/labs/*-%s.md\n",
		lab, what, file, line, lab);
}
