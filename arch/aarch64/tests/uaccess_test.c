/*
 * arch/aarch64/tests/uaccess_test.c - self-tests for the ARM64 user-memory
 * primitives (asm/uaccess.h, uaccess.S) and for PAN / PXN (pan.c, trap.c).
 *
 * The primitives are called through small wrappers placed in .text.uaccess
 * (where tools/check-uaccess.py expects every table entry to point), so
 * the inline scalar ones are tested exactly as uma/ inlines them.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "base/string.h"
#include "base/printk.h"
#include "thread.h"
#include "vm.h"
#include "arch/uaccess.h"
#include "uma/uma_internal.h"   /* uma_range_ok */
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"
#include "uma/extable.h"

#define UACCESS_FN static __attribute__((noinline, section(".text.uaccess")))

#define WRAP(N)                                                                         \
UACCESS_FN bool t_ld##N(const void __user *p, uint##N##_t *v) { return arch_uload##N(p, v); } \
UACCESS_FN bool t_lda##N(const void __user *p, uint##N##_t *v) { return arch_uload##N##_acquire(p, v); } \
UACCESS_FN bool t_st##N(void __user *p, uint##N##_t v) { return arch_ustore##N(p, v); }       \
UACCESS_FN bool t_stl##N(void __user *p, uint##N##_t v) { return arch_ustore##N##_release(p, v); }
WRAP(8)
WRAP(16)
WRAP(32)
WRAP(64)

static uint64_t kernel_var = 0x1122334455667788ull;    /* .data: EL1-only page */

static uint8_t *kaddr(const void __user *u) { return ktest_user_kaddr(u); }
static void __user *uadd(void __user *u, long off) { return (char __user *)u + off; }

/* SCTLR_EL1.A = 0 lets LDTR/STTR be misaligned on Normal memory. */
static bool misaligned_ok(void) { return !(read_sysreg(sctlr_el1) & 2); }

static bool pan_bit(void) { return cpu_pan_level && (read_sysreg(SYS_PAN) & PSTATE_PAN); }
/* After every interlocked call, faulted or not: the window is closed. */
#define PAN_KEPT() KEXPECT_EQ(pan_bit(), arch_user_access_protected())

/* ------------------------------------------------------------- scalars */

/* Store v (w bytes) at u+off with plain / release, check the bytes around,
 * load it back with plain / acquire. */
static void scalar_case(void __user *u, unsigned w, unsigned off, uint64_t v, bool ordered)
{
	uint8_t *k = kaddr(u);
	void __user *p = uadd(u, off);
	uint64_t mask = w == 8 ? ~0ull : (1ull << (8 * w)) - 1, got = 0;
	bool ok = false;

	v &= mask;
	memset(k, 0xee, 64);
	switch (w) {
	case 1: ok = ordered ? t_stl8(p, v) : t_st8(p, v); break;
	case 2: ok = ordered ? t_stl16(p, v) : t_st16(p, v); break;
	case 4: ok = ordered ? t_stl32(p, v) : t_st32(p, v); break;
	case 8: ok = ordered ? t_stl64(p, v) : t_st64(p, v); break;
	}
	KEXPECT(ok);
	for (unsigned i = 0; i < 64; i++)      /* little-endian, nothing else touched */
		KEXPECT_EQ(k[i], i >= off && i < off + w ? (v >> (8 * (i - off))) & 0xff : 0xee);
	switch (w) {
	case 1: { uint8_t x; ok = ordered ? t_lda8(p, &x) : t_ld8(p, &x); got = x; break; }
	case 2: { uint16_t x; ok = ordered ? t_lda16(p, &x) : t_ld16(p, &x); got = x; break; }
	case 4: { uint32_t x; ok = ordered ? t_lda32(p, &x) : t_ld32(p, &x); got = x; break; }
	case 8: { uint64_t x; ok = ordered ? t_lda64(p, &x) : t_ld64(p, &x); got = x; break; }
	}
	KEXPECT(ok);
	KEXPECT_EQ(got, v);
}

