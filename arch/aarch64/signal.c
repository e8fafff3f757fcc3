/*
 * arch/aarch64/signal.c - the ARM64 signal frame (uapi/asm/sigcontext.h):
 * filling it, entering a handler, and checking it at sigreturn.
 *
 * The frame comes back from user memory and may have been edited by the
 * program. As Linux does (arch/arm64/kernel/signal.c, restore_sigframe and
 * valid_user_regs), the saved PSTATE is never trusted: only the condition
 * flags survive, the mode is always EL0t in AArch64 state.
 */
#include "arch/arch.h"
#include "arch/signal.h"
#include "base/lab.h"
#include "base/string.h"
#include "base/printk.h"

void fpsimd_save(struct fpsimd_state *s);        /* context.S */
void fpsimd_load(const struct fpsimd_state *s);

_Static_assert(sizeof(((struct sigframe *)0)->v) == sizeof(((struct fpsimd_state *)0)->v),
	       "V0-V31");
_Static_assert(__builtin_offsetof(struct sigframe, v) % 16 == 0, "frame layout");
_Static_assert(sizeof(struct sigframe) % 16 == 0, "frame keeps SP aligned");

/*
 * SPSR_EL1 for an exception taken from AArch64 (Arm ARM C5.2.18): N Z C V
 * in bits 31:28 are the program's; everything else -- M[4:0] (mode, EL
 * and stack), nRW (bit 4), DAIF (9:6), IL (20), SS (21), PAN (22), UAO,
 * DIT, TCO, BTYPE -- is the kernel's to choose. M = 0b00000 is EL0t.
 */
#define SPSR_NZCV  (0xfull << 28)
#define SPSR_EL0T  0x0ull
#define SPSR_PAN   (1ull << 22)
#define SPSR_BTYPE (3ull << 10)
/* FPCR (Arm ARM C5.2, FPCR): AHP DN FZ RMode (26:22), FZ16 (19), the trap
 * enables IDE (15) IXE UFE OFE DZE IOE (12:8). FPSR (C5.2, FPSR): N Z C V QC
 * (31:27) and the cumulative flags IDC (7), IXC UFC OFC DZC IOC (4:0). The
 * rest is reserved: never loaded from a frame. */
#define FPCR_VALID 0x07c89f00ull
#define FPSR_VALID 0xf800009full

uint64_t arch_sig_frame_addr(const struct trapframe *tf)
{
	// LAB signals BEGIN: where the frame goes: below sp, 16-byte aligned
	return (tf->sp_el0 - sizeof(struct sigframe)) & ~15ull;   /* AAPCS64 6.2.2 */
	// LAB signals STUB
	// LAB_MISSING("signals", "the alignment of arch_sig_frame_addr");
	// return tf->sp_el0 - sizeof(struct sigframe) - 8;
	// LAB signals END
}

void arch_sig_save(const struct trapframe *tf, struct sigframe *f, uint64_t restorer)
{
	(void)restorer;                /* in x30, not in memory (arch_sig_enter) */
	struct fpsimd_state fp;

	memcpy(f->x, tf->x, sizeof(f->x));
	f->sp = tf->sp_el0;
	f->pc = tf->elr;
	f->pstate = tf->spsr;
	fpsimd_save(&fp);              /* the CPU holds the thread's own (context.c) */
	memcpy(f->v, fp.v, sizeof(f->v));
	f->fpsr = fp.fpsr;
	f->fpcr = fp.fpcr;
}

/* As if the interrupted code had called handler(sig, frame) with the
 * trampoline as its return address (x30). */
void arch_sig_enter(struct trapframe *tf, uint64_t frame, uint64_t handler, uint64_t restorer,
		    int sig)
{
	// LAB signals BEGIN: enter handler(sig, frame) as if called, returning to the trampoline
	tf->elr = handler;
	tf->sp_el0 = frame;
	tf->x[0] = (uint64_t)sig;
	tf->x[1] = frame;
	tf->x[30] = restorer;
	tf->spsr &= ~SPSR_BTYPE;       /* a call, not a branch into the middle */
	// LAB signals STUB
	// LAB_MISSING("signals", "arch_sig_enter, the handler's entry");
	// /* tf unchanged: the thread resumes where it was, the handler never runs */
	// LAB signals END
}

uint64_t arch_sig_frame_at_return(const struct trapframe *tf)
{
	return tf->sp_el0;             /* the handler's RET left sp at the frame */
}

// LAB signals BEGIN: sigreturn: check the kernel copy of the frame, then load it (ARM64)
bool arch_sig_restore(struct trapframe *tf, const struct sigframe *f, char *why, size_t n)
{
	struct fpsimd_state fp;

	/* ERET to a kernel address at EL0 would only fault, but a return to
	 * anywhere outside user space is no return a program can mean. */
	if (f->pc >= USER_VA_LIMIT) {
		ksnprintf(why, n, "pc %#lx is not a user address", f->pc);
		return false;
	}
	memcpy(fp.v, f->v, sizeof(fp.v));
	fp.fpsr = f->fpsr & FPSR_VALID;
	fp.fpcr = f->fpcr & FPCR_VALID;
	memcpy(tf->x, f->x, sizeof(tf->x));
	tf->sp_el0 = f->sp;            /* any value: a bad one faults at EL0 */
	tf->elr = f->pc;
	/* PAN: the kernel's own setting for EL0 frames, as arch_return_to_user
	 * and arch_utf_init give it (el0.c); never the frame's. */
	tf->spsr = (f->pstate & SPSR_NZCV) | SPSR_EL0T |
		   (arch_user_access_protected() ? SPSR_PAN : 0);
	fpsimd_load(&fp);
	return true;
}
// LAB signals STUB
// bool arch_sig_restore(struct trapframe *tf, const struct sigframe *f, char *why, size_t n)
// {
// 	/* Safe and wrong: every process that returns from a handler is killed,
// 	 * but nothing from the frame reaches the CPU. */
// 	LAB_MISSING("signals", "arch_sig_restore, sigreturn's checks");
// 	ksnprintf(why, n, "the frame's checks are not written yet");
// 	return false;
// }
// LAB signals END

uint64_t arch_sig_retval(const struct trapframe *tf)
{
	return tf->x[0];
}
