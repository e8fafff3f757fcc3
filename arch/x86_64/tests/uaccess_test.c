/*
 * arch/x86_64/tests/uaccess_test.c - the x86-64 user-access primitives
 * (asm/uaccess.h, uaccess.S) against real user pages (ktest_user_map),
 * SMEP/SMAP naming, the #GP path and int 0x29 fast fail.
 *
 * The scalar primitives are inlined into the small wrappers below, kept
 * in .text.uaccess like uma/'s accessors so that every __ex_table entry
 * points into accessor code (tools/check-uaccess.py).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "base/printk.h"
#include "base/string.h"
#include "thread.h"
#include "vm.h"
#include "arch/uaccess.h"
#include "uma/uma_internal.h"   /* uma_range_ok */
#include "arch/x86_64/x86_64.h"
#include "uma/extable.h"

#define UTEXT __attribute__((noinline, section(".text.uaccess.tests")))

#define WRAP(bits)                                                                        \
static UTEXT bool ld##bits(const void __user *p, uint##bits##_t *v) { return arch_uload##bits(p, v); } \
static UTEXT bool ld##bits##a(const void __user *p, uint##bits##_t *v) { return arch_uload##bits##_acquire(p, v); } \
static UTEXT bool st##bits(void __user *p, uint##bits##_t v) { return arch_ustore##bits(p, v); } \
static UTEXT bool st##bits##r(void __user *p, uint##bits##_t v) { return arch_ustore##bits##_release(p, v); }
WRAP(8) WRAP(16) WRAP(32) WRAP(64)


static bool ac_flag(void)
{
	uint64_t fl;
	__asm__ volatile("pushfq; popq %0" : "=r"(fl));
	return (fl & X86_RFLAGS_AC) != 0;
}

static uint8_t *kview(const void __user *u) { return ktest_user_kaddr(u); }
static uint8_t __user *uoff(void __user *u, size_t off) { return (uint8_t __user *)u + off; }

/* Every width, aligned and misaligned, plain and acquire/release: the
 * exact bytes land, the neighbours do not change, and AC ends clear. */
KTEST(x86_uaccess_scalar_roundtrip)
{
	void __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t *k = kview(u);
	static const unsigned offs[] = { 0, 1, 3, 8, 13, 4088 };

	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {
		unsigned o = offs[i];
		uint64_t v64; uint32_t v32; uint16_t v16; uint8_t v8;

		memset(k, 0xee, PAGE_SIZE);
		KEXPECT(st64(uoff(u, o), 0x1122334455667788ull));
		KEXPECT(!memcmp(k + o, "\x88\x77\x66\x55\x44\x33\x22\x11", 8));
		KEXPECT(ld64(uoff(u, o), &v64) && v64 == 0x1122334455667788ull);
		KEXPECT(ld64a(uoff(u, o), &v64) && v64 == 0x1122334455667788ull);
		KEXPECT(st32r(uoff(u, o), 0xa1b2c3d4) && ld32(uoff(u, o), &v32) && v32 == 0xa1b2c3d4);
		KEXPECT(ld32a(uoff(u, o), &v32) && v32 == 0xa1b2c3d4);
		KEXPECT(k[o + 4] == 0x44);                   /* 32-bit store left byte 4 alone */
		KEXPECT(st16(uoff(u, o), 0xbeef) && ld16(uoff(u, o), &v16) && v16 == 0xbeef);
		KEXPECT(st16r(uoff(u, o), 0xcafe) && ld16a(uoff(u, o), &v16) && v16 == 0xcafe);
		KEXPECT(k[o + 2] == 0xb2);
		KEXPECT(st8(uoff(u, o), 0x5a) && ld8(uoff(u, o), &v8) && v8 == 0x5a);
		KEXPECT(st8r(uoff(u, o), 0x6b) && ld8a(uoff(u, o), &v8) && v8 == 0x6b);
		KEXPECT(k[o + 1] == 0xca);
		KEXPECT(o == 0 || k[o - 1] == 0xee);
		KEXPECT(o + 8 >= PAGE_SIZE || k[o + 8] == 0xee);
	}
	KEXPECT(!ac_flag());
}

/* Unmapped page, read-only page, a word straddling into the unmapped
 * page: the primitive returns false, the value/page is untouched, the
 * fixup closed the window (AC=0) and the table recorded the address. */
