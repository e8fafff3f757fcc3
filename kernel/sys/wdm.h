/*
 * kernel/sys/wdm.h - the few WDK kernel routines the seed's examples call,
 * so that they compile here as written (uma/examples/). Driver code: it
 * sits above the kernel's allocator, hence in the system-call layer.
 */
#ifndef SYS_WDM_H
#define SYS_WDM_H

#include "uma/usermode_accessors.h"
#include "uma/probe.h"
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

#endif
