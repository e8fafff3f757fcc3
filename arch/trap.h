/*
 * arch/trap.h - what an exception means, independent of the CPU.
 *
 * The arch trap handler (arch/<arch>/trap.c) decodes the hardware's report
 * (x86 vector + error code + CR2, ARM64 ESR_EL1 + FAR_EL1) into a struct
 * fault and hands it to trap_exception(), which decides what happens next:
 * a registered fault hook (a self-test expecting the fault, later the UMA
 * exception table) may resolve it; otherwise it is an oops.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "base/types.h"
#include <asm/cpu.h>    /* arch_counter, for trap_stamp */

struct trapframe;

enum fault_kind {
	FAULT_PAGE = 1,      /* translation or permission fault on an access */
	FAULT_BREAKPOINT,    /* int3 / brk */
	FAULT_UNDEFINED,     /* ud2 / undefined instruction */
	FAULT_GENERAL,       /* #GP (e.g. non-canonical address) */
	FAULT_ALIGNMENT,     /* #AC / alignment fault, SP/PC alignment */
	FAULT_FASTFAIL,      /* arch_fastfail(): code holds the FAST_FAIL_ code */
	FAULT_OTHER,         /* anything else: divide error, SError, ... */
};

enum fault_access { ACCESS_NONE = 0, ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };

struct fault {
	enum fault_kind kind;
	enum fault_access access;   /* for FAULT_PAGE (and #GP when known) */
	bool present;               /* page fault on a mapped page: a permission fault */
	bool user_mode;             /* the CPU was in user mode (EL0 / CPL 3) */
	bool has_addr;              /* addr is meaningful */
	const char *name;           /* "Page fault", "Data abort", "Breakpoint", ... */
	const char *violation;      /* "SMAP violation" and friends, or NULL */
	uint64_t pc;                /* faulting instruction */
	uint64_t next_pc;           /* instruction after a breakpoint (resume point) */
	uint64_t addr;              /* CR2 / FAR_EL1 */
	uint64_t code;              /* x86 error code / ARM64 ESR_EL1 */
	char detail[96];            /* decoded code, e.g. "P=1 W=1 U=0 I=0" or "EC=0x25 DFSC=0x0f" */
};

/* Called by arch code for every exception. Returns when the fault was
 * resolved (the frame may have been changed to resume elsewhere). */
void trap_exception(struct trapframe *tf, struct fault *f);

/*
 * A fault hook gets a look at every kernel-mode fault before it becomes an
 * oops. Return true if it handled the fault (it may edit tf to resume).
 * The UMA exception table (uma/extable.c) registers one, the self-test
 * framework another.
 */
typedef bool (*fault_hook_fn)(struct trapframe *tf, const struct fault *f);
void trap_add_hook(fault_hook_fn fn);

/*
 * Processes live far above this layer (kernel/proc.c), so it registers
 * what a fault means for the running one:
 *   describe    write "pid 3 (sh)" for reports; false in a kernel thread
 *   user_fault  a fault in user mode: say what happened, end the process;
 *               or return, when the process handles it (a SIGSEGV
 *               handler): the trap then goes back to user mode as usual
 *   oops_exit   a kernel bug met while serving the process: end it
 * Without them every fault is the kernel's and ends in a panic.
 */
struct trap_task_ops {
	bool (*describe)(char *buf, size_t size);
	void (*user_fault)(const char *what, uint64_t addr, uint64_t pc);
	void (*oops_exit)(void) __noreturn;
};
void trap_set_task_ops(const struct trap_task_ops *ops);

/*
 * The early path for the common fault, a user-access instruction meeting a
 * bad user pointer: the arch trap code asks the exception table (uma/,
 * above, registers its search with trap_set_fixup_ops) before decoding
 * anything. Only a listed instruction can be fixed up, and only after the
 * arch has ruled out a SMAP/PAN violation, which is never fixed up:
 *   fixup = trap_fixup_search(pc);        // 0: not listed, the slow path
 *   if (fixup && !violation)
 *       trap_fixup_apply(tf, fixup, addr, pc);
 * Any other fault takes the full decode and trap_exception(), where the
 * same table is searched again by uma/'s fault hook.
 */
struct trap_fixup_ops {
	uint64_t (*search)(uint64_t pc);                /* the fixup, or 0 */
	void (*record)(uint64_t addr, uint64_t pc);     /* what faulted, for the exception */
};
void trap_set_fixup_ops(const struct trap_fixup_ops *ops);
uint64_t trap_fixup_search(uint64_t pc);
void trap_fixup_apply(struct trapframe *tf, uint64_t fixup, uint64_t addr, uint64_t pc);

/*
 * `make bench` times the stages of a caught fault from inside
 * (kernel/bench.c): while trap_stamping is set, the trap path stores the
 * arch counter as it passes each point. Off, a stamp costs one load and a
 * branch not taken.
 */
enum trap_stamp_point {
	STAMP_TRAP_ENTRY,         /* first C code of the arch trap handler */
	STAMP_TABLE_SEARCHED,     /* trap_fixup_search() done */
	STAMP_VIOLATION_CHECKED,  /* the SMAP/PAN check done: about to fix up */
	NSTAMPS
};
extern bool trap_stamping;
extern uint64_t trap_stamps[NSTAMPS];

static __always_inline void trap_stamp(enum trap_stamp_point i)
{
	if (unlikely(trap_stamping))
		trap_stamps[i] = arch_counter();
}

/*
 * A kernel stack ran into its guard page (arch/kstack.h). The arch trap
 * code recognises it where it can still run -- x86-64 in the #DF handler
 * on its own IST stack, ARM64 on the overflow stack its vector switched
 * to -- and calls this, which prints
 *     KERNEL OOPS: kernel stack overflow in pid N (name)
 * and the report, then ends the process from the top of its thread's
 * stack (arch_call_on_thread_stack): the overflowed stack is never
 * returned to. With `oops=panic`, or in a kernel thread, it panics.
 * `guard` is the faulting address in the guard.
 */
void trap_stack_overflow(struct trapframe *tf, struct fault *f, uint64_t guard) __noreturn;

/* The last overflow reported, for the self-test (kernel/tests/kstack_test.c). */
struct trap_overflow_record {
	unsigned count;             /* overflows reported since boot */
	uint64_t addr;              /* the guard address that faulted */
	uint64_t stack_top;         /* the top of the stack that overflowed */
	char who[48];               /* "pid 7 (name)" */
};
extern struct trap_overflow_record trap_last_overflow;

/* Print the standard report for a fault (used by oops and by tests that
 * expect a fault, so the report a student reads is the same in both). */
void trap_report(const struct trapframe *tf, const struct fault *f);

void backtrace_from(uint64_t fp, uint64_t pc);

#endif
