/*
 * /bin/smapdemo - what SMAP/PAN and SMEP/PXN catch, shown live.
 *
 * kernel/sys/demo_driver.c is a deliberately buggy teaching driver (reached
 * with demo(), kernel/uapi/demo.h): its DIRECT operations read, write and
 * execute a user address with a plain pointer, the UMA operations do the
 * same job through the user-memory accessors. Each operation runs in a
 * child process, because a direct access is supposed to get that process
 * killed (exit status -1) while the kernel and this program carry on.
 * Boot with the "protection off" GRUB entry (nosmap / nopan) to see the
 * direct read and write go through: the bug the hardware exists to catch.
 * The last step runs user code the right way: a user-mode callback
 * (DEMO_CALLBACK, docs/syscalls.md "User-mode callbacks").
 */
#include "ulib.h"

static unsigned char *page;      /* user data the driver is pointed at */
static unsigned char *code;      /* a user page holding one `return` */
static int smap_on, smep_on, surprises;

/* Run op in a child; the child exits 0 if the driver returned `want` and
 * left the page as expected. Returns the child's exit status. */
static int try_op(int op, void *arg, unsigned long val, long want, int check_write)
{
	int pid = fork();
	if (pid == 0) {
		page[0] = 0x5a;
		long r = demo(op, arg, val);
		int e = errno;
		if (r == -1)
			printf("    the driver returned -1, errno %d (%s)\n", e, strerror(e));
		else
			printf("    the driver returned %ld (0x%lx)\n", r, r);
		if (check_write)
			printf("    the user byte is now 0x%x\n", page[0]);
		exit(r == want && (!check_write || page[0] == (unsigned char)val) ? 0 : 1);
	}
	int status = 1;
	if (pid < 0 || waitpid(pid, &status) < 0)
		printf("    fork/waitpid failed: %s\n", strerror(errno));
	return status;
}

/* Say what happened and whether that is what the protection state predicts. */
static void explain(int status, int protected, const char *feature,
		    const char *if_killed, const char *if_through)
{
	if (status == -1)
		printf("  -> the child was KILLED (exit status -1).\n  %s\n", if_killed);
	else if (status == 0)
		printf("  -> the child finished normally.\n  %s\n", if_through);
	else
		printf("  -> the child exited with status %d (the driver did not do what it should).\n", status);
	int expected = protected ? status == -1 : status == 0;
	if (!expected) {
		surprises++;
		printf("  !! UNEXPECTED with %s %s.\n", feature, protected ? "on" : "off");
	}
	printf("\n");
}

static void direct_ops(void)
{
	const char *m = smap_on ? "on" : "OFF";
	printf("1. DEMO_DIRECT_READ: the driver reads *(char *)%p itself (SMAP/PAN %s)\n", page, m);
	explain(try_op(DEMO_DIRECT_READ, page, 0, 0x5a, 0), smap_on, "SMAP/PAN",
		"SMAP/PAN made the CPU fault: the kernel touched a user page outside a\n"
		"  UMA access window. The kernel printed the oops, killed only the caller,\n"
		"  and kept running (you are reading this).",
		"Nothing stopped the kernel from following a user pointer. This is exactly\n"
		"  the bug the hardware exists to catch: a driver that trusts a user pointer\n"
		"  can be handed any address, and with SMAP/PAN off nobody notices.");
	printf("2. DEMO_DIRECT_WRITE: the driver stores 0xa7 to %p itself (SMAP/PAN %s)\n", page, m);
	explain(try_op(DEMO_DIRECT_WRITE, page, 0xa7, 0, 1), smap_on, "SMAP/PAN",
		"The store faulted for the same reason: the kernel may write user memory\n"
		"  only through UMA, which opens the window (STAC/CLAC, PAN off/on) around it.",
		"The kernel wrote user memory with a plain store. Had the pointer come\n"
		"  from an attacker it could have aimed the write anywhere.");
	printf("3. DEMO_DIRECT_EXEC: the driver calls a function in user page %p (SMEP/PXN %s)\n",
	       code, smep_on ? "on" : "OFF");
	explain(try_op(DEMO_DIRECT_EXEC, code, 0, 0, 0), smep_on, "SMEP/PXN",
		"SMEP/PXN: the CPU will not fetch kernel-mode instructions from a user page,\n"
		"  so an attacker cannot make the kernel jump into code they wrote.",
		"The kernel ran instructions from a user page: with SMEP off an attacker\n"
		"  who redirects one kernel function pointer owns the machine.");
}

