/*
 * t_procinfo_badptr - procinfo() into bad buffers (SPEC section 8,
 * docs/labs/01-syscall.md): every class of bad pointer gives -1 with
 * errno EFAULT, the process carries on, and the kernel leaks nothing.
 *
 * The classes (usertests/lib/badptr.c): NULL; kernel text, data, heap and
 * stack (real addresses from sysinfo); a buffer crossing the top of user
 * space, the top itself and beyond; a hole, a PROT_NONE page, the stack's
 * guard page; a buffer whose last byte is on an unmapped page; read-only
 * memory (a PROT_READ page, the program's .rodata and text), which must
 * not change.
 *
 * A buffer that starts on a good page and runs into a bad one is the
 * partial failure. The design (CopyToUser, docs/uma.md): the call fails
 * with EFAULT, and the bytes on the good page are either untouched or the
 * struct's own first bytes, a prefix as far as the copy got; never
 * anything else, and nothing before the buffer. Checked for every split
 * 1..39 before an unmapped page, and before a read-only and a PROT_NONE
 * page (which keep their contents). Last, a buffer that another thread
 * unmaps and maps again while we call: our pid or EFAULT, nothing else.
 */
#include "testlib.h"

#define PATTERN 0xa5
#define SIZE    ((int)sizeof(struct procinfo))

static int me;
static struct procinfo good;    /* our own entry, from a good call */

static long c_procinfo(void *p, unsigned long n)
{
	return procinfo(me - 1, p);
}

static int all(const unsigned char *p, long n, int v)
{
	for (long i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/*
 * procinfo into the last k bytes of page (the page after it is bad): EFAULT,
 * the bytes before the buffer untouched, and the k bytes of the buffer a
 * prefix of `good` followed by untouched ones. Returns 0 and says why if not.
 */
static int partial(unsigned char *page, int k, const char *next)
{
	unsigned long ps = t_si.page_size;
	unsigned char *buf = page + ps - k;
	const unsigned char *g = (const unsigned char *)&good;

	procinfo(me - 1, &good);        /* as we are now: mapped_bytes moves */
	memset(page, PATTERN, ps);
	errno = 0;
	long r = procinfo(me - 1, (struct procinfo *)buf);
	int e = errno, j = 0;
	if (r != -1 || e != EFAULT) {
		printf("# %d bytes before %s: expected -1 errno EFAULT, got %ld errno %d (%s)\n", k, next,
		       r, e, strerror(e));
		return 0;
	}
	if (!all(page, ps - k, PATTERN)) {
		printf("# %d bytes before %s: a byte before the buffer was written\n", k, next);
		return 0;
	}
	while (j < k && buf[j] == g[j])
		j++;
	for (int i = j; i < k; i++)
		if (buf[i] != PATTERN) {
			printf("# %d bytes before %s: byte %d is 0x%02x: neither the struct's 0x%02x "
			       "(the copy stopped at byte %d) nor untouched 0x%02x\n", k, next, i, buf[i],
			       g[i], j, PATTERN);
			return 0;
		}
	return 1;
}

static void splits_before_a_hole(void)
{
	unsigned char *page = t_page_before_hole();
	int ok = 1;

	for (int k = 1; k < SIZE && ok; k++)
		ok = partial(page, k, "an unmapped page");
	t_ok(ok, "a buffer with its first k = 1..%d bytes before an unmapped page: EFAULT, only a "
	     "prefix of the struct written", SIZE - 1);
	munmap(page, t_si.page_size);
}

/* The page after the buffer's first 20 bytes is read-only or PROT_NONE. */
static void before_protected(int prot, const char *what)
{
	unsigned long ps = t_si.page_size;
	unsigned char *two = t_pages(2);

	memset(two + ps, 0x3c, ps);
	mprotect(two + ps, ps, prot);
	int ok = partial(two, 20, what);
	mprotect(two + ps, ps, PROT_READ);
	int kept = all(two + ps, ps, 0x3c);
	if (!kept)
		printf("# the %s page after the buffer was written\n", what);
	t_ok(ok && kept, "20 bytes, then a %s page: EFAULT, a prefix at most, that page unchanged",
	     what);
	munmap(two, 2 * ps);
}

/* SPEC 8's last class: another thread unmaps the buffer and maps a fresh
 * page at the same address, over and over, while we call procinfo into it.
 * Each call gives our pid (the page was there) or EFAULT (it was not). */
static unsigned char *volatile flip_page;
static volatile int flip_stop;

static void unmapper(void *arg)
{
	while (!flip_stop) {
		munmap(flip_page, t_si.page_size);
		yield();
		mmap(flip_page, t_si.page_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		yield();
	}
}

static void unmapped_meanwhile(void)
{
	int good = 0, fault = 0, other = 0;
	long last = 0;

	flip_page = t_pages(1);
	flip_stop = 0;
	int tid = thread_create(unmapper, NULL);
	for (int i = 0; i < 400 && tid > 0; i++) {
		long r = procinfo(me - 1, (struct procinfo *)(flip_page + 8));
		if (r == me)
			good++;
		else if (r == -1 && errno == EFAULT)
			fault++;
		else
			other++, last = r;
		yield();
	}
	flip_stop = 1;
	if (tid > 0)
		thread_join(tid);
	munmap(flip_page, t_si.page_size);
	if (other)
		printf("# %d calls gave neither %d nor EFAULT, the last %ld (errno %d)\n", other, me, last,
		       errno);
	t_ok(tid > 0 && !other && good + fault == 400,
	     "a buffer another thread unmaps and maps again: 400 calls, %d gave our pid, %d EFAULT",
	     good, fault);
}

int main(void)
{
	struct t_kstate start;

	t_sysinfo();
	bad_init();
	me = getpid();
	t_kstate(&start);
	int r = procinfo(me - 1, &good);
	t_ok(r == me && good.pid == me, "a good buffer first: procinfo(%d) = %d", me - 1, r);

	t_bad("procinfo", c_procinfo, SIZE, BAD_DST);
	splits_before_a_hole();
	before_protected(PROT_READ, "read-only");
	before_protected(PROT_NONE, "PROT_NONE");
	unmapped_meanwhile();

	struct procinfo again;
	procinfo(me - 1, &good);
	memset(&again, PATTERN, sizeof again);
	r = procinfo(me - 1, &again);
	t_ok(r == me && !memcmp(&again, &good, sizeof good),
	     "after all that, a good buffer gets our entry again, the same 40 bytes (%d)", r);
	t_kernel_healthy(&start, "after the bad buffers");
	return t_done();
}
