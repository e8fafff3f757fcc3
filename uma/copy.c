/*
 * uma/copy.c - copies between kernel and user memory, and fills.
 * A copy's user source is one fetch for the double-fetch detector
 * (doublefetch.h), recorded whole once its range has been checked. The
 * kernel bytes a copy to user memory wrote are checked for poison by the
 * info-leak detector (infoleak.h) once they went out.
 */
#include "uma/uma_internal.h"
#include "uma/doublefetch.h"
#include "uma/infoleak.h"
#include "base/string.h"
#include "base/lab.h"

/*
 * User to kernel. If anything goes wrong the kernel bytes that were not
 * copied are zeroed before the exception is raised, so a caller that
 * carries on with the buffer never sees stale kernel data (Linux does the
 * same in copy_from_user). A Length larger than all of user space cannot
 * describe a real buffer: it is refused before anything is written.
 */
UMA_TEXT void CopyFromUser(void *Destination, const void __user *Source, SIZE_T Length)
{
	if (unlikely(Length > USER_VA_LIMIT))
		uma_raise(STATUS_ACCESS_VIOLATION, (uintptr_t)Source);
	if (unlikely(!uma_range_ok(Source, Length))) {
		// LAB copy BEGIN: a refused source: the kernel buffer must not keep what it held
		memset(Destination, 0, Length);
		// LAB copy STUB
		// LAB_MISSING("copy", "CopyFromUser: zero the destination when the source range is refused");
		// LAB copy END
		uma_raise(STATUS_ACCESS_VIOLATION, (uintptr_t)Source);
	}
	Source = uma_mask_ptr(Source);          /* Spectre v1 (uma_internal.h) */
	df_read(Source, Length, DF_SITE);
	size_t left = arch_copy_from_user(Destination, Source, Length);
	if (unlikely(left)) {
		// LAB copy BEGIN: a copy that faulted: zero the bytes of the kernel buffer that were not copied
		memset((char *)Destination + (Length - left), 0, left);
		// LAB copy STUB
		// LAB_MISSING("copy", "CopyFromUser: zero the rest of the kernel buffer after a fault");
		// LAB copy END
		uma_raise_fault();
	}
}

UMA_TEXT void CopyToUser(void __user *Destination, const void *Source, SIZE_T Length)
{
	uma_check_range(Destination, Length);
	size_t left = arch_copy_to_user(Destination, Source, Length);
	il_copy_out(Source, Destination, Length - left, IL_SITE);   /* the bytes that went out */
	if (unlikely(left))
		uma_raise_fault();
}

UMA_TEXT void CopyToUserFromUser(void __user *Destination, const void __user *Source, SIZE_T Length)
{
	uma_check_range(Source, Length);
	uma_check_range(Destination, Length);
	df_read(Source, Length, DF_SITE);
	if (unlikely(arch_copy_in_user(Destination, Source, Length)))
		uma_raise_fault();
}

/*
 * memmove between two user ranges. Forward copying is right unless the
 * destination starts inside the source; then we go backwards, a chunk at
 * a time through a small kernel buffer (the arch primitive only copies
 * forward).
 */
UMA_TEXT void MoveToUserFromUser(void __user *Destination, const void __user *Source, SIZE_T Length)
{
	uintptr_t d = (uintptr_t)Destination, s = (uintptr_t)Source;
	char bounce[256];

	uma_check_range(Source, Length);
	uma_check_range(Destination, Length);
	df_read(Source, Length, DF_SITE);          /* once, even when done in chunks */
	if (d <= s || d >= s + Length) {
		if (unlikely(arch_copy_in_user(Destination, Source, Length)))
			uma_raise_fault();
		return;
	}
	for (size_t end = Length; end > 0; ) {
		size_t n = end < sizeof(bounce) ? end : sizeof(bounce);
		end -= n;
		if (unlikely(arch_copy_from_user(bounce, (const char __user *)Source + end, n) ||
			     arch_copy_to_user((char __user *)Destination + end, bounce, n)))
			uma_raise_fault();
	}
}

void CopyFromMode(void *Destination, const void __user *Source, SIZE_T Length, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode) {
		CopyFromUser(Destination, Source, Length);
		return;
	}
	uma_check_kernel_pointer(Source);
	memcpy(Destination, UMA_KERNEL_PTR(Source), Length);
}

void CopyToMode(void __user *Destination, const void *Source, SIZE_T Length, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode) {
		CopyToUser(Destination, Source, Length);
		return;
	}
	uma_check_kernel_pointer(Destination);
	memcpy(UMA_KERNEL_PTR(Destination), Source, Length);
}

/* Source is always user memory; Mode says where Destination lives. */
void CopyFromUserToMode(void __user *Destination, const void __user *Source, SIZE_T Length, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode) {
		CopyToUserFromUser(Destination, Source, Length);
		return;
	}
	uma_check_kernel_pointer(Destination);
	CopyFromUser(UMA_KERNEL_PTR(Destination), Source, Length);
}

/* --- aligned forms: the alignment is checked before any byte moves ----- */

void CopyFromUserAligned(void *Destination, const void __user *Source, SIZE_T Length, SIZE_T Alignment)
{
	uma_check_align(Source, Alignment);
	CopyFromUser(Destination, Source, Length);
}

void CopyToUserAligned(void __user *Destination, const void *Source, SIZE_T Length, SIZE_T Alignment)
{
	uma_check_align(Destination, Alignment);
	CopyToUser(Destination, Source, Length);
}

void CopyFromModeAligned(void *Destination, const void __user *Source, SIZE_T Length, SIZE_T Alignment, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		uma_check_align(Source, Alignment);
	CopyFromMode(Destination, Source, Length, Mode);
}

void CopyToModeAligned(void __user *Destination, const void *Source, SIZE_T Length, SIZE_T Alignment, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		uma_check_align(Destination, Alignment);
	CopyToMode(Destination, Source, Length, Mode);
}

/* --- fill ------------------------------------------------------------- */

UMA_TEXT void FillUserMemory(void __user *Destination, SIZE_T Length, UCHAR Fill)
{
	uma_check_range(Destination, Length);
	if (unlikely(arch_fill_user(Destination, Fill, Length)))
		uma_raise_fault();
}

void ZeroUserMemory(void __user *Destination, SIZE_T Length)
{
	FillUserMemory(Destination, Length, 0);
}

void SetUserMemory(void __user *Destination, UCHAR Fill, SIZE_T Length)
{
	FillUserMemory(Destination, Length, Fill);
}

void FillModeMemory(void __user *Destination, SIZE_T Length, UCHAR Fill, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode) {
		FillUserMemory(Destination, Length, Fill);
		return;
	}
	uma_check_kernel_pointer(Destination);
	memset(UMA_KERNEL_PTR(Destination), Fill, Length);
}

void ZeroModeMemory(void __user *Destination, SIZE_T Length, KPROCESSOR_MODE Mode)
{
	FillModeMemory(Destination, Length, 0, Mode);
}

void SetModeMemory(void __user *Destination, UCHAR Fill, SIZE_T Length, KPROCESSOR_MODE Mode)
{
	FillModeMemory(Destination, Length, Fill, Mode);
}
