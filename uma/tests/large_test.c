/* uma/tests/large_test.c - LARGE_INTEGER, ULARGE_INTEGER, UNICODE_STRING. */
#include "uma/tests/uma_test.h"

KTEST(uma_large_integers_round_trip)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	LARGE_INTEGER __user *pl = (LARGE_INTEGER __user *)u;
	ULARGE_INTEGER __user *pu = (ULARGE_INTEGER __user *)(u + 8);
	LARGE_INTEGER l = { .QuadPart = -5 }, l2;
	ULARGE_INTEGER q = { .QuadPart = 0x8000000000000001ull }, q2;

	KEXPECT_EQ(UMA_CATCH(WriteLargeIntegerToUser(pl, l); WriteULargeIntegerToUser(pu, q);
			     l2 = ReadLargeIntegerFromUser(pl); q2 = ReadULargeIntegerFromUser(pu)), OK);
	KEXPECT_EQ(l2.QuadPart, -5);
	KEXPECT_EQ(l2.HighPart, -1);
	KEXPECT_EQ(q2.QuadPart, 0x8000000000000001ull);
	KEXPECT_EQ(*(uint64_t *)ktest_user_kaddr(pu), 0x8000000000000001ull);
	KEXPECT_EQ(UMA_CATCH(l2 = ReadLargeIntegerFromMode(pl, UserMode);
			     WriteULargeIntegerToMode(pu, q, UserMode);
			     q2 = ReadULargeIntegerFromMode(pu, UserMode)), OK);
	LARGE_INTEGER k = { .QuadPart = 0 };
	WriteLargeIntegerToMode((LARGE_INTEGER __user *)AS_USER(&k), l, KernelMode);
	KEXPECT_EQ(ReadLargeIntegerFromMode((LARGE_INTEGER __user *)AS_USER(&k), KernelMode).QuadPart, -5);
	KEXPECT_EQ(UMA_CATCH(ReadLargeIntegerFromUser((LARGE_INTEGER __user *)(u + PAGE_SIZE - 4))), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULargeIntegerToUser((ULARGE_INTEGER __user *)AS_USER(&k), q)), AV);
	KEXPECT_EQ(k.QuadPart, -5);
}

KTEST(uma_unicode_string_write_leaks_no_padding)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	UNICODE_STRING __user *us = (UNICODE_STRING __user *)u;
	UNICODE_STRING s, r;

	/* a kernel value whose padding bytes hold a "secret" */
	memset(&s, 0x5e, sizeof(s));
	s.Length = 10;
	s.MaximumLength = 32;
	s.Buffer = (PWCH)0x7f0000001000ull;
	memset(uk, 0xaa, 32);
	KEXPECT_EQ(UMA_CATCH(WriteUnicodeStringToUser(us, s)), OK);
	KEXPECT_EQ(*(uint16_t *)uk, 10);
	KEXPECT_EQ(*(uint16_t *)(uk + 2), 32);
	for (int i = 4; i < 8; i++)
		KEXPECT_EQ(uk[i], 0xaa);          /* padding never written */
	KEXPECT_EQ(*(uint64_t *)(uk + 8), 0x7f0000001000ull);
	KEXPECT_EQ(uk[16], 0xaa);
	KEXPECT_EQ(UMA_CATCH(r = ReadUnicodeStringFromUser(us)), OK);
	KEXPECT(r.Length == 10 && r.MaximumLength == 32 && r.Buffer == s.Buffer);
	KEXPECT_EQ(UMA_CATCH(r = ReadUnicodeStringFromMode(us, UserMode);
			     WriteUnicodeStringToMode(us, r, UserMode)), OK);
	UNICODE_STRING k;
	memset(&k, 0, sizeof(k));
	WriteUnicodeStringToMode((UNICODE_STRING __user *)AS_USER(&k), s, KernelMode);
	KEXPECT(k.Length == 10 && k.Buffer == s.Buffer);
	KEXPECT_EQ(ReadUnicodeStringFromMode((UNICODE_STRING __user *)AS_USER(&k), KernelMode).MaximumLength, 32);
	KEXPECT_EQ(UMA_CATCH(WriteUnicodeStringToUser((UNICODE_STRING __user *)(u + PAGE_SIZE - 8), s)), AV);
}