KTEST(x86_uaccess_scalar_faults)
{
	uint8_t __user *rw = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t __user *ro = ktest_user_map(1, VM_READ);
	uint8_t __user *hole = rw + PAGE_SIZE;             /* the guard page */
	uint64_t v = 0x1234;

	kview(ro)[0] = 0x77;
	KEXPECT(!ld64(hole, &v) && v == 0x1234);
	KEXPECT(!ac_flag());
	KEXPECT_EQ(uma_current->fault_addr, (uint64_t)hole);
	KEXPECT(!st32(hole + 100, 1));
	KEXPECT(!ld64(hole - 4, &v) && v == 0x1234);       /* straddles */
	KEXPECT(!st64(hole - 4, ~0ull));
	KEXPECT_EQ(*(uint32_t *)(kview(hole - 4)), 0);      /* nothing half-written */
	KEXPECT(!st8(ro, 1) && kview(ro)[0] == 0x77);
	KEXPECT(!st64r(ro + 8, 1));
	uint8_t b;
	KEXPECT(ld8(ro, &b) && b == 0x77);                 /* reading it is fine */
	KEXPECT(!ac_flag());
}

/* A non-canonical address raises #GP, not #PF; the same table entry
 * catches it and the kernel carries on. */
KTEST(x86_uaccess_noncanonical_gp)
{
	void __user *nc = (void __user *)0x8000000000000000ull;
	uint64_t v = 42;

	KEXPECT(!ld64(nc, &v) && v == 42);
	KEXPECT(!ac_flag());                               /* the fixup ran CLAC */
	KEXPECT(!st64(nc, 1));
	KEXPECT(!st8((uint8_t __user *)nc + 0x1000, 1));
	KEXPECT(!ac_flag());
	KEXPECT(arch_irq_enabled());
}

/* Why uma/ checks the range first on x86: there is no unprivileged load,
 * so inside STAC..CLAC a kernel address is just as reachable as a user
 * one. arch_uload64 given a kernel pointer succeeds; only uma_range_ok
 * rejects it. (ARM64's LDTR would fault here.) */
static uint64_t kernel_secret = 0x5ec2e75ec2e7ull;

KTEST(x86_uaccess_kernel_pointer_needs_range_check)
{
	const void __user *kp = (const void __user *)&kernel_secret;
	uint64_t v = 0;

	KEXPECT(ld64(kp, &v));
	KEXPECT_EQ(v, kernel_secret);
	KEXPECT(!uma_range_ok(kp, 8));
	KEXPECT(!uma_range_ok((const void __user *)(USER_VA_LIMIT - 4), 8));
	KEXPECT(uma_range_ok((const void __user *)(USER_VA_LIMIT - 8), 8));
}

/* Read n user bytes through the kernel's own mapping, page by page. */
static void peek(uint8_t *dst, const uint8_t __user *u, size_t n)
{
	while (n) {
		size_t chunk = PAGE_SIZE - ((uintptr_t)u & (PAGE_SIZE - 1));
		chunk = chunk < n ? chunk : n;
		memcpy(dst, kview(u), chunk);
		dst += chunk, u += chunk, n -= chunk;
	}
}

typedef size_t copy_fn(void *dst, const void *src, size_t n);
typedef size_t fill_fn(void *dst, int c, size_t n);

static void pattern(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/*
 * Copy n = k + extra bytes where only k fit before the unmapped page, in
 * both directions: the count returned is exactly `extra`, the k bytes
 * arrived, nothing beyond them changed.
 */
static void copy_across(copy_fn *copy, const char *name)
{
	static const unsigned ks[] = { 0, 1, 2, 7, 8, 9, 15, 16, 31, 63, 100, 4095, 4096, 5000 };
	static const unsigned extras[] = { 1, 5, 8, 37, 300 };
	static uint8_t src[8192], dst[8192];
	uint8_t __user *u = ktest_user_map(2, VM_READ | VM_WRITE);
	uint8_t __user *end = u + 2 * PAGE_SIZE;           /* first unmapped byte */
	unsigned bad = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(ks); i++)
		for (unsigned j = 0; j < ARRAY_SIZE(extras); j++) {
			size_t k = ks[i], x = extras[j];

			/* to user */
			pattern(src, k + x, (uint8_t)(i + j));
			*kview(end - k - 1) = 0xee;
			size_t left = copy((void __force *)(end - k), src, k + x);
			peek(dst, end - k, k);
			bool ok = left == x && !memcmp(dst, src, k) && *kview(end - k - 1) == 0xee;
			ok = ok && uma_current->fault_addr == (uint64_t)end;
			/* from user */
			memset(dst, 0xcc, sizeof(dst));
			size_t left2 = copy(dst, (const void __force *)(end - k), k + x);
			ok = ok && left2 == x;
			for (size_t b = 0; ok && b < k; b++)
				ok = dst[b] == src[b];
			for (size_t b = k; ok && b < k + x; b++)
				ok = dst[b] == 0xcc;                   /* arch does not zero: uma/ does */
			if (!ok && bad++ < 4)
				kprintf("# %s: k=%lu extra=%lu: to_user left %lu, from_user left %lu\n",
					name, k, x, left, left2);
		}
	KEXPECT_EQ(bad, 0);
	KEXPECT(!ac_flag());
}

