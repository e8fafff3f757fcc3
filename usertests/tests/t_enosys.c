/*
 * t_enosys - a system call number the kernel does not know returns ENOSYS,
 * whatever its size or sign, and changes nothing.
 *
 * The kernel takes the number as a full 64-bit register (rax / x8): a
 * number whose low bits are a real call (getpid) with a high bit set must
 * not be cut down to that call. The arguments are junk on purpose.
 */
#include "testlib.h"

static const struct { long nr; const char *what; } numbers[] = {
	{ 0, "0 (no call has it)" },
	{ (long)NSYSCALLS, "NSYSCALLS, one past the last" },
	{ (long)NSYSCALLS + 1, "NSYSCALLS + 1" },
	{ 999, "999" },
	{ 0x7fffffff, "INT_MAX" },
	{ 0x80000000L, "2^31" },
	{ 0xffffffffL, "2^32 - 1" },
	{ (1L << 32) | SYS_getpid, "2^32 + SYS_getpid" },
	{ (long)(1UL << 63) | SYS_getpid, "2^63 + SYS_getpid" },
	{ 0x7fffffffffffffffL, "LONG_MAX" },
	{ -1, "-1" },
	{ -SYS_getpid, "-SYS_getpid" },
	{ -4095, "-4095" },
	{ (long)(1UL << 63), "LONG_MIN" },
};

int main(void)
{
	struct t_kstate before;
	int pid = getpid();

	t_kstate(&before);
	for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		long r = __syscall(numbers[i].nr, -1, 0x1000, 7, -1, 0, 1);
		if (!t_ok(r == -ENOSYS, "number %s: -ENOSYS", numbers[i].what))
			printf("#   got %ld\n", r);
	}
	t_ok(NSYSCALLS > SYS_trace_me, "NSYSCALLS (%lu) is past the last call", (unsigned long)NSYSCALLS);
	t_ok(getpid() == pid, "getpid still works");
	t_kernel_healthy(&before, "after unknown numbers");
	return t_done();
}
