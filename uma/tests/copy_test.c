/* uma/tests/copy_test.c - copies, moves, aligned forms, struct macros and fills. */
#include "uma/tests/uma_test.h"
#include "kmalloc.h"
#include "arch/uaccess.h"   /* arch_uaccess_describe: the copy flavour, for the copy lab */

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
		KEXPECT_EQ(UMA_CATCH(CopyFromUser(kbuf, p, 16)), AV);   /* kbuf: copy_refused_source_zeroes_the_buffer */
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

/* ------------------------------------------------------------------------
 * The copy lab (docs/labs/04-copy.md): exact semantics at a fault, in the
 * style of Linux's lib/usercopy_kunit.c. A user range whose first k bytes
 * are the last k of a mapped page and whose rest lies on the unmapped page
 * after it: every k from 0 to EDGE and every length that crosses, with the
 * kernel buffer equally aligned (ARM64 then copies words) and one byte off
 * (bytes only). The arch primitive must return exactly the bytes not
 * copied (Linux's copy_from_user contract; uaccess.S), and the UMA call on
 * top must raise and leave exactly the bytes before the hole copied. Each
 * case prints what it expected and what it got; the first few failures
 * are shown. They go through the copy flavour this CPU runs (the boot
 * line "uma: ... copy: ..." names it).
 */
#define EDGE 40

static uint8_t edge_seed(size_t i) { return (uint8_t)(0x41 + i * 11); }

/* The user page's last EDGE bytes hold the pattern; returns its end. */
static uint8_t __user *edge_page(void)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *k = ktest_user_kaddr(u);

	for (size_t i = 0; i < PAGE_SIZE; i++)
		k[i] = edge_seed(i);
	return u + PAGE_SIZE;
}

enum edge_check { ARRIVED, ZEROED };

/* CopyFromUser of n bytes from end - k into buf + m: must raise; then
 * either the k bytes before the hole arrived, or the rest [k, n) is zero
 * and nothing past n changed. Returns 1 on a mismatch. */
static unsigned from_user_case(uint8_t __user *end, size_t k, size_t n, size_t m,
			       enum edge_check what, unsigned *printed)
{
	static uint8_t buf[2 * EDGE + 32] __aligned(16);
	uint8_t *dst = buf + m;
	size_t first = PAGE_SIZE - k;           /* page offset of the range */
	NTSTATUS st;

	if (what == ARRIVED) {       /* the arch primitive's count: exactly the bytes past the hole */
		size_t left = arch_copy_from_user(dst, end - k, n);
		if (left != n - k) {
			if ((*printed)++ < 6)
				kprintf("# arch_copy_from_user(%lu bytes, the first %lu before the unmapped "
					"page, kernel buffer misaligned by %lu against it): %lu bytes not copied, expected %lu\n",
					n, k, ((uintptr_t)dst ^ (uintptr_t)(end - k)) & 7, left, n - k);
			return 1;
		}
	}
	memset(buf, 0xcc, sizeof(buf));
	st = UMA_CATCH(CopyFromUser(dst, end - k, n));
	for (size_t i = 0; i < n + 1; i++) {
		int want;
		if (i == n)
			want = 0xcc;                    /* never past Length */
		else if (i < k)
			want = what == ARRIVED ? edge_seed(first + i) : -1;
		else
			want = what == ZEROED ? 0 : -1;
		if (st == AV && (want < 0 || dst[i] == want))
			continue;
		if ((*printed)++ < 6)
			kprintf("# CopyFromUser(%lu bytes, the first %lu before the unmapped page, "
				"kernel buffer misaligned by %lu against it): status %#x (expected %#x); byte %lu is %#x, "
				"expected %#x\n", n, k, ((uintptr_t)dst ^ (uintptr_t)(end - k)) & 7,
				(unsigned)st, (unsigned)AV, i, dst[i], want < 0 ? dst[i] : want);
		return 1;
	}
	return 0;
}

