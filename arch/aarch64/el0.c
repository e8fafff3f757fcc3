/*
 * arch/aarch64/el0.c - user mode: entering it, and everything that comes
 * back from it through the "lower EL, AArch64" vectors (vectors.S).
 *
 * The user's registers are saved as a struct trapframe at the top of the
 * thread's kernel stack: SP_EL1 points there while the thread runs at EL0
 * (user_eret leaves it so). TTBR0_EL1 keeps the user's tables while the
 * thread is in the kernel -- entry and exit never switch TTBR0 or the ASID
 * (SPEC section 3: QEMU flushes its whole TLB on such a switch); only the
 * scheduler does, through vm_activate_user. PSTATE.PAN is set again by
 * every exception entry (SCTLR_EL1.SPAN = 0, pan.c) and UAO stays 0.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/trap.h"
#include "base/string.h"
#include "base/percpu.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

/* SPSR_EL1 bits (Arm ARM, SPSR_EL1, "exception taken from AArch64"). */
#define SPSR_M_MASK   0x1full          /* M[4] = 0 AArch64, M[3:0] = EL and SP */
#define SPSR_M_EL0T   0x0ull
#define SPSR_DAIF     (0xfull << 6)
#define SPSR_PAN      (1ull << 22)
#define SPSR_NZCV     (0xfull << 28)
#define SPSR_BTYPE    (3ull << 10)
#define SPSR_SSBS     (1ull << 12)

/* SCTLR_EL1 and CNTKCTL_EL1 bits that decide what EL0 may do (Arm ARM,
 * SCTLR_EL1 and CNTKCTL_EL1). */
#define SCTLR_SA0      (1ull << 4)     /* SP alignment checked at EL0 */
#define SCTLR_UMA      (1ull << 9)     /* EL0 may write DAIF: never */
#define SCTLR_E0E      (1ull << 24)    /* EL0 big-endian: no */
#define CNTKCTL_EL0VCTEN (1ull << 1)   /* EL0 may read CNTVCT_EL0 */
/* CPACR_EL1 (Arm ARM D19, CPACR_EL1): what traps to EL1. */
#define CPACR_ZEN      (3ull << 16)    /* SVE: 0b00 traps (we save no Z/P registers) */
#define CPACR_FPEN     (3ull << 20)    /* FP/SIMD: 0b11 traps at neither EL0 nor EL1 */
#define CPACR_SMEN     (3ull << 24)    /* SME: 0b00 traps (no ZA state saved either) */

bool (*el0_sync_test_hook)(struct trapframe *tf);

/*
 * Called from arch_cpu_init. The firmware's values are not ours to trust:
 * with SCTLR_EL1.UMA = 1 a user program could mask interrupts and keep
 * the CPU forever, and with CNTKCTL_EL1.EL0VTEN = 1 it could stop the
 * timer the scheduler runs on. EL0 may only read the virtual counter.
 * FP/SIMD is on for EL0 (and EL1, for context.S's saves): every switch
 * saves and loads V0-V31, FPCR and FPSR (context.c). SVE and SME stay
 * trapped whatever UEFI left: their wider Z/P/ZA registers are not saved,
 * so using them would leak between threads; such an instruction is an
 * undefined-instruction fault that kills the program.
 */
void el0_cpu_init(void)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);

	write_sysreg(sctlr_el1, (sctlr | SCTLR_SA0) & ~(SCTLR_UMA | SCTLR_E0E));
	write_sysreg(cntkctl_el1, CNTKCTL_EL0VCTEN);
	write_sysreg(cpacr_el1, (read_sysreg(cpacr_el1) & ~(CPACR_ZEN | CPACR_SMEN)) | CPACR_FPEN);
	isb();
}

/*
 * The first entry to user mode: pc, sp, x0/x1 as given, every other
 * register 0 (nothing of the kernel leaks into the new program). EL0 with
 * SP_EL0, DAIF all clear so interrupts reach us from user mode. PSTATE.PAN
 * means nothing at EL0, but with SCTLR_EL1.SPAN = 1 (`nopan`) exception
 * entry keeps it, so EL0 carries the value the kernel runs with.
 */