/* The dispatching entry points, with the __user side cast away so that
 * copy_across() can drive them in both directions. */
static size_t via_from_user(void *d, const void *s, size_t n)
{
	return arch_copy_from_user(d, (const void __force __user *)s, n);
}

static size_t via_to_user(void *d, const void *s, size_t n)
{
	return arch_copy_to_user((void __force __user *)d, s, n);
}

static size_t via_fill_user(void *d, int c, size_t n)
{
	return arch_fill_user((void __force __user *)d, c, n);
}

KTEST(x86_uaccess_copy_across_unmapped)
{
	copy_across(x86_copy_words, "word loop");
	copy_across(x86_copy_rep, "rep movsb");
	copy_across(via_from_user, "arch_copy_from_user");
	copy_across(via_to_user, "arch_copy_to_user");
	kprintf("# uaccess: %s\n", arch_uaccess_describe());
}

/* User to user, faulting on either side; and a read-only destination. */
KTEST(x86_uaccess_copy_in_user_and_readonly)
{
	uint8_t __user *a = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t __user *b = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t __user *ro = ktest_user_map(1, VM_READ);

	pattern(kview(a), PAGE_SIZE, 3);
	KEXPECT_EQ(arch_copy_in_user(b, a, PAGE_SIZE), 0);
	KEXPECT(!memcmp(kview(a), kview(b), PAGE_SIZE));
	KEXPECT_EQ(arch_copy_in_user(b, a + 100, PAGE_SIZE), 100);    /* source runs out */
	KEXPECT_EQ(arch_copy_in_user(b + 10, a, PAGE_SIZE), 10);      /* destination runs out */
	KEXPECT_EQ(arch_copy_to_user(ro, kview(a), 64), 64);
	KEXPECT_EQ(x86_copy_words((void __force *)ro, kview(a), 64), 64);
	KEXPECT_EQ(x86_copy_rep((void __force *)ro, kview(a), 64), 64);
	KEXPECT_EQ(kview(ro)[0], 0);
	KEXPECT(!ac_flag());
}

static void fill_across(fill_fn *fill, const char *name)
{
	static const unsigned ks[] = { 0, 1, 7, 8, 9, 63, 4095, 4096, 4097 };
	static const unsigned extras[] = { 1, 3, 8, 100 };
	uint8_t __user *u = ktest_user_map(2, VM_READ | VM_WRITE);
	uint8_t __user *end = u + 2 * PAGE_SIZE;
	unsigned bad = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(ks); i++)
		for (unsigned j = 0; j < ARRAY_SIZE(extras); j++) {
			size_t k = ks[i], x = extras[j];
			*kview(end - k - 1) = 0xee;
			size_t left = fill((void __force *)(end - k), 0x100 + (int)(i + 1), k + x);
			static uint8_t got[8192];
			peek(got, end - k, k);
			bool ok = left == x && *kview(end - k - 1) == 0xee;
			for (size_t b = 0; ok && b < k; b++)
				ok = got[b] == (uint8_t)(i + 1);
			if (!ok && bad++ < 4)
				kprintf("# %s: k=%lu extra=%lu: left %lu\n", name, k, x, left);
		}
	KEXPECT_EQ(bad, 0);
	uint8_t __user *ro = ktest_user_map(1, VM_READ);
	KEXPECT_EQ(fill((void __force *)ro, 1, 20), 20);
	KEXPECT(!ac_flag());
}

KTEST(x86_uaccess_fill_across_unmapped)
{
	fill_across(x86_fill_words, "word stores");
	fill_across(x86_fill_rep, "rep stosb");
	fill_across(via_fill_user, "arch_fill_user");
}

