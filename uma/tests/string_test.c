/* uma/tests/string_test.c - string lengths up to the last mapped byte and no further. */
#include "uma/tests/uma_test.h"

KTEST(uma_string_length_basic_and_at_the_edge)
{
	char __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	char *uk = ktest_user_kaddr(u);
	SIZE_T n = 99;

	strlcpy(uk, "hello", 16);
	KEXPECT_EQ(UMA_CATCH(n = StringLengthFromUser(u)), OK);
	KEXPECT_EQ(n, 5);
	uk[100] = 0;
	KEXPECT_EQ(UMA_CATCH(n = StringLengthFromUser(u + 100)), OK);
	KEXPECT_EQ(n, 0);
	/* the NUL is the very last mapped byte: fine */
	memset(uk, 'x', PAGE_SIZE);
	uk[PAGE_SIZE - 1] = 0;
	KEXPECT_EQ(UMA_CATCH(n = StringLengthFromUser(u + 10)), OK);
	KEXPECT_EQ(n, PAGE_SIZE - 11);
	/* no NUL before the unmapped page: raise, whatever the start */
	uk[PAGE_SIZE - 1] = 'x';
	KEXPECT_EQ(UMA_CATCH(StringLengthFromUser(u)), AV);
	KEXPECT_EQ(UMA_CATCH(StringLengthFromUser(u + PAGE_SIZE - 1)), AV);
	KEXPECT_EQ(UMA_CATCH(StringLengthFromMode(u + 7, UserMode)), AV);
	KEXPECT_EQ(UMA_CATCH(StringLengthFromUser(NULL)), AV);
	KEXPECT_EQ(StringLengthFromMode((const CHAR __user *)AS_USER("kernel"), KernelMode), 6);
}

/* The top of user space: copy_string_length_at_the_top_of_user_space
 * (copy_test.c, the copy lab's). */
KTEST(uma_string_length_rejects_kernel_strings)
{
	static const char kstr[] = "a kernel string";

	KEXPECT_EQ(UMA_CATCH(StringLengthFromUser((const CHAR __user *)AS_USER(kstr))), AV);
	KEXPECT_EQ(UMA_CATCH(WideStringLengthFromUser((const WCHAR __user *)AS_USER(kstr))), AV);
}

KTEST(uma_wide_string_length)
{
	WCHAR __user *u = (WCHAR __user *)ktest_user_map(1, VM_READ | VM_WRITE);
	WCHAR *uk = ktest_user_kaddr(u);
	const size_t units = PAGE_SIZE / sizeof(WCHAR);
	SIZE_T n = 0;

	for (size_t i = 0; i < units; i++)
		uk[i] = 0x4100 + (i & 0xff);   /* no zero unit, and no zero byte pair */
	uk[20] = 0;
	KEXPECT_EQ(UMA_CATCH(n = WideStringLengthFromUser(u + 3)), OK);
	KEXPECT_EQ(n, 17);
	uk[units - 1] = 0;                 /* terminator in the last unit */
	KEXPECT_EQ(UMA_CATCH(n = WideStringLengthFromUser(u + 21)), OK);
	KEXPECT_EQ(n, units - 22);
	uk[units - 1] = 0x4141;
	KEXPECT_EQ(UMA_CATCH(WideStringLengthFromUser(u + 21)), AV);
	KEXPECT_EQ(UMA_CATCH(WideStringLengthFromMode(u + 21, UserMode)), AV);
	static const WCHAR kw[] = { 'o', 'k', 0 };
	KEXPECT_EQ(WideStringLengthFromMode((const WCHAR __user *)AS_USER(kw), KernelMode), 2);
}
