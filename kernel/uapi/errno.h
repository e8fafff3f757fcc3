/*
 * kernel/uapi/errno.h - error numbers (the Linux values, SPEC section 6),
 * made from the list in errno_table.h: EPERM = 1, ENOENT = 2, ...
 */
#ifndef UAPI_ERRNO_H
#define UAPI_ERRNO_H

enum {
#define ERRNO(value, name, text) name = value,
#include "errno_table.h"
#undef ERRNO
};

#endif
