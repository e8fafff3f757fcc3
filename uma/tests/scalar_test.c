/*
 * uma/tests/scalar_test.c - the 174 scalar accessors: exact round trips of
 * every width and alignment, and every bad-pointer class raising
 * STATUS_ACCESS_VIOLATION without touching kernel memory.
 */
#include "uma/tests/uma_test.h"
#include "kmalloc.h"
#include "base/ksym.h"      /* the uaccess lab: which function faulted */
#include "uma/extable.h"
#include "uma/uma_thread.h"

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

/* ------------------------------------------------------------------------
 * The uaccess lab (docs/labs/02-uaccess.md): what only a real scalar
 * primitive does. Each accessor's one user access is its own instruction,
 * inside the accessor, with its own exception-table entry: so a fault is
 * taken *in the accessor* (uma_current->fault_pc, named by the kernel's
 * symbol table), never in a shared copy loop it calls. And one
 * instruction that faults has no effect at all: a value straddling into
 * an unmapped page is not half-written.
 */

/* Did the last fault happen inside the function that starts at fn, on a
 * listed instruction? Says where it did happen if not. */
static bool faulted_in(const char *what, void *fn, unsigned *printed)
{
	uint64_t pc = uma_current->fault_pc, off = 0;
	const char *name = "?";

	if (ksym_lookup(pc, &name, &off) && pc - off == (uintptr_t)fn && extable_search(pc))
		return true;
	if ((*printed)++ < 6)
		kprintf("# %s: expected the fault inside %s on its own __ex_table entry, "
			"got pc %#lx = %s+%#lx%s\n", what, what, pc, name, off,
			extable_search(pc) ? "" : " (not listed)");
	return false;
}

#define FAULT_SITE(fn, call) do {                                                       \
	uma_current->fault_pc = 0;                                                      \
	if (UMA_CATCH(call) != AV) {                                                    \
		if (printed++ < 6)                                              \
			kprintf("# %s on the unmapped page: no STATUS_ACCESS_VIOLATION\n", #fn); \
		bad++;                                                                  \
	} else if (!faulted_in(#fn, (void *)fn, &printed))                              \
		bad++;                                                                  \
} while (0)

KTEST(uaccess_reads_fault_in_their_accessor)
{
	uint8_t __user *hole = (uint8_t __user *)ktest_user_map(1, VM_READ | VM_WRITE) + PAGE_SIZE;
	unsigned bad = 0, printed = 0;

#define READS_FAULT(N, T)                                                               \
	FAULT_SITE(Read##N##FromUser, Read##N##FromUser((volatile T __user *)hole));    \
	FAULT_SITE(Read##N##FromUserAcquire, Read##N##FromUserAcquire((volatile T __user *)hole)); \
	FAULT_SITE(Read##N##FromMode, Read##N##FromMode((volatile T __user *)hole, UserMode));
	UMA_SCALAR_TYPES(READS_FAULT)
	KEXPECT_EQ(bad, 0);
}

KTEST(uaccess_writes_fault_in_their_accessor)
{
	uint8_t __user *hole = (uint8_t __user *)ktest_user_map(1, VM_READ | VM_WRITE) + PAGE_SIZE;
	unsigned bad = 0, printed = 0;

#define WRITES_FAULT(N, T)                                                              \
	FAULT_SITE(Write##N##ToUser, Write##N##ToUser((volatile T __user *)hole, (T)0)); \
	FAULT_SITE(Write##N##ToUserRelease, Write##N##ToUserRelease((volatile T __user *)hole, (T)0)); \
	FAULT_SITE(Write##N##ToMode, Write##N##ToMode((volatile T __user *)hole, (T)0, UserMode));
	UMA_SCALAR_TYPES(WRITES_FAULT)
	KEXPECT_EQ(bad, 0);
}

/*
 * A store of w bytes whose first k lie on the last mapped bytes of a page
 * and the rest on the unmapped page after it: one instruction, so it
 * faults before it writes anything (Intel SDM Vol.3 6.5: a fault is
 * reported before the instruction has any effect; on ARM64 QEMU checks
 * both pages of a misaligned STTR before it writes, Arm ARM B2.2.2 would
 * let real hardware write part of it). Loads: the exception, no value.
 */
static unsigned straddle(uint8_t __user *end, unsigned w, unsigned k, unsigned form)
{
	uint8_t *kb = ktest_user_kaddr(end - 16);
	void __user *p = end - k;
	NTSTATUS st = OK;

	memset(kb, 0x5a, 16);
	switch (w * 4 + form) {
	case 2 * 4 + 0: st = UMA_CATCH(WriteUShortToUser(p, 0xa1a2)); break;
	case 2 * 4 + 1: st = UMA_CATCH(WriteUShortToUserRelease(p, 0xa1a2)); break;
	case 2 * 4 + 2: st = UMA_CATCH(WriteUShortToMode(p, 0xa1a2, UserMode)); break;
	case 2 * 4 + 3: st = UMA_CATCH(ReadUShortFromUser(p)); break;
	case 4 * 4 + 0: st = UMA_CATCH(WriteULongToUser(p, 0xa1a2a3a4)); break;
	case 4 * 4 + 1: st = UMA_CATCH(WriteULongToUserRelease(p, 0xa1a2a3a4)); break;
	case 4 * 4 + 2: st = UMA_CATCH(WriteULongToMode(p, 0xa1a2a3a4, UserMode)); break;
	case 4 * 4 + 3: st = UMA_CATCH(ReadULongFromUserAcquire(p)); break;
	case 8 * 4 + 0: st = UMA_CATCH(WriteULong64ToUser(p, 0xa1a2a3a4a5a6a7a8ull)); break;
	case 8 * 4 + 1: st = UMA_CATCH(WriteULong64ToUserRelease(p, 0xa1a2a3a4a5a6a7a8ull)); break;
	case 8 * 4 + 2: st = UMA_CATCH(WriteULong64ToMode(p, 0xa1a2a3a4a5a6a7a8ull, UserMode)); break;
	case 8 * 4 + 3: st = UMA_CATCH(ReadULong64FromMode(p, UserMode)); break;
	}
	unsigned changed = 0;
	for (unsigned i = 0; i < 16; i++)
		changed += kb[i] != 0x5a;
	if (st != AV || changed) {
		kprintf("# %u-byte %s with %u byte%s before the unmapped page: status %#x "
			"(expected %#x), %u byte%s of the mapped page changed (expected 0)\n",
			w, form == 3 ? "load" : "store", k, k == 1 ? "" : "s", (unsigned)st,
			(unsigned)AV, changed, changed == 1 ? "" : "s");
		return 1;
	}
	return 0;
}

KTEST(uaccess_straddling_access_touches_nothing)
{
	uint8_t __user *end = (uint8_t __user *)ktest_user_map(1, VM_READ | VM_WRITE) + PAGE_SIZE;
	static const unsigned widths[] = { 2, 4, 8 };
	unsigned bad = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(widths); i++)
		for (unsigned k = 1; k < widths[i]; k++)
			for (unsigned form = 0; form < 4; form++)
				bad += straddle(end, widths[i], k, form);
	KEXPECT_EQ(bad, 0);
}
