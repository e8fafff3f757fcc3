/*
 * kernel/sys/syssignal.c - the signal system calls (kill is in sysproc.c).
 * The work is in kernel/signal.c; docs/syscalls.md, "Signals".
 */
#include "sys/syscall.h"
#include "proc.h"
#include "signal.h"

/* signal(sig, handler, restorer): the old handler, or -EINVAL. */
long sys_signal(const struct syscall_args *a)
{
	return signal_set(arg_int(a, 0), arg_ulong(a, 1), arg_ulong(a, 2));
}

long sys_alarm_ms(const struct syscall_args *a)
{
	return signal_alarm((unsigned)arg_int(a, 0));
}

/* Only the trampoline calls it, with sp where the handler's frame is. */
long sys_sigreturn(const struct syscall_args *a)
{
	return signal_return(current_thread()->utf);
}
