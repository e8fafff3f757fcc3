/*
 * usertests/lib/strerror.c - short names for the errno values of
 * kernel/uapi/errno.h, for messages such as "sh: foo: not found".
 */
#include "ulib.h"

/* From the kernel's list of error numbers (kernel/uapi/errno_table.h). */
static const char *const texts[] = {
#define ERRNO(value, name, text) [value] = text,
#include "errno_table.h"
#undef ERRNO
};

char *strerror(int err)
{
	static char unknown[24];
	if (err > 0 && err < (int)(sizeof texts / sizeof texts[0]) && texts[err])
		return (char *)texts[err];
	snprintf(unknown, sizeof unknown, "error %d", err);
	return unknown;
}
