/*
 * usertests/lib/badptr.c - the malicious pointer classes of SPEC section 8,
 * and a runner that aims one system call at each of them.
 *
 * Kernel addresses come from sysinfo() (real text, data, heap and stack);
 * the user-side classes are pages this process maps and unmaps itself, so
 * we know exactly which bytes are valid and can check sentinels afterwards.
 */
#include "testlib.h"

#define PROT_RW (PROT_READ | PROT_WRITE)
#define FILL_STRADDLE 0xa5
#define FILL_RO       0x5a
#define FILL_NONE     0x3c

static unsigned long ps;
static unsigned char *straddle;      /* RW page, the next page unmapped */
static unsigned char *ro_page;       /* PROT_READ, full of FILL_RO */
static unsigned char *none_page;     /* PROT_NONE, was filled with FILL_NONE */
static unsigned char *hole;          /* unmapped, between two mapped pages */
static unsigned char *valid;         /* an ordinary RW page */
static unsigned char *guard;         /* the unmapped page below the stack */
static const char ro_data[512] = "read-only data in the program's .rodata";
static char ro_copy[sizeof ro_data];     /* to see that it never changes */

void *t_pages(unsigned long n)
{
	t_sysinfo();
	void *p = mmap(NULL, n * t_si.page_size, PROT_RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		printf("# mmap of %lu pages failed: errno %d\n", n, errno);
	return p;
}

void *t_page_before_hole(void)
{
	unsigned char *p = t_pages(2);
	if (p != MAP_FAILED)
		munmap(p + t_si.page_size, t_si.page_size);
	return p;
}

/*
 * Find the guard page below our stack: a child walks down from its stack
 * pointer one page at a time, telling us through a pipe each page it is
 * about to touch. The kernel kills it on the first unmapped page, and the
 * last address it sent is that page. (The child is a copy of us, so its
 * stack is laid out exactly like ours.)
 */
static unsigned char *find_stack_guard(void)
{
	int fds[2];
	unsigned long at = 0, next;
	if (pipe(fds) < 0)
		return NULL;
	int pid = fork();
	if (pid == 0) {
		close(fds[0]);
		volatile unsigned char here = 0;
		unsigned long a = ((unsigned long)&here & ~(ps - 1)) - ps;
		for (int i = 0; i < 65536; i++, a -= ps) {
			write(fds[1], &a, sizeof a);
			(void)*(volatile unsigned char *)a;
		}
		exit(0);        /* no guard found within 256 MiB */
	}
	close(fds[1]);
	while (read(fds[0], &next, sizeof next) == sizeof next)
		at = next;
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status);
	return status == -1 ? (unsigned char *)at : NULL;
}

void bad_init(void)
{
	if (ps)
		return;
	t_sysinfo();
	ps = t_si.page_size ? t_si.page_size : 4096;
	straddle = t_page_before_hole();
	ro_page = t_pages(1);
	memset(ro_page, FILL_RO, ps);
	mprotect(ro_page, ps, PROT_READ);
	none_page = t_pages(1);
	memset(none_page, FILL_NONE, ps);
	mprotect(none_page, ps, PROT_NONE);
	unsigned char *three = t_pages(3);
	munmap(three + ps, ps);
	hole = three + ps;
	valid = t_pages(1);
	memcpy(ro_copy, ro_data, sizeof ro_data);
	guard = find_stack_guard();
	if (!guard)
		printf("# could not locate the stack guard page\n");
	bad_path_max();                 /* map their pages now, too */
	bad_path_unterminated();
}