KTEST(aarch64_uaccess_scalar_widths)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	static const unsigned widths[] = { 1, 2, 4, 8 };

	kprintf("# SCTLR_EL1.A=%d: misaligned cases %s\n", !misaligned_ok(),
		misaligned_ok() ? "included" : "skipped (alignment checking on)");

	for (unsigned i = 0; i < 4; i++)
		for (unsigned off = 0; off < 16; off++) {
			unsigned w = widths[i];
			if (off % w && !misaligned_ok())
				continue;
			scalar_case(u, w, off, 0x8877665544332211ull + off, false);
			scalar_case(u, w, off, 0xf0e1d2c3b4a59687ull - off, true);
		}
	/* Zero is stored from xzr/wzr ("rZ"): still exactly w bytes. */
	scalar_case(u, 8, 8, 0, false);
	scalar_case(u, 2, 6, 0, true);
}

/* The last bytes of a page and the unmapped page after it. */
KTEST(aarch64_uaccess_scalar_faults)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void __user *end = uadd(u, PAGE_SIZE);
	uint64_t v = 0x1234;
	uint8_t b = 0x56;

	KEXPECT(t_st8(uadd(end, -1), 0x7f));
	KEXPECT(t_ld8(uadd(end, -1), &b) && b == 0x7f);
	KEXPECT(!t_ld8(end, &b) && b == 0x7f);            /* *val untouched on failure */
	KEXPECT(!t_st64(end, 1) && !t_stl32(end, 1) && !t_lda16(end, (uint16_t *)&v));
	KEXPECT(!t_ld64(end, &v) && v == 0x1234);
	KEXPECT_EQ(uma_current->fault_addr, (uint64_t)end);
	KEXPECT(!t_ld32(NULL, (uint32_t *)&v));          /* page 0 is never mapped */
}

/* ------------------------------------------------- kernel and tagged pointers */

/* LDTR/STTR check EL0 permissions: a kernel address faults even though
 * nothing checked the range (uma/ would have refused it first). */
KTEST(aarch64_uaccess_kernel_pointer_faults)
{
	uint64_t v = 0, stack_var = 42;
	uint8_t buf[16];
	const void __user *kdata = (const void __user __force *)&kernel_var;

	KEXPECT(!t_ld64(kdata, &v));
	KEXPECT_EQ(v, 0);
	KEXPECT_EQ(uma_current->fault_addr, (uint64_t)&kernel_var);
	KEXPECT(!t_lda8(kdata, (uint8_t *)&v));
	KEXPECT(!t_st64((void __user __force *)&kernel_var, 0));
	KEXPECT(!t_stl32((void __user __force *)&kernel_var, 0));
	KEXPECT(!t_st8((void __user __force *)&stack_var, 0));
	KEXPECT(!t_ld32((const void __user __force *)arch_breakpoint, (uint32_t *)&v));
	KEXPECT_EQ(kernel_var, 0x1122334455667788ull);
	KEXPECT_EQ(stack_var, 42);

	memset(buf, 0xaa, sizeof(buf));
	KEXPECT_EQ(arch_copy_from_user(buf, kdata, 16), 16);
	KEXPECT_EQ(buf[0], 0xaa);
	KEXPECT_EQ(arch_copy_to_user((void __user __force *)&kernel_var, buf, 8), 8);
	KEXPECT_EQ(arch_fill_user((void __user __force *)&kernel_var, 0, 8), 8);
	KEXPECT_EQ(arch_strnlen_user((const char __user __force *)"kernel", 10), -1);
	KEXPECT_EQ(kernel_var, 0x1122334455667788ull);
}

/* TBI0 = 0: a top-byte-tagged pointer to a mapped user page is simply not
 * a user address, so the MMU faults it (uma_range_ok rejects it too). */
KTEST(aarch64_uaccess_tagged_pointer_faults)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void __user *tagged = (void __user *)((uintptr_t)u | (0x5aull << 56));
	uint64_t v = 0;

	*(uint64_t *)kaddr(u) = 0xfeedfacecafebeefull;
	KEXPECT(t_ld64(u, &v) && v == 0xfeedfacecafebeefull);
	v = 0;
	KEXPECT(!t_ld64(tagged, &v) && v == 0);
	KEXPECT(!t_st64(tagged, 1));
	KEXPECT_EQ(arch_copy_from_user(&v, tagged, 8), 8);
	KEXPECT_EQ(*(uint64_t *)kaddr(u), 0xfeedfacecafebeefull);
	KEXPECT(!uma_range_ok(tagged, 1));
}

