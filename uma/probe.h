/*
 * uma/probe.h - Windows' ProbeForRead / ProbeForWrite (uma/probe.c).
 *
 * They check a range only: [Address, Address+Length) must be user space
 * and Address aligned. They do not make a later direct access safe (the
 * page can be unmapped a moment later); the UMA accessors are what does.
 */
#ifndef UMA_PROBE_H
#define UMA_PROBE_H

#include "uma/usermode_accessors.h"

/* Raise STATUS_ACCESS_VIOLATION unless [Address, Address+Length) is user
 * space, STATUS_DATATYPE_MISALIGNMENT unless Address is aligned. */
void ProbeForRead(const volatile void __user *Address, SIZE_T Length, ULONG Alignment);
void ProbeForWrite(volatile void __user *Address, SIZE_T Length, ULONG Alignment);

#endif
