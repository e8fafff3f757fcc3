/* usertests/lib/lab.c - the message of a lab stub in user space (docs/labs/README.md;
 * the kernel's twin is kernel/base/lab.h). */
#include "ulib.h"

void lab_missing(const char *lab, const char *what)
{
	fprintf(2, "LAB %s: %s is not written yet: handout docs/labs/*-%s.md\n", lab, what, lab);
}
