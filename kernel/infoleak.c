/*
 * kernel/infoleak.c - the info-leak detector's poison (see infoleak.h).
 *
 * UMA checks what goes out (uma/infoleak.c); this file makes sure that
 * whatever nobody initialised holds the poison: heap blocks (kmalloc calls
 * il_poison_heap) and the kernel stack a system call's handler runs on.
 */
#include "infoleak.h"
#include "thread.h"
#include "proc.h"
#include "base/cmdline.h"
#include "base/printk.h"
#include "uma/usermode_accessors.h"
#include "uapi/errno.h"

#define POISON64 (INFOLEAK_POISON * 0x0101010101010101ull)

/* Bytes left below the filler's marker: its other locals, if any. */
#define FILL_MARGIN 32
/* How far run_poisoned steps down before it calls the handler: past
 * fill_below's frame (return address, saved registers, marker) and the
 * margin, the only bytes below it that are not poison. */
#define STEP 128

static int context(char *buf, size_t size)
{
	struct thread *t = current_thread();
	struct proc *p = t ? t->proc : NULL;
	char what[48], who[48];

	if (t && t->il_call)
		ksnprintf(what, sizeof(what), "syscall %lu (%s)", t->il_nr, t->il_call);
	else
		ksnprintf(what, sizeof(what), "outside a system call");
	if (p)
		ksnprintf(who, sizeof(who), "pid %d (%s)", p->pid, p->name);
	else
		ksnprintf(who, sizeof(who), "kernel thread %s", t ? t->name : "?");
	int n = ksnprintf(buf, size, "%s in %s", what, who);
	return n < (int)size ? n : (int)size - 1;
}

void infoleak_init(void)
{
	il_set_context(context);
	if (cmdline_has("infoleak")) {
		il_set(true);
		kprintf("infoleak: detector on (command line): heap and stacks poisoned with %#x\n",
			INFOLEAK_POISON);
	}
}

/*
 * Poison from the stack's lowest byte (page-aligned) up to just below this
 * function's own frame (32-aligned), four words a step. A leaf with one
 * local: everything under the marker but a margin is free stack. Volatile
 * stores, so that GCC neither turns the loop into a call to memset (whose
 * frame would be below us, in the range being filled) nor drops it.
 * Skipping what the last fill left intact (the stack below the deepest
 * point the last call reached) is no faster under QEMU: reading a word to
 * compare costs what writing it does (infoleak_stack_poison_cost, both
 * ways: 1.7 us a call on ARM64 writing everything, 2.2-3.4 us skipping).
 */
static __attribute__((noinline)) void fill_below(uintptr_t lo)
{
	volatile uint64_t marker = 0;
	uintptr_t top = ((uintptr_t)&marker & ~(uintptr_t)31) - FILL_MARGIN;

	if (top <= lo || top - lo > KSTACK_SIZE)
		return;                   /* not on this thread's stack */
	for (volatile uint64_t *v = (volatile uint64_t *)lo; (uintptr_t)v < top; v += 4) {
		v[0] = POISON64;
		v[1] = POISON64;
		v[2] = POISON64;
		v[3] = POISON64;
	}
}

/*
 * fn(arg) on poison. The only bytes under this frame that fill_below
 * could not poison are its own frame's; stepping STEP bytes down
 * (alloca) before the call puts fn's first frame below them, so every
 * byte fn's locals start with is poison.
 */
static __attribute__((noinline)) long run_poisoned(long (*fn)(void *), void *arg, void *kstack)
{
	if (kstack)
		fill_below((uintptr_t)kstack);
	void *step = __builtin_alloca(STEP);
	__asm__ volatile("" : : "r"(step) : "memory");   /* keep it */
	return fn(arg);
}

long il_call_poisoned(long (*fn)(void *arg), void *arg, unsigned long nr, const char *name)
{
	struct thread *t = current_thread();
	const char *saved_call = t->il_call;   /* a callback's call inside another */
	unsigned long saved_nr = t->il_nr;
	volatile long ret;

	t->il_call = name;
	t->il_nr = nr;
	/* Catch here what syscall_run would (same filter, same -EFAULT), so
	 * that the record is put back on every way out. */
	__try {
		ret = run_poisoned(fn, arg, t->kstack);
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	t->il_call = saved_call;
	t->il_nr = saved_nr;
	return ret;
}

struct handler_call {
	long (*fn)(const struct syscall_args *a);
	const struct syscall_args *a;
};

static long run_handler(void *p)
{
	const struct handler_call *h = p;
	return h->fn(h->a);
}

long il_syscall(long (*fn)(const struct syscall_args *a), const struct syscall_args *a,
		unsigned long nr, const char *name)
{
	struct handler_call h = { fn, a };
	return il_call_poisoned(run_handler, &h, nr, name);
}
