/*
 * t_badptr_mem - hostile address ranges for sbrk, mmap, munmap, mprotect
 * (EINVAL outside user space, as munmap(2) says; ENOMEM for lengths no
 * address space can hold), and bad pointers through the demo driver's UMA
 * operations (EFAULT). The process stays alive and the kernel healthy.
 */
#include "testlib.h"

#define PS 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static long c_uma_read(void *p, unsigned long n)  { return demo(DEMO_UMA_READ, p, 0); }
static long c_uma_write(void *p, unsigned long n) { return demo(DEMO_UMA_WRITE, p, 0x11); }

struct range { const char *name; uintptr_t addr; unsigned long len; };

static int ranges(struct range *r, uintptr_t valid)
{
	uintptr_t lim = t_si.user_va_limit;
	int n = 0;
	r[n++] = (struct range){ "kernel text", t_si.kernel_text_start & ~(PS - 1), PS };
	r[n++] = (struct range){ "kernel data", t_si.kernel_data & ~(PS - 1), PS };
	r[n++] = (struct range){ "kernel heap", t_si.kernel_heap & ~(PS - 1), PS };
	r[n++] = (struct range){ "kernel stack", t_si.kernel_stack & ~(PS - 1), PS };
	r[n++] = (struct range){ "user_va_limit - 4096, crossing it", lim - PS, 2 * PS };
	r[n++] = (struct range){ "user_va_limit", lim, PS };
	if (0x0000800000000000UL >= lim)
		r[n++] = (struct range){ "non-canonical 0x0000800000000000", 0x0000800000000000UL, PS };
	else
		r[n++] = (struct range){ "beyond TTBR0 0x0001000000000000", 0x0001000000000000UL, PS };
	r[n++] = (struct range){ "0x8000000000000000", 0x8000000000000000UL, PS };
	r[n++] = (struct range){ "top-byte-tagged", (0x5aUL << 56) | valid, PS };
	r[n++] = (struct range){ "length wraps", valid, ~0UL - PS };
	r[n++] = (struct range){ "length 1 << 62", valid, 1UL << 62 };
	return n;
}

static void range_calls(void)
{
	struct range r[16];
	unsigned char *valid = t_pages(1);
	valid[0] = 0x42;
	int n = ranges(r, (uintptr_t)valid);
	for (int i = 0; i < n; i++) {
		void *a = (void *)r[i].addr;
		t_err(munmap(a, r[i].len), EINVAL, "munmap: %s (%p, %lx): EINVAL", r[i].name, a, r[i].len);
		t_err(mprotect(a, r[i].len, RW), EINVAL, "mprotect: %s: EINVAL", r[i].name);
		/* a length no address space holds is ENOMEM before anything else */
		int merr = r[i].len > t_si.user_va_limit ? ENOMEM : EINVAL;
		t_err((long)mmap(a, r[i].len, RW, ANON | MAP_FIXED, -1, 0), merr,
		      "mmap MAP_FIXED: %s: %s", r[i].name, merr == EINVAL ? "EINVAL" : "ENOMEM");
	}
	t_ok(valid[0] == 0x42 && mprotect(valid, PS, PROT_READ) == 0 && valid[0] == 0x42,
	     "our page survived all of it");
	t_err((long)mmap(NULL, 1UL << 62, RW, ANON, -1, 0), ENOMEM, "mmap of 1 << 62 bytes: ENOMEM");
	t_err((long)mmap(NULL, ~0UL, RW, ANON, -1, 0), ENOMEM, "mmap of ~0 bytes: ENOMEM");
	t_err((long)mmap(NULL, PS, RW, ANON | MAP_FIXED, -1, 0), EINVAL, "mmap MAP_FIXED at NULL: EINVAL");
	unsigned char *three = t_pages(3);
	munmap(three + PS, PS);
	t_err(mprotect(three, 3 * PS, PROT_READ), ENOMEM, "mprotect across an unmapped hole: ENOMEM");
	t_err((long)sbrk(1L << 62), ENOMEM, "sbrk(1 << 62): ENOMEM");
	t_err((long)sbrk(-(1L << 62)), EINVAL, "sbrk(-(1 << 62)): EINVAL");
	t_err((long)sbrk(-0x7fffffffffffffffL - 1), EINVAL, "sbrk(LONG_MIN): EINVAL");
}

static void leaks(void)
{
	struct t_kstate before;
	t_kstate(&before);
	for (int i = 0; i < 1000; i++) {
		void *k = (void *)(t_si.kernel_heap & ~(PS - 1));
		mmap(k, PS, RW, ANON | MAP_FIXED, -1, 0);
		munmap(k, PS);
		mprotect(k, PS, RW);
		mmap(NULL, 1UL << 62, RW, ANON, -1, 0);
		demo(DEMO_UMA_READ, k, 0);
		void *p = mmap(NULL, 2 * PS, RW, ANON, -1, 0);
		mprotect(p, PS, PROT_NONE);
		munmap(p, 2 * PS);
	}
	t_kernel_healthy(&before, "1000 rounds of bad memory calls");
}

int main(void)
{
	struct t_kstate start;
	t_sysinfo();
	bad_init();
	t_kstate(&start);
	range_calls();
	t_bad("demo(DEMO_UMA_READ, p)", c_uma_read, 1, BAD_SRC);
	t_bad("demo(DEMO_UMA_WRITE, p)", c_uma_write, 1, BAD_DST);
	leaks();
	t_kernel_healthy(&start, "the whole test");
	return t_done();
}
