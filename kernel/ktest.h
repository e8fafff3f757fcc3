/*
 * kernel/ktest.h - in-kernel self-tests.
 *
 * Any file can define a test; it lands in the .ktests section and the
 * runner finds it there, so adding a test needs no list to edit:
 *
 *     KTEST(pmm_reuse)
 *     {
 *         paddr_t a = pmm_alloc();
 *         KEXPECT(a != 0);
 *         ...
 *     }
 *
 * The command line `ktest=all` runs every test, `ktest=pmm,vm_map` those
 * whose names start with one of the words. Results are TAP: `ok N - name`.
 * A test may expect a fault (ktest_expect_fault): the fault is reported as
 * a TAP diagnostic and the test carries on. An unexpected fault fails the
 * test and the run continues with the next one.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "base/types.h"
#include "arch/trap.h"

struct ktest {
	const char *name;
	void (*fn)(void);
	unsigned flags;
};
#define KTEST_EXPLICIT 1u   /* run only when named exactly (e.g. a must-fail demo) */

#define KTEST_FLAGS(tname, fl)                                                \
	static void ktest_fn_##tname(void);                                   \
	static const struct ktest ktest_##tname __used __section(".ktests")   \
		__aligned(8) = { #tname, ktest_fn_##tname, (fl) };            \
	static void ktest_fn_##tname(void)
#define KTEST(tname) KTEST_FLAGS(tname, 0)

/* Record a failure and go on / and end the test now. */
#define KEXPECT(cond) ktest_check((cond), #cond, __FILE__, __LINE__, false)
#define KASSERT(cond) ktest_check((cond), #cond, __FILE__, __LINE__, true)
/* Equality with both values printed on failure. */
#define KEXPECT_EQ(a, b) ktest_check_eq((uint64_t)(a), (uint64_t)(b), #a " == " #b, __FILE__, __LINE__)

void ktest_check(bool ok, const char *expr, const char *file, int line, bool fatal);
void ktest_check_eq(uint64_t a, uint64_t b, const char *expr, const char *file, int line);
void ktest_skip(const char *reason) __noreturn;   /* end the test as "# SKIP" */

/*
 * Run fn(arg), which should fault. Returns true if it did; *got (if not
 * NULL) receives the decoded fault. Execution continues here either way,
 * on the test's own stack: the fault handler makes the trap return into a
 * function that longjmps back.
 */
bool ktest_expect_fault(void (*fn)(void *), void *arg, struct fault *got);

/*
 * Arm a one-shot "resume" for the next breakpoint exception: the handler
 * counts it and continues at the following instruction, like a debugger.
 */
void ktest_resume_next_breakpoint(void);
unsigned ktest_breakpoints_seen(void);

/*
 * User pages for tests (there are no processes yet). The runner keeps a
 * user address space active during each test and empties it afterwards.
 * ktest_user_map() maps `pages` fresh zeroed pages with vmflags (VM_USER
 * is added) and leaves an unmapped page after them, so the byte after the
 * block always faults. vmflags == 0 reserves the range without mapping it
 * (a PROT_NONE hole). ktest_user_map_at() does the same at a chosen user
 * address. ktest_user_kaddr() gives the kernel's own view of a mapped
 * user byte (through the direct map), to check or prepare contents
 * without a user access.
 */
void __user *ktest_user_map(size_t pages, unsigned vmflags);
void __user *ktest_user_map_at(uintptr_t uva, size_t pages, unsigned vmflags);
void *ktest_user_kaddr(const volatile void __user *uva);
void ktest_user_reset(void);

bool ktest_running(void);
/* Run the tests the filter selects and print TAP; returns the number of failures. */
unsigned ktest_run(const char *filter);

#endif
