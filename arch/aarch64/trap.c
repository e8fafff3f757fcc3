/*
 * arch/aarch64/trap.c - turn an ARM64 exception into a struct fault.
 *
 * vectors.S saves a struct trapframe and calls aarch64_trap(). What comes
 * from user mode goes to el0.c, kernel IRQs to the GIC; everything else is
 * decoded from ESR_EL1 (Arm ARM, ESR_EL1: EC in bits [31:26], IL bit 25,
 * ISS in [24:0]) and FAR_EL1 and handed to trap_exception(), which owns
 * the policy (hooks, oops, panic; for a user fault: kill the process).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "arch/trap.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/aarch64/aarch64.h"
#include "arch/kstack.h"
#include "base/lab.h"
#include <asm/sysreg.h>

/* Exception classes (Arm ARM, ESR_EL1.EC); EC_SVC64 is in aarch64.h. */
#define EC_UNKNOWN     0x00
#define EC_FP_ACCESS   0x07            /* FP/SIMD with CPACR_EL1.FPEN trapping: not any more (el0.c) */
#define EC_SVE_ACCESS  0x19            /* SVE with CPACR_EL1.ZEN off (el0.c) */
#define EC_SME_ACCESS  0x1d            /* SME with CPACR_EL1.SMEN off (el0.c) */
#define EC_SYSREG      0x18            /* MSR/MRS/system instruction trapped */
#define EC_IABT_LOW    0x20
#define EC_IABT_CUR    0x21
#define EC_PC_ALIGN    0x22
#define EC_DABT_LOW    0x24
#define EC_DABT_CUR    0x25
#define EC_SP_ALIGN    0x26
#define EC_SERROR      0x2f
#define EC_BRK64       0x3c

/* BRK immediate of arch_fastfail (insn.S): what Windows on ARM64 uses. */
#define BRK_FASTFAIL   0xf003

/* ISS of a data abort (Arm ARM, ESR_EL1, "ISS encoding for an exception
 * from a Data Abort"); instruction aborts share FSC and FnV. */
#define ISS_FSC(iss)   ((iss) & 0x3f)
#define ISS_WNR        (1u << 6)
#define ISS_FNV        (1u << 10)

static const char *vector_names[16] = {
	"sync EL1t", "IRQ EL1t", "FIQ EL1t", "SError EL1t",
	"sync EL1h", "IRQ EL1h", "FIQ EL1h", "SError EL1h",
	"sync EL0", "IRQ EL0", "FIQ EL0", "SError EL0",
	"sync EL0/AArch32", "IRQ EL0/AArch32", "FIQ EL0/AArch32", "SError EL0/AArch32",
};

/* Fault status code of an abort: kind of fault and translation level.
 * Returns the short name used in the detail line. */
static const char *fsc_name(unsigned fsc, int *level)
{
	*level = fsc & 3;
	switch (fsc >> 2) {
	case 0: return "address size";
	case 1: return "translation";
	case 2: return "access flag";
	case 3: return "permission";
	}
	*level = -1;
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment";
	case 0x30: return "TLB conflict";
	}
	return "other";
}

static void decode_abort(struct fault *f, const struct trapframe *tf, bool insn)
{
	uint64_t esr = tf->esr, far = tf->far;
	unsigned iss = ESR_ISS(esr), fsc = ISS_FSC(iss);
	unsigned ec = ESR_EC(esr);
	int level;
	const char *what = fsc_name(fsc, &level);
	int n;

	f->name = insn ? "Instruction abort" : "Data abort";
	f->access = insn ? ACCESS_EXEC : (iss & ISS_WNR) ? ACCESS_WRITE : ACCESS_READ;
	f->addr = far;
	f->has_addr = !(iss & ISS_FNV);
	if (fsc < 0x10)                        /* address size, translation, AF, permission */
		f->kind = FAULT_PAGE;
	else
		f->kind = fsc == 0x21 ? FAULT_ALIGNMENT : FAULT_OTHER;
	/* Access flag faults hit a valid entry too; only translation faults
	 * (and address size faults) mean "nothing mapped there". */
	f->present = (fsc >> 2) == 2 || (fsc >> 2) == 3;
	/* Kernel access to a user page stopped by PAN / PXN (SPEC section 4). */
	if (ec == EC_DABT_CUR || ec == EC_IABT_CUR)
		f->violation = pan_violation(tf, ec, fsc, far, f->has_addr);

	n = ksnprintf(f->detail, sizeof(f->detail), "EC=0x%02x (%s abort, %s EL) %s=0x%02x (%s",
		      ec, insn ? "instruction" : "data",
		      (ec & 1) ? "same" : "lower", insn ? "IFSC" : "DFSC", fsc, what);
	if (level >= 0 && n > 0 && (size_t)n < sizeof(f->detail))
		n += ksnprintf(f->detail + n, sizeof(f->detail) - n, ", level %d", level);
	if (n > 0 && (size_t)n < sizeof(f->detail))
		ksnprintf(f->detail + n, sizeof(f->detail) - n, insn ? ")" : ") WnR=%u",
			  (iss & ISS_WNR) ? 1u : 0u);
}

