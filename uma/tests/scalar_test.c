/*
 * uma/tests/scalar_test.c - the 174 scalar accessors: exact round trips of
 * every width and alignment, and every bad-pointer class raising
 * STATUS_ACCESS_VIOLATION without touching kernel memory.
 */
#include "uma/tests/uma_test.h"
#include "kmalloc.h"

/* A value of type T whose bytes are seed, seed+1, ... (all distinct). */
#define PATTERN(T, v, seed) do { uint8_t b_[sizeof(T)];                        \
	for (unsigned i_ = 0; i_ < sizeof(T); i_++) b_[i_] = (uint8_t)((seed) + i_);   \
	memcpy(&(v), b_, sizeof(T)); } while (0)

/* Do the bytes at k equal those of v, with the guard bytes around intact? */
static bool bytes_are(const uint8_t *k, const void *v, size_t n, uint8_t guard)
{
	return !memcmp(k, v, n) && k[-1] == guard && k[n] == guard;
}

/*
 * For one type: write with each writer, read back with each reader, at an
 * aligned offset, two misaligned ones and the last bytes of the page.
 * Returns the number of mismatches (printed as they happen).
 */
#define ROUND_TRIP(N, T)                                                                  \
static unsigned round_trip_##N(uint8_t __user *page)                                     \
{                                                                                        \
	const unsigned offs[] = { 8, 9, 8 + 3, PAGE_SIZE - 1 - sizeof(T) };               \
	uint8_t *k = ktest_user_kaddr(page);                                              \
	unsigned bad = 0;                                                                 \
	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {                                 \
		volatile T __user *p = (volatile T __user *)(page + offs[i]);             \
		T v, w, got[4];                                                           \
		PATTERN(T, v, 0x31 + i);                                                  \
		PATTERN(T, w, 0x91 + i);                                                  \
		memset(k, 0xee, PAGE_SIZE);                                               \
		if (UMA_CATCH(Write##N##ToUser(p, v)) != OK ||                            \
		    !bytes_are(k + offs[i], &v, sizeof(T), 0xee)) bad++;                  \
		if (UMA_CATCH(got[0] = Read##N##FromUser(p);                              \
			      got[1] = Read##N##FromUserAcquire(p);                       \
			      got[2] = Read##N##FromMode(p, UserMode)) != OK ||           \
		    memcmp(&got[0], &v, sizeof(T)) || memcmp(&got[1], &v, sizeof(T)) ||   \
		    memcmp(&got[2], &v, sizeof(T))) bad++;                                \
		if (UMA_CATCH(Write##N##ToUserRelease(p, w)) != OK ||                     \
		    !bytes_are(k + offs[i], &w, sizeof(T), 0xee)) bad++;                  \
		if (UMA_CATCH(Write##N##ToMode(p, v, UserMode)) != OK ||                  \
		    !bytes_are(k + offs[i], &v, sizeof(T), 0xee)) bad++;                  \
		/* KernelMode: the same calls on the kernel's own memory */               \
		T kv = w;                                                                 \
		Write##N##ToMode((volatile T __user *)AS_USER(&kv), v, KernelMode);       \
		got[3] = Read##N##FromMode((volatile T __user *)AS_USER(&kv), KernelMode);\
		if (memcmp(&kv, &v, sizeof(T)) || memcmp(&got[3], &v, sizeof(T))) bad++; \
	}                                                                                 \
	if (bad)                                                                          \
		kprintf("# %s: %u mismatches\n", #N, bad);                                \
	return bad;                                                                       \
}
UMA_SCALAR_TYPES(ROUND_TRIP)

KTEST(uma_scalar_round_trips_every_type)
{
	uint8_t __user *page = ktest_user_map(1, VM_READ | VM_WRITE);
	unsigned bad = 0;
#define RUN_ROUND_TRIP(N, T) bad += round_trip_##N(page);
	UMA_SCALAR_TYPES(RUN_ROUND_TRIP)
	KEXPECT_EQ(bad, 0);
}

/*
 * Every accessor of every type against every bad address: each must raise
 * STATUS_ACCESS_VIOLATION, and the kernel memory named must be unchanged.
 */
#define BAD_POINTERS(N, T)                                                                \
static unsigned bad_pointers_##N(const struct bad_ptr *bp, int n)                         \
{                                                                                         \
	unsigned wrong = 0;                                                               \
	for (int i = 0; i < n; i++) {                                                     \
		volatile T __user *p = (volatile T __user *)bp[i].addr;                   \
		T v;                                                                      \
		PATTERN(T, v, 0x40);                                                      \
		NTSTATUS st[6] = {                                                        \
			UMA_CATCH(Read##N##FromUser(p)),                                  \
			UMA_CATCH(Read##N##FromUserAcquire(p)),                           \
			UMA_CATCH(Read##N##FromMode(p, UserMode)),                        \
			UMA_CATCH(Write##N##ToUser(p, v)),                                \
			UMA_CATCH(Write##N##ToUserRelease(p, v)),                         \
			UMA_CATCH(Write##N##ToMode(p, v, UserMode)) };                    \
		for (int k = 0; k < 6; k++)                                               \
			if (st[k] != AV) {                                                \
				kprintf("# %s accessor %d on %s (%p): status %#x\n", #N, k, \
					bp[i].what, (void *)bp[i].addr, (unsigned)st[k]); \
				wrong++;                                                  \
			}                                                                 \
	}                                                                                 \
	return wrong;                                                                     \
}
UMA_SCALAR_TYPES(BAD_POINTERS)

KTEST(uma_scalar_rejects_kernel_and_bad_addresses)
{
	uint8_t *heap = kmalloc(64);
	volatile uint8_t stack_bytes[64];
	struct bad_ptr bp[UMA_MAX_BAD];
	uint8_t heap_before[64], stack_before[64], text_before[16];

	KASSERT(heap != NULL);
	memset(heap, 0xa5, 64);
	for (int i = 0; i < 64; i++)
		stack_bytes[i] = (uint8_t)i;
	memcpy(heap_before, heap, 64);
	memcpy(stack_before, (void *)stack_bytes, 64);
	memcpy(text_before, (void *)ReadULongFromUser, 16);
	void __user *page = ktest_user_map(1, VM_READ | VM_WRITE);
	int n = uma_bad_pointers(bp, heap, (void *)stack_bytes, (uintptr_t)page);

	unsigned wrong = 0;
#define RUN_BAD(N, T) wrong += bad_pointers_##N(bp, n);
	UMA_SCALAR_TYPES(RUN_BAD)
	KEXPECT_EQ(wrong, 0);
	KEXPECT(!memcmp(heap, heap_before, 64));
	KEXPECT(!memcmp((void *)stack_bytes, stack_before, 64));
	KEXPECT(!memcmp((void *)ReadULongFromUser, text_before, 16));
	kfree(heap);
}

KTEST(uma_scalar_unmapped_readonly_and_crossing)
{
	uint8_t __user *rw = ktest_user_map(1, VM_READ | VM_WRITE);   /* next page unmapped */
	uint8_t __user *ro = ktest_user_map(1, VM_READ);
	uint8_t __user *none = ktest_user_map(1, 0);                   /* PROT_NONE hole */
	uint8_t *rok = ktest_user_kaddr(ro);

	rok[0] = 0x5c;
	KEXPECT_EQ(UMA_CATCH(ReadULongFromUser(NULL)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULongToUser(NULL, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(none)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteUCharToUser(none, 1)), AV);
	/* read-only: reads fine, every write width refused, content unchanged */
	KEXPECT_EQ(UMA_CATCH(KEXPECT_EQ(ReadUCharFromUser(ro), 0x5c)), OK);
	KEXPECT_EQ(UMA_CATCH(WriteUCharToUser(ro, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteUShortToUser((USHORT __user *)ro, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULongToUser((ULONG __user *)ro, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULong64ToUser((ULONG64 __user *)ro, 1)), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULongToUserRelease((ULONG __user *)ro, 1)), AV);
	KEXPECT_EQ(rok[0], 0x5c);
	/* the last byte of the value lies on the unmapped page after rw */
	uint8_t __user *end = rw + PAGE_SIZE;
	KEXPECT_EQ(UMA_CATCH(ReadULongFromUser((ULONG __user *)(end - 3))), AV);
	KEXPECT_EQ(UMA_CATCH(ReadULong64FromUser((ULONG64 __user *)(end - 1))), AV);
	KEXPECT_EQ(UMA_CATCH(ReadUShortFromUserAcquire((USHORT __user *)(end - 1))), AV);
	KEXPECT_EQ(UMA_CATCH(WriteULong64ToUser((ULONG64 __user *)(end - 7), 1)), AV);
	/* ... while the value that just fits is fine */
	KEXPECT_EQ(UMA_CATCH(ReadULong64FromUser((ULONG64 __user *)(end - 8))), OK);
}

KTEST(uma_scalar_top_of_user_space)
{
	/* Map the very last user page: accesses ending at USER_VA_LIMIT work,
	 * one byte further is refused by the range check. */
	uintptr_t last = USER_VA_LIMIT - PAGE_SIZE;
	uint8_t __user *p = ktest_user_map_at(last, 1, VM_READ | VM_WRITE);

	KEXPECT_EQ(UMA_CATCH(WriteULong64ToUser((ULONG64 __user *)(p + PAGE_SIZE - 8), 7)), OK);
	KEXPECT_EQ(*(uint64_t *)((uint8_t *)ktest_user_kaddr(p) + PAGE_SIZE - 8), 7);
	for (unsigned k = 1; k < 8; k++)
		KEXPECT_EQ(UMA_CATCH(ReadULong64FromUser((ULONG64 __user *)(p + PAGE_SIZE - 8 + k))), AV);
	KEXPECT_EQ(UMA_CATCH(ReadUCharFromUser(p + PAGE_SIZE - 1)), OK);
}

KTEST(uma_generic_front_ends_pick_by_type)
{
	uint8_t __user *page = ktest_user_map(1, VM_READ | VM_WRITE);
	ULONG __user *pu = (ULONG __user *)page;
	SHORT __user *ps = (SHORT __user *)(page + 8);
	PVOID __user *pp = (PVOID __user *)(page + 16);
	ULONG u = 0;
	SHORT s = 0;
	PVOID ptr = NULL;
	ULONG kmode = 0;

	KEXPECT_EQ(UMA_CATCH(WriteToUser(pu, 0xdeadbeefu); WriteToUser(ps, (SHORT)-2);
			     WriteToUser(pp, (__force PVOID)page);
			     u = ReadFromUser(pu); s = ReadFromUser(ps); ptr = ReadFromUser(pp)), OK);
	KEXPECT_EQ(u, 0xdeadbeefu);
	KEXPECT_EQ(s, -2);
	KEXPECT(ptr == (__force PVOID)page);
	WriteToMode((ULONG __user *)AS_USER(&kmode), 9u, KernelMode);
	KEXPECT_EQ(ReadFromMode((ULONG __user *)AS_USER(&kmode), KernelMode), 9);
	KEXPECT_EQ(UMA_CATCH(ReadFromMode(pu, UserMode)), OK);
}