int bad_cases(struct bad *out, int max, unsigned long size, int flags)
{
	bad_init();
	unsigned long lim = t_si.user_va_limit;
	int n = 0;
#define ADD(nm, ptr, len) \
	do { if (n < max) out[n++] = (struct bad){ nm, (void *)(uintptr_t)(ptr), len }; } while (0)
	if (!(flags & BAD_NULL_OK))
		ADD("NULL", 0, size);
	ADD("kernel text", t_si.kernel_text_start, size);
	ADD("kernel data", t_si.kernel_data, size);
	ADD("kernel heap", t_si.kernel_heap, size);
	ADD("kernel stack", t_si.kernel_stack, size);
	ADD("user_va_limit - k, crossing it", lim - (size + 1) / 2, size);
	ADD("user_va_limit", lim, size);
	/* x86: the first non-canonical address. ARM64's user space goes up to
	 * 2^48, so there take the first address no TTBR0 walk can reach. */
	if (0x0000800000000000UL >= lim)
		ADD("non-canonical 0x0000800000000000", 0x0000800000000000UL, size);
	else if (0x0001000000000000UL >= lim)
		ADD("beyond TTBR0 0x0001000000000000", 0x0001000000000000UL, size);
	ADD("0x8000000000000000 (TTBR1 range)", 0x8000000000000000UL, size);
	ADD("top page 0xfffffffffffff000", 0xfffffffffffff000UL, size);
	ADD("top-byte-tagged valid pointer", (0x5aUL << 56) | (uintptr_t)valid, size);
	ADD("unmapped hole", hole, size);
	ADD("PROT_NONE page", none_page, size);
	ADD("last byte on an unmapped page", straddle + ps - size + 1, size);
	if (guard)
		ADD("stack guard page", guard, size);
	if (flags & BAD_DST) {
		ADD("read-only page", ro_page, size);
		ADD("program .rodata", ro_data, size < sizeof ro_data ? size : sizeof ro_data);
		ADD("program text", (uintptr_t)&bad_cases, size);
	}
	if (flags & BAD_LEN) {
		ADD("length wraps the address space", valid, ~0UL);
		ADD("ptr + length == 0 exactly", valid, -(uintptr_t)valid);
		ADD("length crosses user_va_limit", valid, lim - (uintptr_t)valid + 1);
		ADD("huge length 1 << 62", valid, 1UL << 62);
	}
#undef ADD
	return n;
}

static int all_bytes(const unsigned char *p, unsigned long n, unsigned char v)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* Bytes outside the buffer's valid part, and read-only memory, unchanged? */
static const char *damage(const struct bad *b, const unsigned char *text_copy)
{
	unsigned char *p = b->p;
	if (p >= straddle && p < straddle + ps) {
		if (!all_bytes(straddle, p - straddle, FILL_STRADDLE))
			return "bytes before the buffer were written";
	} else if (!all_bytes(straddle, ps, FILL_STRADDLE)) {
		return "a stray write hit an unrelated page";
	}
	if (!all_bytes(ro_page, ps, FILL_RO))
		return "the read-only page changed";
	if (memcmp(ro_data, ro_copy, sizeof ro_data))
		return "the program's .rodata changed";
	if (memcmp((void *)(uintptr_t)&bad_cases, text_copy, 32))
		return "the program's text changed";
	return NULL;
}

void t_bad(const char *what, bad_fn fn, unsigned long size, int flags)
{
	struct bad cases[BAD_MAX];
	unsigned char text_copy[32];
	int n = bad_cases(cases, BAD_MAX, size, flags);
	memcpy(text_copy, (void *)(uintptr_t)&bad_cases, sizeof text_copy);
	for (int i = 0; i < n; i++) {
		memset(straddle, FILL_STRADDLE, ps);
		errno = 0;
		long r = fn(cases[i].p, cases[i].n);
		int e = errno;
		const char *dmg = damage(&cases[i], text_copy);
		t_ok(r == -1 && e == EFAULT && !dmg, "%s: %s (%p, %lu)",
		     what, cases[i].name, cases[i].p, cases[i].n);
		if (r != -1 || e != EFAULT)
			printf("# expected -1 errno EFAULT, got %ld errno %d (%s)\n", r, e, strerror(e));
		if (dmg)
			printf("# %s\n", dmg);
	}
	/* The PROT_NONE page must still hold what we put there. */
	mprotect(none_page, ps, PROT_READ);
	if (!all_bytes(none_page, ps, FILL_NONE))
		t_ok(0, "%s: the PROT_NONE page was written", what);
	mprotect(none_page, ps, PROT_NONE);
}

/* PATH_MAX bytes of 'a' ending exactly at the end of a mapping: the kernel
 * must give up (ENAMETOOLONG) before it reads past the last one. */
char *bad_path_max(void)
{
	bad_init();
	static unsigned char *page;
	if (!page)
		page = t_page_before_hole();
	memset(page, 'a', ps);
	for (unsigned long i = ps - PATH_MAX; i < ps; i += 32)
		page[i] = '/';          /* components shorter than NAME_MAX */
	return (char *)page + ps - PATH_MAX;
}

/* 16 bytes with no NUL, then the mapping ends: EFAULT. */
char *bad_path_unterminated(void)
{
	bad_init();
	static unsigned char *page;
	if (!page)
		page = t_page_before_hole();
	memset(page, 'b', ps);
	return (char *)page + ps - 16;
}
