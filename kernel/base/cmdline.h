/*
 * kernel/base/cmdline.h - the kernel command line ("ktest=all nosmap ...").
 * Words are separated by spaces; a word is either "flag" or "key=value".
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "base/types.h"

void cmdline_init(const char *line);
const char *cmdline_get(void);
bool cmdline_has(const char *flag);
/* Copy the value of key=value into buf; false if the key is absent. */
bool cmdline_value(const char *key, char *buf, size_t size);
/* The words after " -- " (process 1's arguments, not the kernel's): up to
 * max pointers into a copy kept here; returns how many. */
int cmdline_init_args(char **argv, int max);

#endif