static void from_user_edges(enum edge_check what)
{
	uint8_t __user *end = edge_page();
	unsigned bad = 0, printed = 0;

	for (size_t k = 0; k <= EDGE; k++)
		for (size_t n = k + 1; n <= k + EDGE; n++) {
			bad += from_user_case(end, k, n, (8 - k % 8) % 8, what, &printed);  /* equally aligned */
			bad += from_user_case(end, k, n, (9 - k % 8) % 8, what, &printed);  /* one byte off */
		}
	if (bad)
		kprintf("# copy flavour: %s\n", arch_uaccess_describe());
	KEXPECT_EQ(bad, 0);
}

/* Step 1/2 of the handout: the fault tail in uaccess.S. */
KTEST(copy_from_user_partial_page)
{
	from_user_edges(ARRIVED);
}

/* Step 3: CopyFromUser zeroes what was not copied. */
KTEST(copy_from_user_zeroes_the_rest)
{
	from_user_edges(ZEROED);
}

/* CopyToUser of n bytes to end - k: must raise, the k bytes before the
 * hole hold the source, the bytes before the range are untouched. */
static unsigned to_user_case(uint8_t __user *end, size_t k, size_t n, size_t m, unsigned *printed)
{
	static uint8_t buf[2 * EDGE + 32] __aligned(16);
	uint8_t *src = buf + m, *page = (uint8_t *)ktest_user_kaddr(end - 1) + 1;
	NTSTATUS st;

	for (size_t i = 0; i < n; i++)
		src[i] = (uint8_t)(0x80 + i * 3);
	size_t left = arch_copy_to_user(end - k, src, n);
	if (left != n - k) {         /* the arch primitive's count: exactly the bytes past the hole */
		if ((*printed)++ < 6)
			kprintf("# arch_copy_to_user(%lu bytes, the first %lu before the unmapped page, "
				"kernel buffer misaligned by %lu against it): %lu bytes not copied, expected %lu\n", n, k,
				((uintptr_t)src ^ (uintptr_t)(end - k)) & 7, left, n - k);
		return 1;
	}
	memset(page - EDGE - 8, 0xee, EDGE + 8);
	st = UMA_CATCH(CopyToUser(end - k, src, n));
	for (size_t i = 0; i < EDGE + 8; i++) {
		size_t at = EDGE + 8 - i;             /* bytes before the end of the page */
		int want = at <= k ? (uint8_t)(0x80 + (k - at) * 3) : 0xee;
		uint8_t got = page[-(long)at];
		if (st == AV && got == want)
			continue;
		if ((*printed)++ < 6)
			kprintf("# CopyToUser(%lu bytes, the first %lu before the unmapped page, "
				"kernel buffer misaligned by %lu against it): status %#x (expected %#x); the byte %lu before "
				"the hole is %#x, expected %#x\n", n, k,
				((uintptr_t)src ^ (uintptr_t)(end - k)) & 7, (unsigned)st,
				(unsigned)AV, at, got, want);
		return 1;
	}
	return 0;
}

/* Step 1/2: a failed write writes exactly up to the fault. */
KTEST(copy_to_user_partial_page)
{
	uint8_t __user *end = edge_page();
	unsigned bad = 0, printed = 0;

	for (size_t k = 0; k <= EDGE; k++)
		for (size_t n = k + 1; n <= k + EDGE; n++) {
			bad += to_user_case(end, k, n, (8 - k % 8) % 8, &printed);
			bad += to_user_case(end, k, n, (9 - k % 8) % 8, &printed);
		}
	if (bad)
		kprintf("# copy flavour: %s\n", arch_uaccess_describe());
	KEXPECT_EQ(bad, 0);
}

/* Step 3: a source that is not user memory at all (kernel text, data,
 * heap, stack, past user space, non-canonical, tagged) is refused before
 * any byte moves, and the destination holds zeros, not what it held. */
