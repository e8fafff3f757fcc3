/* uma/string.c - string lengths in user memory. */
#include "uma/uma_internal.h"
#include "uma/doublefetch.h"
#include "base/string.h"
#include "base/lab.h"

/*
 * The search may run up to the end of user space and no further: a string
 * with no terminator before USER_VA_LIMIT is as bad as one running into an
 * unmapped page, and both raise STATUS_ACCESS_VIOLATION.
 * The double-fetch detector (doublefetch.h) learns the bytes scanned,
 * terminator included: a later copy of the string reads them again.
 */
UMA_TEXT SIZE_T StringLengthFromUser(const CHAR __user *String)
{
	uma_check_range(String, 1);
	size_t max = USER_VA_LIMIT - (uintptr_t)String;
	long n = arch_strnlen_user(String, max);
	if (n < 0)
		uma_raise_fault();
	// LAB copy BEGIN: no terminator before the end of user space: that is a bad string too
	if ((size_t)n == max)
		uma_raise(STATUS_ACCESS_VIOLATION, USER_VA_LIMIT);
	// LAB copy STUB
	// if ((size_t)n == max)
	// 	LAB_MISSING("copy", "StringLengthFromUser: a string that runs to the end of user space");
	// LAB copy END
	df_read(String, n + 1, DF_SITE);
	return n;
}

UMA_TEXT SIZE_T WideStringLengthFromUser(const WCHAR __user *String)
{
	uma_check_range(String, sizeof(WCHAR));
	size_t max = (USER_VA_LIMIT - (uintptr_t)String) / sizeof(WCHAR);
	long n = arch_wcsnlen_user(String, max);
	if (n < 0)
		uma_raise_fault();
	// LAB copy BEGIN: the same for a wide string
	if ((size_t)n == max)
		uma_raise(STATUS_ACCESS_VIOLATION, USER_VA_LIMIT);
	// LAB copy STUB
	// if ((size_t)n == max)
	// 	LAB_MISSING("copy", "WideStringLengthFromUser: a string that runs to the end of user space");
	// LAB copy END
	df_read(String, (n + 1) * sizeof(WCHAR), DF_SITE);
	return n;
}

SIZE_T StringLengthFromMode(const CHAR __user *String, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		return StringLengthFromUser(String);
	uma_check_kernel_pointer(String);
	return strlen(UMA_KERNEL_PTR(String));
}

SIZE_T WideStringLengthFromMode(const WCHAR __user *String, KPROCESSOR_MODE Mode)
{
	if (Mode == UserMode)
		return WideStringLengthFromUser(String);
	uma_check_kernel_pointer(String);
	const WCHAR *s = UMA_KERNEL_PTR(String);
	SIZE_T n = 0;
	while (s[n])
		n++;
	return n;
}
