/* uma/tests/copy_test.c - copies, moves, aligned forms, struct macros and fills. */
#include "uma/tests/uma_test.h"
#include "kmalloc.h"

static void fill_pattern(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

KTEST(uma_copy_round_trips_sizes_and_alignments)
{
	const size_t sizes[] = { 0, 1, 7, 8, 15, 64, 100, 4096, 5000 };
	uint8_t __user *u = ktest_user_map(3, VM_READ | VM_WRITE);
	uint8_t *src = kmalloc(6000), *dst = kmalloc(6000);
	unsigned bad = 0;

	KASSERT(src && dst);
	for (unsigned si = 0; si < ARRAY_SIZE(sizes); si++)
		for (unsigned off = 0; off < 4; off++) {
			size_t n = sizes[si];
			fill_pattern(src, n, (uint8_t)(si * 16 + off));
			memset(dst, 0x11, n + 1);
			if (UMA_CATCH(CopyToUser(u + off, src, n); CopyFromUser(dst, u + off, n)) != OK ||
			    memcmp(src, dst, n) || dst[n] != 0x11)
				bad++;
		}
	KEXPECT_EQ(bad, 0);
	kfree(src);
	kfree(dst);
}

/* A copy whose end runs into the unmapped page after the buffer: the bytes
 * before the hole arrive, the rest of the kernel buffer is zeroed. */
KTEST(uma_copy_from_user_straddling_zeroes_the_rest)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	uint8_t dst[64];

	fill_pattern(uk, PAGE_SIZE, 3);
	for (size_t valid = 0; valid < 40; valid += 5) {
		memset(dst, 0xcc, sizeof(dst));
		const uint8_t __user *from = u + PAGE_SIZE - valid;
		KEXPECT_EQ(UMA_CATCH(CopyFromUser(dst, from, 48)), AV);
		KEXPECT(!memcmp(dst, uk + PAGE_SIZE - valid, valid));
		bool zero = true;
		for (size_t i = valid; i < 48; i++)
			zero &= dst[i] == 0;
		KEXPECT(zero);
		KEXPECT_EQ(dst[48], 0xcc);          /* nothing past Length */
	}
}

KTEST(uma_copy_to_user_straddling_stops_at_the_hole)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	uint8_t src[64];

	fill_pattern(src, sizeof(src), 9);
	memset(uk, 0, PAGE_SIZE);
	KEXPECT_EQ(UMA_CATCH(CopyToUser(u + PAGE_SIZE - 10, src, 64)), AV);
	KEXPECT(!memcmp(uk + PAGE_SIZE - 10, src, 10));   /* up to the hole */
	KEXPECT_EQ(uk[PAGE_SIZE - 11], 0);                 /* nothing before */
}

KTEST(uma_copy_rejects_bad_ranges_before_touching_anything)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t kbuf[32], *heap = kmalloc(32);
	struct bad_ptr bp[UMA_MAX_BAD];
	int n = uma_bad_pointers(bp, heap, kbuf, (uintptr_t)u);

	KASSERT(heap != NULL);
	memset(heap, 0x77, 32);
	for (int i = 0; i < n; i++) {
		void __user *p = (void __user *)bp[i].addr;
		memset(kbuf, 0x99, sizeof(kbuf));
		KEXPECT_EQ(UMA_CATCH(CopyFromUser(kbuf, p, 16)), AV);
		KEXPECT_EQ(kbuf[0], 0);            /* zeroed, not stale */
		KEXPECT_EQ(kbuf[16], 0x99);        /* and not past Length */
		KEXPECT_EQ(UMA_CATCH(CopyToUser(p, kbuf, 16)), AV);
		KEXPECT_EQ(UMA_CATCH(CopyToUserFromUser(p, u, 16)), AV);
		KEXPECT_EQ(UMA_CATCH(CopyToUserFromUser(u, p, 16)), AV);
		KEXPECT_EQ(UMA_CATCH(FillUserMemory(p, 16, 0)), AV);
	}
	for (int i = 0; i < 32; i++)
		KEXPECT_EQ(heap[i], 0x77);
	/* lengths that wrap the address space or exceed it */
	KEXPECT_EQ(UMA_CATCH(CopyToUser(u, kbuf, ~0ul)), AV);
	KEXPECT_EQ(UMA_CATCH(CopyToUser(u, kbuf, ~0ul - (uintptr_t)u + 2)), AV);
	memset(kbuf, 0x99, sizeof(kbuf));
	KEXPECT_EQ(UMA_CATCH(CopyFromUser(kbuf, u, ~0ul)), AV);
	KEXPECT_EQ(kbuf[0], 0x99);                 /* refused before writing */
	KEXPECT_EQ(UMA_CATCH(CopyToUserFromUser(u, u, USER_VA_LIMIT)), AV);
	KEXPECT_EQ(UMA_CATCH(FillUserMemory(u, ~0ul, 1)), AV);
	kfree(heap);
}