KTEST(x86_uaccess_strnlen)
{
	char __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	char *k = (char *)kview(u);
	char __user *last = u + PAGE_SIZE - 1;

	strlcpy(k, "hello", 16);
	KEXPECT_EQ(arch_strnlen_user(u, 100), 5);
	KEXPECT_EQ(arch_strnlen_user(u, 3), 3);              /* max reached first */
	KEXPECT_EQ(arch_strnlen_user(u, 0), 0);
	k[PAGE_SIZE - 1] = 0;                                 /* NUL on the last mapped byte */
	k[PAGE_SIZE - 2] = 'x';
	KEXPECT_EQ(arch_strnlen_user(last - 1, 100), 1);
	k[PAGE_SIZE - 1] = 'y';                               /* no NUL before the hole */
	KEXPECT_EQ(arch_strnlen_user(last - 1, 100), -1);
	KEXPECT_EQ(arch_strnlen_user(last - 1, 2), 2);        /* ... unless max stops first */
	KEXPECT_EQ(arch_strnlen_user((const char __user *)0x8000000000000000ull, 10), -1);

	uint16_t __user *w = (uint16_t __user *)u;
	uint16_t *kw = (uint16_t *)k;
	kw[0] = 'A'; kw[1] = 0x2603; kw[2] = 0;
	KEXPECT_EQ(arch_wcsnlen_user(w, 100), 2);
	KEXPECT_EQ(arch_wcsnlen_user(w, 1), 1);
	kw[PAGE_SIZE / 2 - 1] = 0;
	kw[PAGE_SIZE / 2 - 2] = 'z';
	KEXPECT_EQ(arch_wcsnlen_user(w + PAGE_SIZE / 2 - 2, 9), 1);
	kw[PAGE_SIZE / 2 - 1] = 'z';
	KEXPECT_EQ(arch_wcsnlen_user(w + PAGE_SIZE / 2 - 2, 9), -1);
	KEXPECT(!ac_flag());
}

KTEST(x86_uaccess_interlocked)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	uint8_t __user *ro = ktest_user_map(1, VM_READ);
	volatile uint32_t __user *p32 = (volatile uint32_t __user *)u;
	volatile uint64_t __user *p64 = (volatile uint64_t __user *)(u + 8);
	uint32_t *k32 = (uint32_t *)kview(u);
	uint64_t *k64 = (uint64_t *)kview(u + 8);
	uint32_t o32;
	uint64_t o64;

	*k32 = 5;
	KEXPECT(arch_ucmpxchg32(p32, 5, 9, &o32) && o32 == 5 && *k32 == 9);
	KEXPECT(arch_ucmpxchg32(p32, 5, 7, &o32) && o32 == 9 && *k32 == 9);   /* no match */
	KEXPECT(arch_uor32(p32, 0x30, &o32) && o32 == 9 && *k32 == 0x39);
	KEXPECT(arch_uand32(p32, 0x0f, &o32) && o32 == 0x39 && *k32 == 0x09);
	*k64 = 0x100000000ull;
	KEXPECT(arch_ucmpxchg64(p64, 0x100000000ull, 0xffffffff00000001ull, &o64) &&
		o64 == 0x100000000ull && *k64 == 0xffffffff00000001ull);
	KEXPECT(arch_uor64(p64, 0x10, &o64) && o64 == 0xffffffff00000001ull && *k64 == 0xffffffff00000011ull);
	KEXPECT(arch_uand64(p64, 0xffff0000000000ffull, &o64) && *k64 == 0xffff000000000011ull);

	o32 = 123;
	KEXPECT(!arch_ucmpxchg32((volatile uint32_t __user *)(u + PAGE_SIZE), 0, 1, &o32) && o32 == 123);
	KEXPECT(!arch_ucmpxchg64((volatile uint64_t __user *)ro, 0, 1, &o64));   /* locked: always writes */
	KEXPECT(!arch_uor32((volatile uint32_t __user *)ro, 1, &o32));
	KEXPECT(!arch_uand64((volatile uint64_t __user *)(u + PAGE_SIZE), 1, &o64));
	KEXPECT(!arch_uor64((volatile uint64_t __user *)0x8000000000000000ull, 1, &o64));
	KEXPECT_EQ(kview(ro)[0], 0);
	KEXPECT(!ac_flag());
}

static void do_fastfail(void *code) { arch_fastfail((unsigned)(uintptr_t)code); }

KTEST(x86_fastfail_decoded)
{
	struct fault f;

	KASSERT(ktest_expect_fault(do_fastfail, (void *)(uintptr_t)0x26, &f));
	KEXPECT_EQ(f.kind, FAULT_FASTFAIL);
	KEXPECT(!strcmp(f.name, "Fast fail"));
	KEXPECT_EQ(f.code, 0x26);
	KEXPECT(f.pc > (uint64_t)arch_fastfail && f.pc < (uint64_t)arch_fastfail + 16);
	KEXPECT_EQ(f.next_pc, f.pc + 2);
	KEXPECT(!strcmp(f.detail, "FAST_FAIL code 0x26"));
}

/* Direct (non-UMA) kernel accesses to a user page: SMAP / SMEP stop them
 * and the oops names the violation -- or, booted with nosmap / nosmep,
 * they simply work. */