/* ----------------------------------------------------- copies across a hole */

/* Offsets from the end of the mapped page where a range starts. */
static const unsigned tails[] = { 0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 24, 31, 64, 100 };

enum op { FROM, TO, IN_SRC, IN_DST, FILL };

/*
 * One case: a range of n bytes whose first k bytes are the last k of a
 * mapped user page, the rest in the unmapped page after it; the kernel
 * buffer (or the other user page) is at alignment m. Checks the count
 * not done and every byte on both sides.
 */
static void straddle_case(enum op op, void __user *a, void __user *b, unsigned k, unsigned m, unsigned n)
{
	static uint8_t kbuf[256] __aligned(16);
	uint8_t *ka = kaddr(a), *kb = kaddr(b);
	uint8_t *near = ka + PAGE_SIZE - k;                  /* kernel view of the straddling range */
	void __user *edge = uadd(a, PAGE_SIZE - k);
	uint8_t *other = op == FROM || op == TO ? kbuf + m : kb + m;
	void __user *uother = uadd(b, m);
	size_t left = 0;
	unsigned done = k < n ? k : n;

	memset(ka + PAGE_SIZE - 128, 0x55, 128);
	for (unsigned i = 0; i < k; i++)
		near[i] = (uint8_t)(i * 7 + k);
	memset(kbuf, 0xaa, sizeof(kbuf));
	memset(kb, 0xaa, 256);
	for (unsigned i = 0; i < n; i++)
		if (op == TO || op == IN_DST)
			other[i] = (uint8_t)(i * 13 + 1);

	switch (op) {
	case FROM:   left = arch_copy_from_user(other, edge, n); break;
	case TO:     left = arch_copy_to_user(edge, other, n); break;
	case IN_SRC: left = arch_copy_in_user(uother, edge, n); break;
	case IN_DST: left = arch_copy_in_user(edge, uother, n); break;
	case FILL:   left = arch_fill_user(edge, 0x5a, n); break;
	}
	KEXPECT_EQ(left, n - done);
	if (op == FROM || op == IN_SRC) {       /* user page -> other: k bytes arrived */
		for (unsigned i = 0; i < 256 - m; i++)
			if (other[i] != (i < done ? (uint8_t)(i * 7 + k) : 0xaa)) {
				KEXPECT_EQ(other[i], i < done ? (uint8_t)(i * 7 + k) : 0xaa);
				break;
			}
	} else {                                /* other -> user page: k bytes written */
		for (unsigned i = 0; i < 128; i++) {
			uint8_t *p = ka + PAGE_SIZE - 128 + i;
			long j = p - near;              /* index in the range */
			uint8_t want;
			if (j < 0)
				want = 0x55;                        /* before it */
			else if (j < done)
				want = op == FILL ? 0x5a : (uint8_t)(j * 13 + 1);   /* written */
			else
				want = (uint8_t)(j * 7 + k);        /* beyond n: as it was */
			if (*p != want) {
				KEXPECT_EQ(*p, want);
				break;
			}
		}
	}
}

static void straddle_all(enum op op)
{
	void __user *a = ktest_user_map(1, VM_READ | VM_WRITE);
	void __user *b = ktest_user_map(1, VM_READ | VM_WRITE);

	for (unsigned t = 0; t < ARRAY_SIZE(tails); t++)
		for (unsigned m = 0; m < 8; m++) {
			straddle_case(op, a, b, tails[t], m, tails[t] + 40);   /* crosses */
			straddle_case(op, a, b, tails[t], m, tails[t] / 2);    /* fits */
		}
}

KTEST(aarch64_uaccess_copy_from_user_straddle) { straddle_all(FROM); }
KTEST(aarch64_uaccess_copy_to_user_straddle)   { straddle_all(TO); }
KTEST(aarch64_uaccess_copy_in_user_straddle)   { straddle_all(IN_SRC); straddle_all(IN_DST); }
KTEST(aarch64_uaccess_fill_user_straddle)      { straddle_all(FILL); }

