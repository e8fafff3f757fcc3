/*
 * kernel/sys/demo_driver.c - A DELIBERATELY BUGGY DRIVER, FOR TEACHING ONLY.
 *
 * The DEMO_DIRECT_* operations touch user memory the way drivers did before
 * UMA: through a plain pointer, with no range check and no exception table.
 * They are the bug the seed's forum question asks about
 * (shared/seeds/003_*.txt): with SMAP/SMEP (x86-64) or PAN/PXN (ARM64) on,
 * the CPU stops each of them and the kernel reports a named oops
 * ("SMAP violation", "PAN violation", ...), which kills only the calling
 * process. Boot with `nosmap nosmep nopan` and the same direct read simply
 * works -- silently, which is exactly the danger.
 *
 * The DEMO_UMA_* operations do the same jobs correctly. usertests/bin/smapdemo
 * runs each one in a child process and explains what happened.
 *
 * The DEMO_EX1_* and DEMO_TOCTOU_* operations are the seed's races
 * (docs/races.md): each UNSAFE form reads one value from user memory twice
 * and trusts that it did not change in between; another user thread
 * changes it. usertests/bin/racedemo and usertests/tests/t_race run them.
 *
 * DEMO_LEAK_PADDING copies a struct to the user with its padding, whatever
 * the stack held there: the info-leak detector's planted catch
 * (docs/detectors.md); DEMO_LEAK_FIXED is the same with the struct cleared.
 *
 * Ops 20-29 and 30-39 belong to the labs' drivers, kernel/sys/lab_smap.c
 * and kernel/sys/lab_doublefetch.c (kernel/sys/lab_drivers.h).
 *
 * The `__force` casts below are how the code tells sparse "I know this is a
 * user pointer and I am dereferencing it anyway": without them `make check`
 * would refuse to build this file, as it should.
 */
#include "sys/syscall.h"
#include "uma/usermode_accessors.h"
#include "kmalloc.h"
#include "base/printk.h"
#include "redzone.h"
#include "sched.h"
#include "console.h"
#include "base/string.h"
#include "uapi/demo.h"
#include "uapi/fs.h"
#include "sys/lab_drivers.h"

/*
 * The race window. The kernel is not preemptive, so on one CPU nothing can
 * run between two reads inside one system call -- unless the driver gives
 * the CPU away there. Real drivers do (they take a sleeping lock, wait for
 * the disk, or page in the buffer they are copying), and on a machine with
 * two CPUs the other thread does not even need that. DEMO_SET_WINDOW sets
 * how many times the driver yields between the reads, so that on our one
 * CPU the flipping thread runs in between, every time.
 */
static unsigned demo_window;

static void race_window(void)
{
	for (unsigned i = 0; i < demo_window; i++)
		yield();
}

/* The lab drivers (kernel/sys/lab_drivers.h) open the same window. */
void demo_race_window(void)
{
	race_window();
}

/*
 * Example 1 as the seed wrote it. A direct `Ptr->Size` would be stopped by
 * SMAP/PAN before it could race, so each fetch is a UMA read -- two of
 * them, which is exactly the seed's bug: UMA makes each access safe, not
 * the logic that reads the same value twice.
 *
 * The second copy is capped at the allocation plus the redzone. A real
 * driver would copy all Size2 bytes, over whatever objects follow in the
 * heap; this demo must not, since any process can call it, so it writes
 * just far enough for the redzone to see the overflow and says how far
 * the real copy would have gone.
 */