/* Synchronous exceptions: one case per class the kernel can meet. */
static void decode_sync(const struct trapframe *tf, struct fault *f)
{
	uint64_t esr = tf->esr;
	unsigned ec = ESR_EC(esr), iss = ESR_ISS(esr);

	switch (ec) {
	case EC_DABT_CUR: case EC_DABT_LOW:
		decode_abort(f, tf, false);
		return;
	case EC_IABT_CUR: case EC_IABT_LOW:
		decode_abort(f, tf, true);
		return;
	case EC_BRK64:
		if ((iss & 0xffff) == BRK_FASTFAIL) {
			/* arch_fastfail(): Windows on ARM64's __fastfail, code in x0. */
			f->kind = FAULT_FASTFAIL;
			f->name = "Fast fail";
			f->code = tf->x[0];
			f->next_pc = tf->elr + 4;
			ksnprintf(f->detail, sizeof(f->detail),
				  "FAST_FAIL code 0x%lx (EC=0x3c BRK #0xf003)", (unsigned long)tf->x[0]);
			return;
		}
		f->kind = FAULT_BREAKPOINT;
		f->name = "Breakpoint";
		f->next_pc = tf->elr + 4;      /* ELR points at the BRK itself */
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x3c (BRK) imm=0x%x", iss & 0xffff);
		return;
	case EC_UNKNOWN:
		f->kind = FAULT_UNDEFINED;
		f->name = "Undefined instruction";
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x00 (unknown reason) IL=%u",
			  (unsigned)(esr >> 25) & 1);
		return;
	case EC_PC_ALIGN:
		f->kind = FAULT_ALIGNMENT;
		f->name = "PC alignment fault";
		f->addr = tf->far;
		f->has_addr = true;
		f->access = ACCESS_EXEC;
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x22 (PC alignment)");
		return;
	case EC_SP_ALIGN:
		f->kind = FAULT_ALIGNMENT;
		f->name = "SP alignment fault";
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x26 (SP alignment) sp=0x%lx",
			  (unsigned long)((tf->vector >> 2) == FROM_EL0_64 ? tf->sp_el0 : tf->sp));
		return;
	case EC_FP_ACCESS:
	case EC_SVE_ACCESS:
	case EC_SME_ACCESS:
		/* FP/SIMD is on for every thread (its registers are switched);
		 * SVE and SME stay off, their wider registers are not: like
		 * x86's AVX with CR4.OSXSAVE clear, an undefined instruction. */
		f->kind = FAULT_UNDEFINED;
		f->name = ec == EC_FP_ACCESS ? "FP/SIMD instruction" : "SVE/SME instruction";
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x%02x (%s access, disabled)", ec,
			  ec == EC_FP_ACCESS ? "FP/SIMD" : ec == EC_SVE_ACCESS ? "SVE" : "SME");
		return;
	case EC_SYSREG:
		f->kind = FAULT_GENERAL;       /* privileged instruction: like x86 #GP */
		f->name = "Privileged instruction";
		ksnprintf(f->detail, sizeof(f->detail), "EC=0x18 (MSR/MRS/system instruction) ISS=0x%07x",
			  iss);
		return;
	}
	f->kind = FAULT_OTHER;
	f->name = ec == EC_SVC64 ? "Supervisor call" : "Synchronous exception";
	ksnprintf(f->detail, sizeof(f->detail), "EC=0x%02x ISS=0x%07x", ec, iss);
}

/*
 * Fill f from the frame: the fault an exception means. Used for every
 * exception except IRQs and system calls, from EL1 and EL0 alike (an EL0
 * abort has the same ISS layout as an EL1 one, only EC differs by one).
 */