/* A read-only page as a store target: nothing changes, everything fails. */
KTEST(aarch64_uaccess_readonly_page)
{
	void __user *r = ktest_user_map(1, VM_READ);
	uint8_t *k = kaddr(r), buf[32] = { 1, 2, 3 };
	uint32_t v = 0, old = 0;

	memset(k, 0x33, 64);
	KEXPECT(t_ld32(r, &v) && v == 0x33333333);
	KEXPECT(!t_st32(r, 0) && !t_stl64(r, 0) && !t_st8(uadd(r, 63), 0));
	KEXPECT_EQ(arch_copy_to_user(r, buf, 32), 32);
	KEXPECT_EQ(arch_copy_in_user(r, uadd(r, 32), 32), 32);
	KEXPECT_EQ(arch_fill_user(r, 0, 32), 32);
	KEXPECT(!arch_ucmpxchg32(r, 0x33333333, 0, &old));
	PAN_KEPT();
	KEXPECT(!arch_ucmpxchg64(r, 0x3333333333333333ull, 0, (uint64_t *)buf));
	PAN_KEPT();
	KEXPECT(!arch_uor32(r, 1, &old));
	PAN_KEPT();
	KEXPECT(!arch_uand64(r, 0, (uint64_t *)buf));
	PAN_KEPT();
	for (unsigned i = 0; i < 64; i++)
		if (k[i] != 0x33) {
			KEXPECT_EQ(k[i], 0x33);
			break;
		}
}

/* ----------------------------------------------------------------- strings */

KTEST(aarch64_uaccess_strnlen)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	char *k = (char *)kaddr(u);
	const char __user *s = (const char __user *)u;
	const char __user *last = s + PAGE_SIZE - 10;

	memcpy(k + 100, "hello", 6);
	KEXPECT_EQ(arch_strnlen_user(s + 100, 64), 5);
	KEXPECT_EQ(arch_strnlen_user(s + 100, 5), 5);
	KEXPECT_EQ(arch_strnlen_user(s + 100, 3), 3);
	KEXPECT_EQ(arch_strnlen_user(s + 100, 0), 0);
	memset(k + PAGE_SIZE - 10, 'a', 9);                 /* NUL in the very last byte */
	k[PAGE_SIZE - 1] = 0;
	KEXPECT_EQ(arch_strnlen_user(last, 100), 9);
	k[PAGE_SIZE - 1] = 'b';                             /* no NUL before the hole */
	KEXPECT_EQ(arch_strnlen_user(last, 100), -1);
	KEXPECT_EQ(arch_strnlen_user(last, 10), 10);        /* never looks past max */
	KEXPECT_EQ(arch_strnlen_user(s + PAGE_SIZE, 5), -1);
	KEXPECT_EQ(arch_strnlen_user(s + PAGE_SIZE, 0), 0);
}

KTEST(aarch64_uaccess_wcsnlen)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint16_t *k = (uint16_t *)kaddr(u);
	const uint16_t __user *s = (const uint16_t __user *)u;
	size_t n = PAGE_SIZE / 2;

	k[10] = 0x4e2d; k[11] = 0x0100; k[12] = 0;          /* a 0x00 byte is not a NUL unit */
	KEXPECT_EQ(arch_wcsnlen_user(s + 10, 64), 2);
	KEXPECT_EQ(arch_wcsnlen_user(s + 10, 1), 1);
	for (unsigned i = n - 8; i < n - 1; i++)
		k[i] = 'w';
	k[n - 1] = 0;                                       /* ends in the last two bytes */
	KEXPECT_EQ(arch_wcsnlen_user(s + n - 8, 100), 7);
	k[n - 1] = 'x';
	KEXPECT_EQ(arch_wcsnlen_user(s + n - 8, 100), -1);
	KEXPECT_EQ(arch_wcsnlen_user(s + n - 8, 8), 8);
	KEXPECT_EQ(arch_wcsnlen_user((const uint16_t __user __force *)&kernel_var, 4), -1);
}

/* ------------------------------------------------------------- interlocked */

