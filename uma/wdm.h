/*
 * uma/wdm.h - the few WDK kernel routines the seed's examples call, so that
 * they compile here as written (uma/examples/).
 */
#ifndef UMA_WDM_H
#define UMA_WDM_H

#include "uma/usermode_accessors.h"
#include "kmalloc.h"
#include "base/string.h"

typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_PAGED      0x100ull
#define POOL_FLAG_NON_PAGED  0x40ull

/* ExAllocatePool2(Flags, NumberOfBytes[, Tag]): the seed leaves the Tag
 * out, the real DDI has it; both compile. Memory is never paged here. */
#define ExAllocatePool2(Flags, NumberOfBytes, ...) kmalloc(NumberOfBytes)
#define ExFreePool(P) kfree(P)

/* The classic RtlCopyMemory is a plain memcpy: on a user pointer it is the
 * unchecked direct access the UMA DDIs replace. */
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))

/* Raise STATUS_ACCESS_VIOLATION unless [Address, Address+Length) is user
 * space, STATUS_DATATYPE_MISALIGNMENT unless Address is aligned. It checks
 * the range only: it does not make later direct accesses safe. */
void ProbeForRead(const volatile void __user *Address, SIZE_T Length, ULONG Alignment);
void ProbeForWrite(volatile void __user *Address, SIZE_T Length, ULONG Alignment);

#endif
