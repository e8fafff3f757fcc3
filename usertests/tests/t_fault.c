/*
 * t_fault - a process that touches bad memory directly (no system call)
 * is killed with exit status -1, and nothing else is harmed.
 */
#include "testlib.h"

/* volatile, so the compiler neither warns about nor folds the constants */
static volatile uintptr_t target;

static void read_at(void)   { (void)*(volatile char *)target; }
static void write_at(void)  { *(volatile char *)target = 1; }
static void call_at(void)   { ((void (*)(void))target)(); }

/* Execute a data page: copy a `return` there and call it. */
static void exec_data(void)
{
	static unsigned char ret[8] = { 0xc3, 0, 0, 0 };
	if (!strcmp(t_si.arch, "aarch64"))
		memcpy(ret, "\xc0\x03\x5f\xd6", 4);
	unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(p, ret, 4);
	((void (*)(void))(uintptr_t)p)();
}

/* Recurse until the stack runs into its guard page. */
static volatile int forever = 1 << 30;
static int deep(int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	return n < forever ? deep(n + 1) + pad[0] : 0;
}
static void overflow_stack(void)   { deep(0); }

int main(void)
{
	t_sysinfo();
	struct t_kstate before;
	t_kstate(&before);
	static const char rodata[] = "constant";
	const struct { const char *what; void (*fn)(void); uintptr_t addr; } cases[] = {
		{ "write to NULL", write_at, 0 },
		{ "read from NULL + 8", read_at, 8 },
		{ "read kernel text", read_at, t_si.kernel_text_start },
		{ "read kernel data", read_at, t_si.kernel_data },
		{ "write kernel heap", write_at, t_si.kernel_heap },
		{ "write kernel stack", write_at, t_si.kernel_stack },
		{ "read non-canonical 0x0000800000000000 (x86) / 0x0001000000000000 (beyond TTBR0)", read_at,
		  t_si.user_va_limit <= 0x0000800000000000UL ? 0x0000800000000000UL : 0x0001000000000000UL },
		{ "read a top-byte-tagged kernel address", read_at, (0x5aUL << 56) | (t_si.kernel_data & ((1UL << 56) - 1)) },
		{ "write to our own text", write_at, (uintptr_t)&read_at },
		{ "write to our own .rodata", write_at, (uintptr_t)rodata },
		{ "execute a data page (NX/UXN)", exec_data, 0 },
		{ "call NULL", call_at, 0 },
		{ "call kernel text", call_at, t_si.kernel_text_start },
		{ "overflow the stack into its guard page", overflow_stack, 0 },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		target = cases[i].addr;
		int status = t_in_child(cases[i].fn);
		t_ok(status == -1, "%s: the child is killed, status -1 (%d)", cases[i].what, status);
	}
	t_kernel_healthy(&before, "after the killed children");
	return t_done();
}