KTEST(aarch64_uaccess_interlocked)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *k = kaddr(u);
	uint32_t *k32 = (uint32_t *)k, old32 = 0;
	uint64_t *k64 = (uint64_t *)(k + 8), old64 = 0;
	volatile uint32_t __user *u32 = (volatile uint32_t __user *)u;
	volatile uint64_t __user *u64 = (volatile uint64_t __user *)uadd(u, 8);

	*k32 = 5;
	KEXPECT(arch_ucmpxchg32(u32, 5, 9, &old32) && old32 == 5 && *k32 == 9);
	KEXPECT(arch_ucmpxchg32(u32, 5, 7, &old32) && old32 == 9 && *k32 == 9);
	*k64 = 0x8000000000000001ull;
	KEXPECT(arch_ucmpxchg64(u64, 0x8000000000000001ull, 0x100000000ull, &old64));
	KEXPECT(old64 == 0x8000000000000001ull && *k64 == 0x100000000ull);
	KEXPECT(arch_ucmpxchg64(u64, 1, 2, &old64) && old64 == 0x100000000ull && *k64 == 0x100000000ull);

	*k32 = 0xf0;
	KEXPECT(arch_uor32(u32, 0x0f, &old32) && old32 == 0xf0 && *k32 == 0xff);
	KEXPECT(arch_uand32(u32, 0x3c, &old32) && old32 == 0xff && *k32 == 0x3c);
	*k64 = 0xff00000000000000ull;
	KEXPECT(arch_uor64(u64, 0xff, &old64) && old64 == 0xff00000000000000ull);
	KEXPECT(arch_uand64(u64, 0x0f000000000000f0ull, &old64) && old64 == 0xff000000000000ffull);
	KEXPECT_EQ(*k64, 0x0f000000000000f0ull);
	KEXPECT_EQ(k[16], 0);                               /* neighbours untouched */
	PAN_KEPT();

	/* Faults: the unmapped page, misaligned (exclusives must be aligned). */
	void __user *hole = uadd(u, PAGE_SIZE);
	old32 = 77;
	KEXPECT(!arch_ucmpxchg32(hole, 0, 1, &old32) && old32 == 77);
	PAN_KEPT();
	KEXPECT(!arch_ucmpxchg64(hole, 0, 1, &old64));
	PAN_KEPT();
	KEXPECT(!arch_uor64(hole, 1, &old64));
	PAN_KEPT();
	KEXPECT(!arch_uand32(hole, 1, &old32));
	PAN_KEPT();
	KEXPECT(!arch_uor32((volatile uint32_t __user *)uadd(u, 2), 1, &old32));
	PAN_KEPT();
	KEXPECT(!arch_uand64((volatile uint64_t __user *)uadd(u, 4), 1, &old64));
	PAN_KEPT();
	KEXPECT_EQ(*k32, 0x3c);
}

/* --------------------------------------------------------- PAN, PXN, fast fail */

KTEST(aarch64_pan_state)
{
	if (!cpu_pan_level)
		ktest_skip("CPU has no FEAT_PAN");
	KEXPECT_EQ(pan_bit(), arch_user_access_protected());
	/* SPAN = 0 exactly when PAN is kept on: exceptions re-set it. */
	KEXPECT_EQ(!(read_sysreg(sctlr_el1) & (1ull << 23)), arch_user_access_protected());
	if ((read_sysreg(SYS_ID_AA64MMFR2_EL1) >> 4) & 0xf)
		KEXPECT_EQ(read_sysreg(SYS_UAO) & PSTATE_UAO, 0);
	KEXPECT(arch_user_exec_protected());
	KEXPECT(!(read_sysreg(tcr_el1) & (1ull << 37)));    /* TBI0 = 0 */
}

static void direct_read(void *p) { *(volatile uint8_t *)p; }
static void direct_write(void *p) { *(volatile uint8_t *)p = 1; }
static void direct_call(void *p) { ((void (*)(void))p)(); }

#define RET_INSN 0xd65f03c0u

KTEST(aarch64_pan_direct_read)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void *p = (void __force *)uadd(u, 8);
	struct fault f;

	kaddr(u)[8] = 0x9c;
	if (!arch_user_access_protected()) {            /* nopan: the read just works */
		KEXPECT_EQ(*(volatile uint8_t *)p, 0x9c);
		return;
	}
	KASSERT(ktest_expect_fault(direct_read, p, &f));
	KASSERT(f.violation != NULL);
	KEXPECT(!strcmp(f.violation, "PAN violation"));
	KEXPECT_EQ(f.code >> 26, 0x25);
	KEXPECT_EQ(f.code & 0x3c, 0x0c);                 /* permission fault */
	KEXPECT_EQ(f.addr, (uint64_t)p);
	KEXPECT_EQ(f.access, ACCESS_READ);
}

