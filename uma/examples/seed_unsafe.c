/*
 * uma/examples/seed_unsafe.c - the seed's Examples 1 and 2, the way NOT to
 * touch user memory, compiled as written (user pointer annotated __user,
 * `__except (…)` given a filter).
 *
 * GCC compiles them. `make check` runs sparse on this file and REQUIRES it
 * to report the direct dereferences of user memory below: that is the
 * static check doing its job (tools/check.sh). With SMAP/PAN on, running
 * either function would stop the kernel with a named oops.
 *
 * Example 1: Ptr->Size is read twice (allocation, then copy); another user
 * thread can grow it in between and overflow LocalData.
 * Example 2: the "local copy" LocalSize may be turned back into two reads
 * of Ptr->Size by the compiler, which assumes no other thread writes it.
 */
#include "sys/wdm.h"

typedef struct _StructWithData {
	ULONG Size;
	CHAR *Data[1];
} StructWithData;

void SeedExample1(StructWithData __user *Ptr);
void SeedExample2(StructWithData __user *Ptr);

// Kernel-mode call that accesses user-mode memory
void SeedExample1(StructWithData __user *Ptr)
{
    __try {
        // Probe user-mode memory to ensure it's valid
        ProbeForRead (Ptr, sizeof(StructWithData), 1);

        // Allocate memory in the kernel
        PVOID LocalData = ExAllocatePool2(POOL_FLAG_PAGED, Ptr->Size);

        //Copy user-mode data into the heap allocation
        RtlCopyMemory(LocalData, Ptr->Data, Ptr->Size);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        // Handle exceptions
    }
}

void SeedExample2(StructWithData __user *Ptr)
{
    __try {
        // Probe user-mode memory to ensure it's valid
        ProbeForRead (Ptr, sizeof(StructWithData), 1);

        // Read Ptr->Size once to avoid possible memory change in user mode
        ULONG LocalSize = Ptr->Size;

        // Allocate memory in the kernel
        PVOID LocalData = ExAllocatePool2(POOL_FLAG_PAGED, LocalSize);

        //Copy user-mode data into the heap allocation
        RtlCopyMemory(LocalData, Ptr, LocalSize);
    } __except (EXCEPTION_EXECUTE_HANDLER) {}
}
