/*
 * uma/examples/seed_uma.c - the seed's UMA example ("Example using UMA
 * DDI", shared/seeds/000_*.txt), compiled against usermode_accessors.h.
 *
 * Changes from the article, each needed to compile or to be correct:
 *  - the user pointer is annotated __user (the point of `make check`);
 *  - `__except (…)` needs a real filter: UmaExceptionFilter(UserMode);
 *  - the article declares `PVOID LocalData`, copies into `&LocalData` (the
 *    pointer variable itself, not the allocation) and writes
 *    `LocalData.Size` (a member of a void pointer): typed as a
 *    StructWithData pointer, copying into the allocation, with `->`;
 *  - the allocation is checked, and sized for at least the header so the
 *    final Size store stays inside it.
 * This file must stay sparse-clean: every user access is a UMA call.
 */
#include "sys/wdm.h"

typedef struct _StructWithData {
	ULONG Size;
	CHAR *Data[1];
} StructWithData;

NTSTATUS SeedUmaSysCall(StructWithData __user *Ptr);

NTSTATUS SeedUmaSysCall(StructWithData __user *Ptr)
{
	StructWithData *volatile LocalData = NULL;
	volatile NTSTATUS status = STATUS_SUCCESS;   /* set after a longjmp: volatile (seh.h) */

	__try {
		// This UMA call probes the passed user-mode memory and does a
		// volatile read of Ptr->Size to ensure it isn't optimized away by the compiler.
		ULONG LocalSize = ReadULongFromUser(&Ptr->Size);

		// Allocate memory in the kernel
		SIZE_T AllocSize = LocalSize < sizeof(StructWithData) ? sizeof(StructWithData) : LocalSize;
		LocalData = ExAllocatePool2(POOL_FLAG_PAGED, AllocSize, 'amuS');
		if (!LocalData)
			return STATUS_NO_MEMORY;

		//This UMA call safely copies UM data into the KM heap allocation.
		CopyFromUser(LocalData, Ptr, LocalSize);

		// To be safe, set LocalData.Size to be LocalSize, which was the value used
		// to make the pool allocation just in case LocalData.Size was changed.
		LocalData->Size = LocalSize;
	} __except (UmaExceptionFilter(UserMode)) {
		status = GetExceptionCode();
	}
	ExFreePool(LocalData);
	return status;
}