KTEST(uma_copy_user_to_user_and_move_overlapping)
{
	uint8_t __user *u = ktest_user_map(2, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	uint8_t *uk2 = ktest_user_kaddr(u + PAGE_SIZE);
	uint8_t want[600];

	fill_pattern(uk, PAGE_SIZE, 1);
	KEXPECT_EQ(UMA_CATCH(CopyToUserFromUser(u + PAGE_SIZE, u, 300)), OK);
	KEXPECT(!memcmp(uk2, uk, 300));

	/* forward overlap (destination below source) */
	fill_pattern(uk, 1000, 5);
	memcpy(want, uk + 100, 600);
	KEXPECT_EQ(UMA_CATCH(MoveToUserFromUser(u + 50, u + 100, 600)), OK);
	KEXPECT(!memcmp(uk + 50, want, 600));
	/* backward overlap (destination inside source): needs the reverse copy */
	fill_pattern(uk, 1000, 7);
	memcpy(want, uk, 600);
	KEXPECT_EQ(UMA_CATCH(MoveToUserFromUser(u + 3, u, 600)), OK);
	KEXPECT(!memcmp(uk + 3, want, 600));
	/* a move across into an unmapped page raises */
	uint8_t __user *v = ktest_user_map(1, VM_READ | VM_WRITE);
	KEXPECT_EQ(UMA_CATCH(MoveToUserFromUser(v + 8, v, PAGE_SIZE)), AV);
}

KTEST(uma_copy_aligned_checks_before_any_byte_moves)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	uint8_t kbuf[32];

	memset(uk, 0x42, 64);
	memset(kbuf, 0x13, sizeof(kbuf));
	KEXPECT_EQ(UMA_CATCH(CopyFromUserAligned(kbuf, u + 2, 16, 4)), MIS);
	KEXPECT_EQ(kbuf[0], 0x13);                 /* untouched */
	KEXPECT_EQ(UMA_CATCH(CopyToUserAligned(u + 4, kbuf, 16, 8)), MIS);
	KEXPECT_EQ(uk[4], 0x42);
	KEXPECT_EQ(UMA_CATCH(CopyFromModeAligned(kbuf, u + 1, 4, 2, UserMode)), MIS);
	KEXPECT_EQ(UMA_CATCH(CopyToModeAligned(u + 6, kbuf, 4, 4, UserMode)), MIS);
	KEXPECT_EQ(UMA_CATCH(CopyFromUserAligned(kbuf, u + 8, 16, 8)), OK);
	KEXPECT_EQ(kbuf[0], 0x42);
	KEXPECT_EQ(UMA_CATCH(CopyToUserAligned(u + 16, kbuf, 8, 16)), OK);
}

struct point { int32_t x, y; uint64_t tag; };

KTEST(uma_struct_macros_copy_the_kernel_type)
{
	struct point __user *up = (struct point __user *)ktest_user_map(1, VM_READ | VM_WRITE);
	struct point a = { 1, -2, 0x1122334455667788ull }, b = { 0, 0, 0 };

	KEXPECT_EQ(UMA_CATCH(WriteStructToUser(up, &a); ReadStructFromUser(&b, up)), OK);
	KEXPECT(!memcmp(&a, &b, sizeof(a)));
	KEXPECT_EQ(UMA_CATCH(WriteStructToUserAligned(up, &a, 8); ReadStructFromUserAligned(&b, up, 8)), OK);
	struct point __user *up4 = (struct point __user *)((char __user *)up + 4);
	/* The Alignment argument decides, not the type: 4 accepts up+4, 8 does not. */
	KEXPECT_EQ(UMA_CATCH(ReadStructFromUserAligned(&b, up4, 8)), MIS);
	KEXPECT_EQ(UMA_CATCH(WriteStructToUserAligned(up4, &a, 8)), MIS);
	KEXPECT_EQ(UMA_CATCH(WriteStructToUserAligned(up4, &a, 4)), OK);
	memset(&b, 0, sizeof(b));
	KEXPECT_EQ(UMA_CATCH(ReadStructFromUserAligned(&b, up4, 4)), OK);
	KEXPECT(!memcmp(&a, &b, sizeof(a)));
	/* Page-aligned, as a driver may require for a shared buffer. */
	KEXPECT_EQ(UMA_CATCH(ReadStructFromUserAligned(&b, up, PAGE_SIZE)), OK);
	KEXPECT_EQ(UMA_CATCH(ReadStructFromModeAligned(&b, up4, UserMode, 8)), MIS);
	KEXPECT_EQ(UMA_CATCH(WriteStructToModeAligned(up4, &a, UserMode, 8)), MIS);
	KEXPECT_EQ(UMA_CATCH(ReadStructFromModeAligned(&b, up, UserMode, 16)), OK);
	struct point k = { 0, 0, 0 };
	WriteStructToMode((struct point __user *)AS_USER(&k), &a, KernelMode);
	KEXPECT_EQ(k.tag, a.tag);
	ReadStructFromMode(&b, (struct point __user *)AS_USER(&k), KernelMode);
	KEXPECT_EQ(b.y, -2);
	memset(&k, 0, sizeof(k));
	WriteStructToModeAligned((struct point __user *)AS_USER(&k), &a, KernelMode, 8);
	KEXPECT_EQ(k.tag, a.tag);
	memset(&b, 0, sizeof(b));
	ReadStructFromModeAligned(&b, (struct point __user *)AS_USER(&k), KernelMode, 8);
	KEXPECT_EQ(b.tag, a.tag);
	/* ReadStructFromUser(&b, (int __user *)up) would not compile:
	 * UMA_SAME_TYPE_SIZE's static assertion rejects mismatched types. */
}