void arch_utf_init(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1)
{
	memset(tf, 0, sizeof(*tf));
	tf->elr = pc;
	tf->sp_el0 = sp;
	tf->x[0] = arg0;
	tf->x[1] = arg1;
	tf->spsr = SPSR_M_EL0T | (arch_user_access_protected() ? SPSR_PAN : 0);
	tf->vector = FROM_EL0_64 * 4 + VEC_SYNC;      /* as if it came from EL0 */
}

void arch_tf_set_return(struct trapframe *tf, uint64_t value) { tf->x[0] = value; }
/* AAPCS64 6.8.2: the first argument is in x0, the same register as the result. */
void arch_tf_set_arg0(struct trapframe *tf, uint64_t value) { tf->x[0] = value; }

/* M[4:0] = 0b00000: AArch64 EL0 with SP_EL0 (the only user state we allow). */
bool arch_tf_from_user(const struct trapframe *tf)
{
	return (tf->spsr & SPSR_M_MASK) == SPSR_M_EL0T;
}

/* SP_EL1 at EL0 is the thread's own stack top, left there by user_eret
 * when the thread last went to user mode, so the CPU needs nothing. The
 * top is kept for the stack-overflow report (trap.c). */
static uint64_t kstack_top[MAX_CPUS];     /* per CPU: the thread each one runs */

void arch_set_kernel_stack(void *top)
{
	kstack_top[arch_cpu_id()] = (uint64_t)top;
}

uint64_t arch_kernel_stack_top(void)
{
	return kstack_top[arch_cpu_id()];
}

/*
 * After a stack overflow (arch/trap.c): we are on the overflow stack
 * (vectors.S). Move SP to the top of the thread's own stack, below its
 * user frame, and call fn; x29 = 0 ends a backtrace there. PSTATE.I is
 * cleared as the contract asks; nothing returns to the overflow stack.
 */
void arch_call_on_thread_stack(void (*fn)(void))
{
	uint64_t sp = (arch_kernel_stack_top() - sizeof(struct trapframe)) & ~15ull;

	__asm__ volatile("mov sp, %0\n\t"
			 "mov x29, xzr\n\t"
			 "msr daifclr, #2\n\t"
			 "blr %1\n\t"
			 "udf #0"
			 : : "r"(sp), "r"(fn) : "memory");
	__builtin_unreachable();
}

/*
 * ERET to EL0 with tf (the thread's utf, interrupts masked). Whatever
 * generic code did to the frame, it can only ever go to EL0 in AArch64
 * state with interrupts on: SPSR is rebuilt from the bits user code may
 * own (flags, BTYPE, SSBS), so a corrupted frame cannot ERET into EL1.
 */
void arch_return_to_user(struct trapframe *tf)
{
	tf->spsr = (tf->spsr & (SPSR_NZCV | SPSR_BTYPE | SPSR_SSBS)) | SPSR_M_EL0T |
		   (arch_user_access_protected() ? SPSR_PAN : 0);
	user_eret(tf);
}

/*
 * SVC #0 (ESR_EL1.EC = 0x15; ELR_EL1 already points after it, Arm ARM
 * "Preferred exception return address"). ABI (kernel/uapi/syscalls.h):
 * number in x8, arguments in x0..x5, result in x0. Handlers may sleep,
 * so interrupts are on while they run.
 */
static void el0_svc(struct trapframe *tf)
{
	struct syscall_args a = {
		.nr = tf->x[8],
		.arg = { tf->x[0], tf->x[1], tf->x[2], tf->x[3], tf->x[4], tf->x[5] },
	};

	arch_irq_enable();
	long r = arch_upcalls.syscall(&a);
	arch_irq_disable();
	arch_tf_set_return(tf, (uint64_t)r);
}

/* Interrupts are masked here (exception entry sets PSTATE.I) and stay so
 * until the ERET, apart from the syscall handler itself. */
void el0_trap(struct trapframe *tf)
{
	unsigned kind = tf->vector & 3;

	if (kind == VEC_SYNC && el0_sync_test_hook && el0_sync_test_hook(tf))
		return;
	if (kind == VEC_SYNC && ESR_EC(tf->esr) == EC_SVC64) {
		el0_svc(tf);
	} else if (kind == VEC_IRQ) {
		gic_handle_irq();
	} else {
		/* A user fault: generic code kills the process (and does not
		 * return); a breakpoint a debugger resumed would come back. */
		struct fault f;
		trap_decode(tf, &f);
		trap_exception(tf, &f);
	}
	arch_upcalls.user_return(tf);
}
