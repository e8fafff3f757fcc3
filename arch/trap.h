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
 *   user_fault  a fault in user mode: say what happened, end the process
 *   oops_exit   a kernel bug met while serving the process: end it
 * Without them every fault is the kernel's and ends in a panic.
 */
struct trap_task_ops {
	bool (*describe)(char *buf, size_t size);
	void (*user_fault)(const char *what, uint64_t addr, uint64_t pc) __noreturn;
	void (*oops_exit)(void) __noreturn;
};
void trap_set_task_ops(const struct trap_task_ops *ops);

/* Print the standard report for a fault (used by oops and by tests that
 * expect a fault, so the report a student reads is the same in both). */
void trap_report(const struct trapframe *tf, const struct fault *f);

void backtrace_from(uint64_t fp, uint64_t pc);

#endif