static void direct_read(void *p)  { (void)*(volatile uint8_t *)p; }
static void direct_write(void *p) { *(volatile uint8_t *)p = 0x99; }
static void direct_call(void *p)  { ((void (*)(void))p)(); }

KTEST(x86_smap_direct_read_write)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void *raw = (void __force *)(u + 5);
	struct fault f;

	kview(u)[5] = 0x42;
	if (!arch_user_access_protected()) {
		kprintf("# SMAP is off: the direct read and write succeed\n");
		KEXPECT_EQ(*(volatile uint8_t *)raw, 0x42);
		direct_write(raw);
		KEXPECT_EQ(kview(u)[5], 0x99);
		return;
	}
	KASSERT(ktest_expect_fault(direct_read, raw, &f));
	KEXPECT(f.violation && !strcmp(f.violation, "SMAP violation"));
	KEXPECT_EQ(f.code, 0x1);
	KEXPECT_EQ(f.addr, (uint64_t)raw);
	KEXPECT_EQ(f.access, ACCESS_READ);
	KASSERT(ktest_expect_fault(direct_write, raw, &f));
	KEXPECT(f.violation && !strcmp(f.violation, "SMAP violation"));
	KEXPECT_EQ(f.code, 0x3);
	KEXPECT_EQ(kview(u)[5], 0x42);

	/* Not a user page -> never a violation (plain "page not mapped"). */
	KASSERT(ktest_expect_fault(direct_read, (void __force *)(u + PAGE_SIZE), &f));
	KEXPECT(f.violation == NULL);
}

/*
 * The trap's early path (trap.c, uaccess_fault_fixup) looks in the
 * exception table before it asks whether the fault is a violation. A
 * listed instruction that runs without STAC is still a SMAP violation:
 * named, and never fixed up. An accessor's own fault (STAC..CLAC, page
 * not mapped) is fixed up on that path, with the address and pc recorded.
 */
static UTEXT void listed_read_without_stac(void *p)
{
	__asm__ volatile("1:\tmovb (%0), %%al\n"
			 "2:\n\t"
			 EXTABLE_ASM("1b", "2b")
			 : : "r"(p) : "rax", "memory");
}

KTEST(x86_listed_access_without_stac_not_fixed_up)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	void *raw = (void __force *)(u + 7);
	struct fault f;
	uint8_t v;

	KEXPECT(!ld8(u + PAGE_SIZE, &v));                /* the accessor's fault: fixed up */
	KEXPECT_EQ(uma_current->fault_addr, (uint64_t)(u + PAGE_SIZE));
	KEXPECT(extable_search(uma_current->fault_pc) != NULL);
	if (!arch_user_access_protected()) {
		kprintf("# SMAP is off: the listed read without STAC simply works\n");
		listed_read_without_stac(raw);
		return;
	}
	KASSERT(ktest_expect_fault(listed_read_without_stac, raw, &f));
	KEXPECT(extable_search(f.pc) != NULL);           /* it is listed ... */
	KEXPECT(f.violation && !strcmp(f.violation, "SMAP violation"));   /* ... and named */
	KEXPECT_EQ(f.addr, (uint64_t)raw);
}

KTEST(x86_smep_direct_execute)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_EXEC);
	struct fault f;

	kview(u)[0] = 0xc3;                       /* ret */
	if (!arch_user_exec_protected()) {
		kprintf("# SMEP is off: the kernel runs the user page's ret\n");
		direct_call((void __force *)u);
		return;
	}
	KASSERT(ktest_expect_fault(direct_call, (void __force *)u, &f));
	KEXPECT(f.violation && !strcmp(f.violation, "SMEP violation"));
	KEXPECT_EQ(f.code, 0x11);
	KEXPECT_EQ(f.addr, (uint64_t)u);
	KEXPECT_EQ(f.pc, (uint64_t)u);
	KEXPECT_EQ(f.access, ACCESS_EXEC);
}

/* Trap entry runs CLAC (trap_dispatch panics if it did not), and IRET
 * gives the interrupted window its AC back. STAC works whenever the CPU
 * has SMAP, even with `nosmap` (CR4.SMAP=0). */
KTEST(x86_trap_keeps_interrupted_ac)
{
	if (!x86_cpu.smap)
		ktest_skip("no SMAP on this CPU: STAC is a NOP");
	ktest_resume_next_breakpoint();
	__asm__ volatile("stac" ::: "memory");
	arch_breakpoint();
	bool ac = ac_flag();
	__asm__ volatile("clac" ::: "memory");
	KEXPECT(ac);
	KEXPECT(!ac_flag());
}