KTEST(uma_fill_zero_set)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);

	memset(uk, 0x55, 256);
	KEXPECT_EQ(UMA_CATCH(FillUserMemory(u + 1, 100, 0xab)), OK);
	KEXPECT(uk[0] == 0x55 && uk[1] == 0xab && uk[100] == 0xab && uk[101] == 0x55);
	KEXPECT_EQ(UMA_CATCH(ZeroUserMemory(u + 10, 5)), OK);
	KEXPECT(uk[9] == 0xab && uk[10] == 0 && uk[14] == 0 && uk[15] == 0xab);
	KEXPECT_EQ(UMA_CATCH(SetUserMemory(u + 200, 0x7e, 3)), OK);
	KEXPECT(uk[199] == 0x55 && uk[200] == 0x7e && uk[202] == 0x7e && uk[203] == 0x55);
	KEXPECT_EQ(UMA_CATCH(FillUserMemory(u + PAGE_SIZE - 4, 8, 1)), AV);
	KEXPECT(uk[PAGE_SIZE - 4] == 1 && uk[PAGE_SIZE - 1] == 1);   /* up to the hole */
	uint8_t k[8] = { 0 };
	FillModeMemory((void __user *)AS_USER(k), 4, 0x3c, KernelMode);
	ZeroModeMemory((void __user *)AS_USER(k), 1, KernelMode);
	SetModeMemory((void __user *)AS_USER(k + 4), 0x21, 2, KernelMode);
	KEXPECT(k[0] == 0 && k[3] == 0x3c && k[4] == 0x21 && k[5] == 0x21 && k[6] == 0);
}

KTEST(uma_copy_mode_variants)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *uk = ktest_user_kaddr(u);
	uint8_t a[16], b[16];

	fill_pattern(a, 16, 0x20);
	KEXPECT_EQ(UMA_CATCH(CopyToMode(u, a, 16, UserMode)), OK);
	KEXPECT(!memcmp(uk, a, 16));
	KEXPECT_EQ(UMA_CATCH(CopyFromMode(b, u, 16, UserMode)), OK);
	KEXPECT(!memcmp(b, a, 16));
	memset(b, 0, 16);
	CopyToMode((void __user *)AS_USER(b), a, 16, KernelMode);
	KEXPECT(!memcmp(b, a, 16));
	memset(b, 0, 16);
	CopyFromMode(b, (void __user *)AS_USER(a), 16, KernelMode);
	KEXPECT(!memcmp(b, a, 16));
	/* user source, destination in user or kernel memory by Mode */
	KEXPECT_EQ(UMA_CATCH(CopyFromUserToMode(u + 100, u, 16, UserMode)), OK);
	KEXPECT(!memcmp(uk + 100, a, 16));
	memset(b, 0, 16);
	KEXPECT_EQ(UMA_CATCH(CopyFromUserToMode((void __user *)AS_USER(b), u, 16, KernelMode)), OK);
	KEXPECT(!memcmp(b, a, 16));
	KEXPECT_EQ(UMA_CATCH(CopyFromMode(b, NULL, 16, UserMode)), AV);
	KEXPECT_EQ(UMA_CATCH(CopyFromUserNonTemporal(b, u, 16); CopyToUserNonTemporal(u, b, 16)), OK);
}