KTEST(aarch64_pan_direct_write)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void *p = (void __force *)uadd(u, 16);
	struct fault f;

	if (!arch_user_access_protected()) {
		direct_write(p);
		KEXPECT_EQ(kaddr(u)[16], 1);
		return;
	}
	KASSERT(ktest_expect_fault(direct_write, p, &f));
	KASSERT(f.violation != NULL);
	KEXPECT(!strcmp(f.violation, "PAN violation"));
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT_EQ(kaddr(u)[16], 0);
}

/* PXN is set on every user leaf whatever the command line says; a
 * read-only executable user page shows it (writable ones are implicitly
 * PXN for EL1 anyway, SPEC section 4). */
KTEST(aarch64_pxn_direct_exec)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_EXEC);
	void *p = (void __force *)u;
	struct fault f;

	*(uint32_t *)kaddr(u) = RET_INSN;
	KASSERT(ktest_expect_fault(direct_call, p, &f));
	KASSERT(f.violation != NULL);
	KEXPECT(!strcmp(f.violation, "PXN violation"));
	KEXPECT_EQ(f.code >> 26, 0x21);
	KEXPECT_EQ(f.code & 0x3c, 0x0c);
	KEXPECT_EQ(f.pc, (uint64_t)p);
	KEXPECT_EQ(f.access, ACCESS_EXEC);
}

/* Faults on kernel addresses or unmapped user addresses are never named. */
KTEST(aarch64_violation_not_named_elsewhere)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	struct fault f;

	KASSERT(ktest_expect_fault(direct_read, (void __force *)uadd(u, PAGE_SIZE), &f));
	KEXPECT(f.violation == NULL && !f.present);
	KASSERT(ktest_expect_fault(direct_write, (void *)arch_breakpoint, &f));
	KEXPECT(f.violation == NULL && f.present);
}

/*
 * The trap's early path (trap.c, uaccess_fault_fixup) looks in the
 * exception table before it asks whether the abort is a violation. A
 * listed instruction that is a privileged LDRB (not LDTRB) is still a PAN
 * violation on a user page: named, and never fixed up. An accessor's own
 * fault (LDTR on an unmapped page) is fixed up on that path, with the
 * address and pc recorded.
 */
UACCESS_FN void listed_privileged_read(void *p)
{
	__asm__ volatile("1:\tldrb w9, [%0]\n"
			 "2:\n\t"
			 EXTABLE_ASM("1b", "2b")
			 : : "r"(p) : "x9", "memory");
}

KTEST(aarch64_listed_privileged_access_not_fixed_up)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void *p = (void __force *)uadd(u, 24);
	struct fault f;
	uint8_t v;

	KEXPECT(!t_ld8(uadd(u, PAGE_SIZE), &v));         /* the accessor's fault: fixed up */
	KEXPECT_EQ(uma_current->fault_addr, (uint64_t)uadd(u, PAGE_SIZE));
	KEXPECT(extable_search(uma_current->fault_pc) != NULL);
	if (!arch_user_access_protected()) {            /* nopan: the read just works */
		listed_privileged_read(p);
		return;
	}
	KASSERT(ktest_expect_fault(listed_privileged_read, p, &f));
	KEXPECT(extable_search(f.pc) != NULL);           /* it is listed ... */
	KASSERT(f.violation != NULL);
	KEXPECT(!strcmp(f.violation, "PAN violation"));  /* ... and named */
	KEXPECT_EQ(f.addr, (uint64_t)p);
}

static void do_fastfail(void *code) { arch_fastfail((unsigned)(uintptr_t)code); }

KTEST(aarch64_fastfail_decoded)
{
	struct fault f;

	KASSERT(ktest_expect_fault(do_fastfail, (void *)(uintptr_t)0x2a, &f));
	KEXPECT_EQ(f.kind, FAULT_FASTFAIL);
	KEXPECT(!strcmp(f.name, "Fast fail"));
	KEXPECT_EQ(f.code, 0x2a);
	KEXPECT_EQ(f.next_pc, f.pc + 4);
	KEXPECT_EQ(*(uint32_t *)f.pc, 0xd43e0060u);      /* brk #0xf003 */
	KEXPECT(!memcmp(f.detail, "FAST_FAIL code 0x2a ", 20));
}