static void uma_ops(void)
{
	printf("4. DEMO_UMA_READ: the same read through ReadUCharFromUser\n");
	explain(try_op(DEMO_UMA_READ, page, 0, 0x5a, 0), 0, "(any protection)",
		"", "UMA checked the address is user space and opened the access window only\n"
		"  for that one load: correct with or without SMAP/PAN.");
	printf("5. DEMO_UMA_WRITE: the same store through WriteUCharToUser\n");
	explain(try_op(DEMO_UMA_WRITE, page, 0xa7, 0, 1), 0, "(any protection)",
		"", "The store went through UMA: correct with or without SMAP/PAN.");
	struct sysinfo si;
	sysinfo(&si);
	printf("6. DEMO_UMA_READ of a kernel address (%p): UMA must refuse it\n",
	       (void *)si.kernel_data);
	explain(try_op(DEMO_UMA_READ, (void *)si.kernel_data, 0, -1, 0), 0, "(any protection)",
		"", "The driver got an exception from UMA and returned EFAULT: a user cannot\n"
		"  make a UMA driver read kernel memory for them.");
	printf("7. DEMO_UMA_EXEC_CHECK: a correct driver refuses to run user code\n");
	explain(try_op(DEMO_UMA_EXEC_CHECK, code, 0, -1, 0), 0, "(any protection)",
		"", "EPERM: there is no safe way to CALL user code from the kernel.");
	printf("8. DEMO_CALLBACK: the driver asks user mode to run a registered function\n"
	       "   (callback_register) for x = 7 and returns fn(7) + 7\n");
	explain(try_op(DEMO_CALLBACK, NULL, 7, 7 * 7 + 7, 0), 0, "(any protection)",
		"", "The kernel never called the function: it saved the caller's registers in a\n"
		"  frame below the user stack, RETURNED to user mode at the function, and the\n"
		"  function's return ran a trampoline whose callback_return system call gave the\n"
		"  driver its result. SMEP/PXN stayed on (KeUserModeCallback, the safe way).");
}

/* The function the driver of step 8 asks for: runs in user mode, may make
 * system calls (printf is write), returns x * x. */
static long square_cb(long x, void *frame)
{
	printf("    in user mode: callback(%ld), frame at %p, pid %d\n", x, frame, getpid());
	return x * x;
}

/* One `return` instruction, in a user page that is readable and executable. */
static void *make_code_page(void)
{
	unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return p;
	static const unsigned char ret_x86[] = { 0xc3 };                   /* ret */
	static const unsigned char ret_arm[] = { 0xc0, 0x03, 0x5f, 0xd6 }; /* ret */
	struct sysinfo si;
	sysinfo(&si);
	if (!strcmp(si.arch, "aarch64"))
		memcpy(p, ret_arm, sizeof ret_arm);
	else
		memcpy(p, ret_x86, sizeof ret_x86);
	mprotect(p, 4096, PROT_READ | PROT_EXEC);
	return p;
}

int main(int argc, char **argv)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0) {
		printf("smapdemo: sysinfo: %s\n", strerror(errno));
		return 1;
	}
	smap_on = si.protection & 1;
	smep_on = (si.protection >> 1) & 1;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code = make_code_page();
	if (page == MAP_FAILED || code == MAP_FAILED) {
		printf("smapdemo: mmap: %s\n", strerror(errno));
		return 1;
	}
	printf("smapdemo on %s: SMAP/PAN is %s, SMEP/PXN is %s.\n\n", si.arch,
	       smap_on ? "ON" : "OFF", smep_on ? "ON" : "OFF");
	callback_register(square_cb);      /* for step 8 */
	direct_ops();
	uma_ops();
	if (surprises)
		printf("smapdemo: %d result(s) did not match the protection state.\n", surprises);
	else
		printf("smapdemo: every result matched the protection state.\n");
	return surprises != 0;
}
