/*
 * kernel/sys/callback_demo.c - a driver that asks user mode for a value
 * (DEMO_CALLBACK, kernel/uapi/demo.h), and the two system calls behind it:
 * callback_register(fn, trampoline) and callback_return(result).
 *
 * The driver's job: given x (demo's len), compute fn(x) + x, where fn is
 * the function the process registered -- the shape of win32k asking
 * user32 to run a window procedure and then finishing the message with
 * what it returned. Windows' driver would write
 *
 *     status = KeUserModeCallback(api, &x, sizeof x, &out, &outlen);
 *     return *(long *)out + x;
 *
 * and wait inside that call on a second, nested kernel stack. Here the
 * system call leaves its kernel stack when the thread goes to user mode
 * (kernel/callback.h), so the driver is written as two halves:
 *
 *   first half   callback_demo_op: check and keep what the second half
 *                needs (x, as the cookie), then callback_call, whose
 *                result the handler returns: the thread leaves demo() at
 *                fn(x) instead of at demo()'s caller.
 *   second half  demo_done: called by callback_return with fn's result;
 *                what it returns is what the original demo() returns.
 *
 * Nothing is held between the halves, so a callback that faults, exits
 * or is killed leaves nothing behind.
 */
#include "sys/syscall.h"
#include "sys/lab_drivers.h"
#include "callback.h"
#include "proc.h"
#include "uapi/demo.h"

/* The second half: the driver's final answer from fn(x). */
static long demo_done(uint64_t x, long result)
{
	return (long)((uint64_t)result + x);
}

/* The first half. Not a nested call: see above. */
long callback_demo_op(unsigned long x)
{
	return callback_call(current_thread()->utf, x, demo_done, x);
}

/* callback_register(fn, trampoline): 0, or -EINVAL (kernel/callback.c). */
long sys_callback_register(const struct syscall_args *a)
{
	return callback_register(arg_ulong(a, 0), arg_ulong(a, 1));
}

/* Only the trampoline calls it, with the function's result. */
long sys_callback_return(const struct syscall_args *a)
{
	return callback_return(current_thread()->utf, arg_long(a, 0));
}
