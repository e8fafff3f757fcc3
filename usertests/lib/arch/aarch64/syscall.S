/*
 * usertests/lib/arch/aarch64/syscall.S - the one way into the kernel.
 *
 * long __syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
 * ABI (kernel/uapi/syscalls.h): `svc #0`, number in x8, arguments in
 * x0..x5, raw result (or -errno) in x0. Our C arguments arrive one
 * register up (nr in x0), so shift them down.
 */
	.text
	.global	__syscall
__syscall:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
