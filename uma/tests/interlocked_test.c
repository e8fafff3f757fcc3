/* uma/tests/interlocked_test.c - atomics on user memory return the old value. */
#include "uma/tests/uma_test.h"

KTEST(uma_interlocked_results)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	LONG __user *p32 = (LONG __user *)u;
	LONG64 __user *p64 = (LONG64 __user *)(u + 8);
	int32_t *k32 = ktest_user_kaddr(p32);
	int64_t *k64 = ktest_user_kaddr(p64);
	LONG r32 = 0;
	LONG64 r64 = 0;

	*k32 = 5;
	KEXPECT_EQ(UMA_CATCH(r32 = InterlockedCompareExchangeToUser(p32, 9, 5)), OK);
	KEXPECT(r32 == 5 && *k32 == 9);                 /* matched: swapped */
	KEXPECT_EQ(UMA_CATCH(r32 = InterlockedCompareExchangeToUser(p32, 1, 5)), OK);
	KEXPECT(r32 == 9 && *k32 == 9);                 /* no match: unchanged */
	KEXPECT_EQ(UMA_CATCH(r32 = InterlockedOrToUser(p32, 0x30)), OK);
	KEXPECT(r32 == 9 && *k32 == 0x39);
	KEXPECT_EQ(UMA_CATCH(r32 = InterlockedAndToUser(p32, 0x0f)), OK);
	KEXPECT(r32 == 0x39 && *k32 == 9);

	*k64 = 0x100000000ll;
	KEXPECT_EQ(UMA_CATCH(r64 = InterlockedCompareExchange64ToUser(p64, -1, 0x100000000ll)), OK);
	KEXPECT(r64 == 0x100000000ll && *k64 == -1);
	KEXPECT_EQ(UMA_CATCH(r64 = InterlockedAnd64ToUser(p64, 0xff00000000ll)), OK);
	KEXPECT(r64 == -1 && *k64 == 0xff00000000ll);
	KEXPECT_EQ(UMA_CATCH(r64 = InterlockedOr64ToUser(p64, 1)), OK);
	KEXPECT(r64 == 0xff00000000ll && *k64 == 0xff00000001ll);
	KEXPECT_EQ(UMA_CATCH(r64 = InterlockedOr64ToMode(p64, 2, UserMode)), OK);
	KEXPECT_EQ(*k64, 0xff00000003ll);
	KEXPECT_EQ(UMA_CATCH(r32 = InterlockedCompareExchangeToMode(p32, 4, 9, UserMode)), OK);
	KEXPECT_EQ(*k32, 4);
}

KTEST(uma_interlocked_faults_and_misalignment)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t __user *ro = ktest_user_map(1, VM_READ);
	int32_t *rok = ktest_user_kaddr(ro);
	static LONG kernel_word = 77;

	*rok = 3;
	KEXPECT_EQ(UMA_CATCH(InterlockedCompareExchangeToUser((LONG __user *)ro, 1, 3)), AV);
	KEXPECT_EQ(UMA_CATCH(InterlockedOrToUser((LONG __user *)ro, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(InterlockedAnd64ToUser((LONG64 __user *)ro, 0)), AV);
	KEXPECT_EQ(*rok, 3);
	KEXPECT_EQ(UMA_CATCH(InterlockedOrToUser((LONG __user *)(u + 2), 1)), MIS);
	KEXPECT_EQ(UMA_CATCH(InterlockedCompareExchange64ToUser((LONG64 __user *)(u + 4), 1, 0)), MIS);
	KEXPECT_EQ(UMA_CATCH(InterlockedOrToUser((LONG __user *)(u + PAGE_SIZE), 1)), AV);
	KEXPECT_EQ(UMA_CATCH(InterlockedOrToUser((LONG __user *)AS_USER(&kernel_word), 1)), AV);
	KEXPECT_EQ(kernel_word, 77);
	KEXPECT_EQ(UMA_CATCH(InterlockedAndToUser(NULL, 0)), AV);
	/* KernelMode: plain kernel atomics */
	KEXPECT_EQ(InterlockedOrToMode((LONG __user *)AS_USER(&kernel_word), 0x100, KernelMode), 77);
	KEXPECT_EQ(InterlockedAndToMode((LONG __user *)AS_USER(&kernel_word), 0xff, KernelMode), 77 | 0x100);
	KEXPECT_EQ(InterlockedCompareExchangeToMode((LONG __user *)AS_USER(&kernel_word), 1, 77, KernelMode), 77);
	KEXPECT_EQ(kernel_word, 1);
	static LONG64 kw64 = 8;
	KEXPECT_EQ(InterlockedCompareExchange64ToMode((LONG64 __user *)AS_USER(&kw64), 9, 8, KernelMode), 8);
	KEXPECT_EQ(InterlockedOr64ToMode((LONG64 __user *)AS_USER(&kw64), 16, KernelMode), 9);
	KEXPECT_EQ(InterlockedAnd64ToMode((LONG64 __user *)AS_USER(&kw64), 16, KernelMode), 25);
	KEXPECT_EQ(kw64, 16);
}