void trap_decode(const struct trapframe *tf, struct fault *f)
{
	unsigned kind = tf->vector & 3, from = tf->vector >> 2;

	memset(f, 0, sizeof(*f));
	f->pc = tf->elr;
	f->code = tf->esr;
	f->user_mode = from == FROM_EL0_64 || from == FROM_EL0_32;
	if (kind == VEC_SYNC && (from == FROM_EL1H || from == FROM_EL0_64)) {
		decode_sync(tf, f);
		return;
	}
	/* SError, FIQ, anything on SP_EL0 or from AArch32: none of these is
	 * expected (no FIQ sources, no AArch32 EL0), so report what we saw. */
	f->kind = FAULT_OTHER;
	f->name = kind == VEC_SERROR ? "SError" : "Unexpected exception";
	ksnprintf(f->detail, sizeof(f->detail), "vector %s, EC=0x%02x ISS=0x%07x",
		  vector_names[tf->vector & 15], (unsigned)ESR_EC(tf->esr),
		  (unsigned)ESR_ISS(tf->esr));
}

/*
 * The common EL1 data abort, taken early and cheaply: a UMA accessor that
 * met a bad user pointer. Only an instruction listed in the exception
 * table may be fixed up, so look there first (a binary search); then make
 * sure the abort is not a PAN violation -- a privileged LDR/STR on a user
 * page while PSTATE.PAN=1 is a kernel bug even in a listed spot, and is
 * left to the full decode, which names it and oopses. Returns true if
 * the frame now resumes at the fixup.
 */
static bool uaccess_fault_fixup(struct trapframe *tf)
{
	unsigned ec = ESR_EC(tf->esr), iss = ESR_ISS(tf->esr);
	bool far_valid = !(iss & ISS_FNV);
	uint64_t fixup;

	if (ec != EC_DABT_CUR)
		return false;
	fixup = trap_fixup_search(tf->elr);
	trap_stamp(STAMP_TABLE_SEARCHED);
	if (!fixup)
		return false;
	// LAB extable BEGIN: refuse to fix up a PAN violation on the early path
	if (pan_violation(tf, ec, ISS_FSC(iss), tf->far, far_valid))
		return false;
	// LAB extable STUB
	// LAB_MISSING("extable", "uaccess_fault_fixup (ARM64): a listed privileged access under PAN is fixed up, not refused");
	// LAB extable END
	trap_stamp(STAMP_VIOLATION_CHECKED);
	trap_fixup_apply(tf, fixup, far_valid ? tf->far : 0, tf->elr);
	return true;
}

/*
 * vectors.S found SP in a guard (bit KSTACK_SHIFT set) on a synchronous
 * exception in EL1 and switched to the overflow stack; tf->sp_el0 holds
 * that SP less the frame it was about to save. The exception itself is
 * the fault that met the guard (a data abort: ESR and FAR were saved as
 * usual). If SP is in the guard of the running thread's stack, it is a
 * stack overflow; anything else with that bit set is a wild stack
 * pointer, and there is no stack left to go on with.
 */
static void el1_stack_overflow(struct trapframe *tf)
{
	uint64_t sp = tf->sp_el0 + TF_SIZE;               /* SP before the exception */
	uint64_t top = arch_kernel_stack_top();
	struct fault f;

	tf->sp = sp;
	tf->vector = FROM_EL1H * 4 + VEC_SYNC;            /* what it was */
	trap_decode(tf, &f);
	if (kstack_in_guard(sp - TF_SIZE, top) || kstack_in_guard(sp - 1, top)) {
		gic_end_abandoned_interrupt();
		trap_stack_overflow(tf, &f, f.has_addr && kstack_in_guard(f.addr, top) ?
				    f.addr : sp - TF_SIZE);
	}
	kprintf("\nKERNEL OOPS: kernel stack pointer %p is off every stack\n", (void *)sp);
	trap_report(tf, &f);
	panic("bad kernel stack pointer");
}

/* Called by vectors.S for every exception; returning ERETs to the frame. */
void aarch64_trap(struct trapframe *tf)
{
	unsigned kind = tf->vector & 3, from = tf->vector >> 2;
	struct fault f;

	trap_stamp(STAMP_TRAP_ENTRY);
	if (tf->vector == VEC_EL1_STACK_OVERFLOW)
		el1_stack_overflow(tf);        /* does not return */
	if (from == FROM_EL0_64) {
		el0_trap(tf);                  /* system calls, user faults, IRQs in user mode */
		return;
	}
	if (kind == VEC_IRQ && from == FROM_EL1H) {
		gic_handle_irq();
		return;
	}
	if (kind == VEC_SYNC && from == FROM_EL1H && uaccess_fault_fixup(tf))
		return;
	trap_decode(tf, &f);
	trap_exception(tf, &f);
}
