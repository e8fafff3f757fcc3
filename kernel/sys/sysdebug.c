/* kernel/sys/sysdebug.c - system call names and the double-fetch switch. */
#include "sys/sysdebug.h"
#include "uma/doublefetch.h"
#include "uapi/dfdetect.h"

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