KTEST(copy_refused_source_zeroes_the_buffer)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t kbuf[32], *heap = kmalloc(32);
	struct bad_ptr bp[UMA_MAX_BAD];
	int n = uma_bad_pointers(bp, heap, kbuf, (uintptr_t)u);
	unsigned bad = 0;

	KASSERT(heap != NULL);
	for (int i = 0; i < n; i++) {
		memset(kbuf, 0x99, sizeof(kbuf));
		NTSTATUS st = UMA_CATCH(CopyFromUser(kbuf, (void __user *)bp[i].addr, 16));
		unsigned nonzero = 0;
		for (int b = 0; b < 16; b++)
			nonzero += kbuf[b] != 0;
		if (st != AV || nonzero || kbuf[16] != 0x99) {
			kprintf("# CopyFromUser from %s (%#lx): status %#x (expected %#x), %u of 16 "
				"bytes not zeroed (expected 0), byte 16 = %#x (expected 0x99)\n",
				bp[i].what, bp[i].addr, (unsigned)st, (unsigned)AV, nonzero, kbuf[16]);
			bad++;
		}
	}
	KEXPECT_EQ(bad, 0);
	kfree(heap);
}

/* Step 3: a read that faults on its first byte leaves all zeros. */
KTEST(copy_failed_read_leaves_zero)
{
	uint8_t __user *none = ktest_user_map(1, 0);             /* PROT_NONE */
	uint8_t __user *hole = (uint8_t __user *)ktest_user_map(1, VM_READ) + PAGE_SIZE;
	static const size_t sizes[] = { 1, 7, 8, 64, 300 };
	static uint8_t kbuf[400];
	unsigned bad = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
		for (int which = 0; which < 2; which++) {
			size_t n = sizes[i], nonzero = 0;
			memset(kbuf, 0x77, sizeof(kbuf));
			NTSTATUS st = UMA_CATCH(CopyFromUser(kbuf, which ? hole : none, n));
			for (size_t b = 0; b < n; b++)
				nonzero += kbuf[b] != 0;
			if (st != AV || nonzero || kbuf[n] != 0x77) {
				kprintf("# CopyFromUser(%lu bytes) from %s: status %#x (expected %#x), "
					"%lu bytes not zeroed (expected 0), byte %lu = %#x (expected 0x77)\n",
					n, which ? "an unmapped page" : "a PROT_NONE page", (unsigned)st,
					(unsigned)AV, nonzero, n, kbuf[n]);
				bad++;
			}
		}
	KEXPECT_EQ(bad, 0);
}

/* Step 4: a string with no terminator before the end of user space is a
 * bad string, even when the last page of user space is mapped; one whose
 * NUL is the very last byte of user space is fine. */
KTEST(copy_string_length_at_the_top_of_user_space)
{
	char __user *top = ktest_user_map_at(USER_VA_LIMIT - PAGE_SIZE, 1, VM_READ | VM_WRITE);
	char *topk = ktest_user_kaddr(top);
	WCHAR __user *wtop = (WCHAR __user *)top;
	SIZE_T n = 12345;
	NTSTATUS st;

	memset(topk, 'y', PAGE_SIZE);
	st = UMA_CATCH(n = StringLengthFromUser(top + 100));
	if (st != AV)
		kprintf("# StringLengthFromUser: no NUL before USER_VA_LIMIT: status %#x, length %lu; "
			"expected status %#x\n", (unsigned)st, n, (unsigned)AV);
	KEXPECT_EQ(st, AV);
	st = UMA_CATCH(n = WideStringLengthFromUser(wtop + 50));
	if (st != AV)
		kprintf("# WideStringLengthFromUser: no NUL before USER_VA_LIMIT: status %#x, length %lu; "
			"expected status %#x\n", (unsigned)st, n, (unsigned)AV);
	KEXPECT_EQ(st, AV);
	topk[PAGE_SIZE - 1] = 0;
	KEXPECT_EQ(UMA_CATCH(n = StringLengthFromUser(top + 100)), OK);
	KEXPECT_EQ(n, PAGE_SIZE - 101);
	topk[PAGE_SIZE - 2] = 0;                 /* the last WCHAR of user space is 0 */
	KEXPECT_EQ(UMA_CATCH(n = WideStringLengthFromUser(wtop + 50)), OK);
	KEXPECT_EQ(n, PAGE_SIZE / 2 - 51);
}