static long ex1_unsafe(struct demo_ex1 __user *Ptr)
{
	uint8_t *volatile LocalData = NULL;
	volatile long ret = 0;

	__try {
		ULONG Size = ReadULongFromUser(&Ptr->Size);         /* fetch 1: for the allocation */
		if (Size > DEMO_EX1_MAX) {
			ret = -EINVAL;
			__leave;
		}
		LocalData = kmalloc_redzone(Size, "MySysCall LocalData");
		if (!LocalData) {
			ret = -ENOMEM;
			__leave;
		}
		race_window();
		ULONG Size2 = ReadULongFromUser(&Ptr->Size);        /* fetch 2: THE BUG */
		if (Size2 > Size)
			kprintf("demo: Example 1: allocated %u bytes, then copied %u: the second "
				"read of Ptr->Size saw another value\n", Size, Size2);
		SIZE_T n = Size2 > Size + REDZONE_BYTES ? Size + REDZONE_BYTES : Size2;
		CopyFromUser(LocalData, Ptr->Data, n);
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	/* Check the guards and free, on every path. */
	if (LocalData && !kfree_redzone(LocalData) && ret == 0)
		ret = DEMO_CAUGHT;
	return ret;
}

/* The seed's UMA version: one read, and the kernel copy's Size is forced
 * to the value the allocation used, in case the user changed it. */
static long ex1_uma(struct demo_ex1 __user *Ptr)
{
	struct demo_ex1 *volatile LocalData = NULL;
	volatile long ret = 0;

	__try {
		ULONG LocalSize = ReadULongFromUser(&Ptr->Size);    /* the only read of Size */
		if (LocalSize > DEMO_EX1_MAX) {
			ret = -EINVAL;
			__leave;
		}
		/* At least the header, so that the Size store below fits. */
		SIZE_T AllocSize = LocalSize < sizeof(*LocalData) ? sizeof(*LocalData) : LocalSize;
		LocalData = kmalloc_redzone(AllocSize, "MySysCall LocalData (UMA)");
		if (!LocalData) {
			ret = -ENOMEM;
			__leave;
		}
		race_window();                      /* the same window: nothing to race with */
		CopyFromUser(LocalData, Ptr, LocalSize);
		LocalData->Size = LocalSize;
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	if (LocalData && !kfree_redzone(LocalData) && ret == 0)
		ret = DEMO_CAUGHT;
	return ret;
}

/* The policy the TOCTOU demo (and lab 06's driver) enforce: only paths
 * under /pub/, no "..". */
bool demo_path_allowed(const char *path)
{
	if (strncmp(path, "/pub/", 5) != 0)
		return false;
	for (const char *p = path; *p; p++)
		if (p[0] == '.' && p[1] == '.')
			return false;
	return true;
}

/*
 * Check-then-use. The unsafe form validates the path and then, like a
 * driver that hands the user pointer on to the code that opens the file,
 * fetches it from user memory a second time to use it; what it uses is
 * whatever the path says by then. The fixed form captures the path once
 * and both checks and uses the capture. Nothing is opened: the result
 * says whether the path used was one the check allowed.
 */
static long toctou(const char __user *upath, bool fixed)
{
	char *checked = kmalloc(PATH_MAX), *used = kmalloc(PATH_MAX);
	long ret = -ENOMEM;

	if (!checked || !used)
		goto out;
	ret = copy_path_from_user(checked, upath);          /* fetch 1: to check */
	if (ret)
		goto out;
	if (!demo_path_allowed(checked)) {
		ret = -EPERM;        /* refused: the path is not allowed */
		goto out;
	}
	race_window();
	if (fixed)
		memcpy(used, checked, PATH_MAX);            /* use the capture */
	else if ((ret = copy_path_from_user(used, upath)))  /* fetch 2: THE BUG */
		goto out;
	ret = 0;
	if (!demo_path_allowed(used)) {
		kprintf("demo: TOCTOU: checked \"%s\" but used \"%s\"\n", checked, used);
		ret = DEMO_ESCAPED;
	}
out:
	kfree(checked);
	kfree(used);
	return ret;
}

/*
 * A reply built field by field on the stack: the four bytes between id and
 * value are never written, so WriteStructToUser sends the user whatever an
 * earlier system call left there (a return address, a pointer: enough to
 * defeat address-space randomisation on a real kernel). With `infoleak`
 * on they are poison, and the detector names this function. noinline: the
 * report should say demo_leak_padding, not sys_demo.
 */
static __attribute__((noinline)) void demo_leak_padding(struct demo_leak __user *u, uint64_t x)
{
	struct demo_leak r;

	r.id = (unsigned int)x;
	r.value = x * 3;
	r.flags = (unsigned int)x + 1;
	r.size = sizeof(r);
	WriteStructToUser(u, &r);                   /* THE BUG: the hole goes too */
}

/* The fix: clear the whole struct, padding included, then fill it. (An
 * initialiser `= {0}` zeroes the fields; C does not promise the padding,
 * so memset is the form that says what it means.) */
static __attribute__((noinline)) void demo_leak_fixed(struct demo_leak __user *u, uint64_t x)
{
	struct demo_leak r;

	memset(&r, 0, sizeof(r));
	r.id = (unsigned int)x;
	r.value = x * 3;
	r.flags = (unsigned int)x + 1;
	r.size = sizeof(r);
	WriteStructToUser(u, &r);
}

long sys_demo(const struct syscall_args *a)
{
	void __user *p = arg_ptr(a, 1);
	uint8_t value = (uint8_t)arg_ulong(a, 2);

	switch (arg_int(a, 0)) {
	case DEMO_DIRECT_READ:            /* WRONG: a direct read of user memory */
		return *(volatile uint8_t __force *)p;
	case DEMO_DIRECT_WRITE:           /* WRONG: a direct write */
		*(volatile uint8_t __force *)p = value;
		return 0;
	case DEMO_DIRECT_EXEC:            /* WRONG: the kernel runs user code */
		((void (*)(void))(__force void *)p)();
		return 0;
	case DEMO_UMA_READ:               /* right: range check + exception table */
		return ReadUCharFromUser(p);  /* a bad pointer raises: -EFAULT */
	case DEMO_UMA_WRITE:
		WriteUCharToUser(p, value);
		return 0;
	case DEMO_UMA_EXEC_CHECK:         /* right: a kernel never runs user code */
		return -EPERM;
	case DEMO_EX1_UNSAFE:
		return ex1_unsafe(p);
	case DEMO_EX1_UMA:
		return ex1_uma(p);
	case DEMO_SET_WINDOW: {
		unsigned long n = arg_ulong(a, 2), old = demo_window;
		if (n > DEMO_WINDOW_MAX)
			return -EINVAL;
		demo_window = (unsigned)n;
		return (long)old;
	}
	case DEMO_TOCTOU_UNSAFE:
		return toctou(p, false);
	case DEMO_TOCTOU_FIXED:
		return toctou(p, true);
	case DEMO_CALLBACK:               /* right: user code runs in user mode */
		return callback_demo_op(arg_ulong(a, 2));
	case DEMO_CONSOLE_TYPE:           /* a test types on the console */
		console_rx((char)value);
		return 0;
	case DEMO_LEAK_PADDING:           /* WRONG: the struct's padding goes out */
		demo_leak_padding(p, arg_ulong(a, 2));
		return 0;
	case DEMO_LEAK_FIXED:
		demo_leak_fixed(p, arg_ulong(a, 2));
		return 0;
	case DEMO_SMAP_RESET ... DEMO_SMAP_QUERY:
		return lab_smap_op(arg_int(a, 0), p, arg_ulong(a, 2));
	case DEMO_DF_MSG ... DEMO_DF_STAT:
		return lab_df_op(arg_int(a, 0), p, arg_ulong(a, 2));
	default:
		return -EINVAL;
	}
}
