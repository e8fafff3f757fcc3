/* kernel/sys/sysdebug.c - system call names, the double-fetch, info-leak and fault-injection switches. */
#include "sys/sysdebug.h"
#include "uma/doublefetch.h"
#include "uapi/dfdetect.h"
#include "uma/infoleak.h"
#include "failinject.h"
#include "proc.h"

/* For reports that name a system call ("syscall 14 (read)"). */
static const char *const names[NSYSCALLS] = {
#define SYSCALL(nr, name, ...) [nr] = #name,
#include "uapi/syscall_table.h"
#undef SYSCALL
};

const char *syscall_name(unsigned long nr)
{
	return nr < NSYSCALLS && names[nr] ? names[nr] : "?";
}

/* Any process may call this: it is a test aid, like kcheck. */
long sys_dfdetect(const struct syscall_args *a)
{
	switch (arg_int(a, 0)) {
	case DF_OFF:   return df_set(false);
	case DF_ON:    return df_set(true);
	case DF_COUNT: return (long)df_count();
	case DF_RESET: df_reset_count(); return 0;
	default:       return -EINVAL;
	}
}

/* Test-only, like dfdetect: the info-leak detector (kernel/uapi/infoleak.h). */
long sys_infoleak(const struct syscall_args *a)
{
	switch (arg_int(a, 0)) {
	case IL_OFF:   return il_set(false);
	case IL_ON:    return il_set(true);
	case IL_COUNT: return (long)il_count();
	case IL_RESET: il_reset_count(); return 0;
	default:       return -EINVAL;
	}
}

/*
 * Test-only, like dfdetect: make the nth page or heap allocation fail
 * (kernel/uapi/failinject.h). FI_SELF limits the count to this process,
 * so a test's own system calls meet the failure and nobody else's do.
 */
long sys_failinject(const struct syscall_args *a)
{
	unsigned kinds = (unsigned)arg_int(a, 1);

	switch (arg_int(a, 0)) {
	case FI_ARM:
		return failinject_arm(kinds & ~FI_SELF, arg_ulong(a, 2),
				      (kinds & FI_SELF) ? current_proc()->pid : 0);
	case FI_DISARM: return failinject_disarm();
	case FI_COUNT:  return (long)failinject_counted();
	default:        return -EINVAL;
	}
}
