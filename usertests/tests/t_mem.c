/* t_mem - sbrk, malloc, mmap, munmap and mprotect on good input. */
#include "testlib.h"

#define PS 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int all(const unsigned char *p, unsigned long n, unsigned char v)
{
	for (unsigned long i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* In a child: touch *p; the parent learns from the exit status. */
static volatile unsigned char *probe;
static void touch_read(void)  { (void)*probe; }
static void touch_write(void) { *probe = 1; }

static void heap(void)
{
	extern char _end[];
	char *b0 = sbrk(0);
	t_ok(b0 >= _end && b0 < _end + PS, "the break starts at _end (%p)", b0);
	char *p = sbrk(3 * PS + 5);
	t_ok(p == b0 && sbrk(0) == b0 + 3 * PS + 5, "sbrk grows the break");
	memset(p, 0x77, 3 * PS + 5);
	t_ok(all((unsigned char *)p, 3 * PS + 5, 0x77), "the new heap is writable");
	t_ok(sbrk(-(3 * PS + 5)) == b0 + 3 * PS + 5 && sbrk(0) == b0, "sbrk shrinks it back");
	t_ok(sbrk(1L << 40) == (void *)-1 && errno == ENOMEM, "sbrk(1 TiB): ENOMEM");
	char *m[64];
	int ok = 1;
	for (int i = 0; i < 64; i++) {
		m[i] = malloc(100 + i * 50);
		ok &= m[i] && ((uintptr_t)m[i] & 15) == 0;
		memset(m[i], i, 100 + i * 50);
	}
	for (int i = 0; i < 64; i++)
		ok &= all((unsigned char *)m[i], 100 + i * 50, i);
	for (int i = 0; i < 64; i++)
		free(m[i]);
	t_ok(ok, "64 malloc blocks: 16-byte aligned, no overlap");
	void *big = malloc(1 << 20);
	t_ok(big != NULL, "malloc 1 MiB");
	free(big);
}

static void maps(void)
{
	int status;
	unsigned char *p = mmap(NULL, 4 * PS, RW, ANON, -1, 0);
	t_ok(p != MAP_FAILED && ((uintptr_t)p & (PS - 1)) == 0, "mmap 4 pages (%p)", p);
	t_ok(all(p, 4 * PS, 0), "fresh pages are zero");
	memset(p, 0xab, 4 * PS);
	t_ok(munmap(p + PS, PS) == 0, "munmap the second page");
	probe = p + PS;
	t_ok(t_in_child(touch_read) == -1, "touching the unmapped page kills the child");
	t_ok(all(p, PS, 0xab) && all(p + 2 * PS, 2 * PS, 0xab), "the other pages keep their data");
	t_ok(mprotect(p, PS, PROT_READ) == 0, "mprotect PROT_READ");
	probe = p;
	t_ok(t_in_child(touch_write) == -1, "writing a read-only page kills the child");
	t_ok(t_in_child(touch_read) == 0 && p[0] == 0xab, "reading it is fine");
	t_ok(mprotect(p, PS, PROT_NONE) == 0, "mprotect PROT_NONE");
	t_ok(t_in_child(touch_read) == -1, "reading a PROT_NONE page kills the child");
	t_ok(mprotect(p, PS, RW) == 0 && all(p, PS, 0xab), "PROT_NONE -> RW: the data is back");
	t_err(mprotect(p + PS, PS, PROT_READ), ENOMEM, "mprotect of an unmapped page: ENOMEM");
	t_ok(munmap(p, 4 * PS) == 0, "munmap a range with a hole in it");
	t_ok(munmap(p, 4 * PS) == 0, "munmap of nothing mapped is not an error");
	unsigned char *f = mmap(p + PS, PS, RW, ANON | MAP_FIXED, -1, 0);
	t_ok(f == p + PS, "MAP_FIXED maps exactly there");
	munmap(f, PS);

	p = mmap(NULL, PS, RW, ANON, -1, 0);
	p[0] = 1;
	int pid = fork();
	if (pid == 0) {
		p[0] = 2;
		exit(p[0]);
	}
	waitpid(pid, &status);
	t_ok(status == 2 && p[0] == 1, "fork copies mmap'd pages");
	munmap(p, PS);

	t_err((long)mmap(NULL, 0, RW, ANON, -1, 0), EINVAL, "mmap of length 0: EINVAL");
	t_err((long)mmap(NULL, PS, RW, MAP_PRIVATE, -1, 0), EINVAL, "mmap without MAP_ANONYMOUS: EINVAL");
	t_err((long)mmap(NULL, PS, 0x80, ANON, -1, 0), EINVAL, "mmap with an unknown PROT bit: EINVAL");
	t_err(munmap((void *)0x10000001, PS), EINVAL, "munmap of an unaligned address: EINVAL");
	t_err(munmap((void *)0x10000000, 0), EINVAL, "munmap of length 0: EINVAL");
}

int main(void)
{
	heap();
	maps();
	return t_done();
}
