/* uma/probe.c - ProbeForRead / ProbeForWrite, the pre-UMA range checks. */
#include "uma/probe.h"
#include "uma/uma_internal.h"

/* As on Windows, a zero-length probe checks nothing. */
void ProbeForRead(const volatile void __user *Address, SIZE_T Length, ULONG Alignment)
{
	if (Length == 0)
		return;
	uma_check_align(Address, Alignment);
	uma_check_range(Address, Length);
}

void ProbeForWrite(volatile void __user *Address, SIZE_T Length, ULONG Alignment)
{
	ProbeForRead(Address, Length, Alignment);
}
