/*
 * arch/x86_64/signal.c - the x86-64 signal frame (uapi/asm/sigcontext.h):
 * filling it, entering a handler, and checking it at sigreturn.
 *
 * The frame comes back from user memory and may have been edited by the
 * program. Linux (arch/x86/kernel/signal.c, restore_sigcontext) keeps the
 * same rules: the selectors are never taken from it, RFLAGS only its
 * arithmetic flags and DF (FIX_EFLAGS), and the FP image is sanitised
 * before FXRSTOR.
 */
#include "arch/arch.h"
#include "arch/signal.h"
#include "base/lab.h"
#include "base/string.h"
#include "base/printk.h"
#include "arch/x86_64/x86_64.h"

_Static_assert(sizeof(struct sig_fxsave) == sizeof(struct fxsave_area), "FXSAVE image");
_Static_assert(__builtin_offsetof(struct sigframe, fx) == SIGFRAME_FX_OFFSET, "frame layout");
_Static_assert(__builtin_offsetof(struct sigframe, fx.mxcsr) - SIGFRAME_FX_OFFSET ==
	       __builtin_offsetof(struct fxsave_area, mxcsr), "MXCSR offset");

/*
 * RFLAGS bits (Intel SDM Vol.1 3.4.3, Figure 3-8): the status flags CF PF
 * AF ZF SF OF and the control flag DF are the program's own; TF (single
 * step), IF, IOPL (port I/O), NT (IRET task switch), RF, VM (virtual-8086),
 * AC (which would open SMAP in the kernel), VIF, VIP and ID are system
 * flags a frame must not set. Bit 1 is always 1.
 */
#define RFLAGS_USER  (0x001ull | 0x004 | 0x010 | 0x040 | 0x080 | 0x400 | 0x800)
#define RFLAGS_TF    (1ull << 8)
#define RFLAGS_DF    (1ull << 10)
#define RFLAGS_FIXED (1ull << 1)
#define RED_ZONE     128          /* psABI 3.2.2: below rsp, the leaf's own */
/* SDM Vol.1 11.6.6: an MXCSR_MASK of 0 from FXSAVE means 0xffbf. */
#define MXCSR_MASK_DEFAULT 0xffbfu

uint64_t arch_sig_frame_addr(const struct trapframe *tf)
{
	// LAB signals BEGIN: where the frame goes: below the red zone, rsp + 8 16-byte aligned
	uint64_t sp = tf->rsp - RED_ZONE - sizeof(struct sigframe);

	return (sp & ~15ull) - 8;     /* rsp + 8 aligned at the handler's entry */
	// LAB signals STUB
	// LAB_MISSING("signals", "the red zone and the alignment of arch_sig_frame_addr");
	// return tf->rsp - sizeof(struct sigframe);
	// LAB signals END
}

void arch_sig_save(const struct trapframe *tf, struct sigframe *f, uint64_t restorer)
{
	struct fxsave_area fx;

	f->restorer = restorer;       /* the handler's return address */
	f->r15 = tf->r15; f->r14 = tf->r14; f->r13 = tf->r13; f->r12 = tf->r12;
	f->r11 = tf->r11; f->r10 = tf->r10; f->r9 = tf->r9; f->r8 = tf->r8;
	f->rbp = tf->rbp; f->rdi = tf->rdi; f->rsi = tf->rsi; f->rdx = tf->rdx;
	f->rcx = tf->rcx; f->rbx = tf->rbx; f->rax = tf->rax;
	f->rip = tf->rip; f->cs = tf->cs; f->rflags = tf->rflags;
	f->rsp = tf->rsp; f->ss = tf->ss;
	/* FXSAVE need not write every byte of its image: the 6 above each
	 * 80-bit ST register and bytes 416..511 are reserved (Intel SDM Vol.1
	 * 10.5.1, the FXSAVE area's layout), and QEMU leaves them alone.
	 * Zeroed first, or they go to the user as whatever the kernel stack
	 * held there (found by the info-leak detector). */
	memset(&fx, 0, sizeof(fx));
	x86_fp_save(&fx);             /* the CPU holds the thread's own (context.c) */
	memcpy(&f->fx, &fx, sizeof(fx));
}

/*
 * As if the interrupted code had called handler(sig, frame): the return
 * address on the stack is the trampoline. TF and DF are cleared (the psABI
 * wants DF clear at every call; a single-step trap has no business in the
 * handler); the FP registers stay as they are (the handler may use them,
 * sigreturn puts the saved ones back).
 */
void arch_sig_enter(struct trapframe *tf, uint64_t frame, uint64_t handler, uint64_t restorer,
		    int sig)
{
	// LAB signals BEGIN: enter handler(sig, frame) as if called, returning to the trampoline
	(void)restorer;               /* already at frame + 0 (arch_sig_save) */
	tf->rip = handler;
	tf->rsp = frame;
	tf->rdi = (uint64_t)sig;
	tf->rsi = frame;
	tf->rflags &= ~(RFLAGS_TF | RFLAGS_DF);
	// LAB signals STUB
	// LAB_MISSING("signals", "arch_sig_enter, the handler's entry");
	// /* tf unchanged: the thread resumes where it was, the handler never runs */
	// LAB signals END
}

uint64_t arch_sig_frame_at_return(const struct trapframe *tf)
{
	return tf->rsp - 8;           /* the handler's RET popped `restorer` */
}

// LAB signals BEGIN: sigreturn: check the kernel copy of the frame, then load it (x86-64)
/* The image from the frame, safe for FXRSTOR: MXCSR without the bits this
 * CPU reserves (a reserved bit set is #GP in the kernel, SDM Vol.1
 * 11.6.6, and Vol.2A FXRSTOR); the mask field itself is ignored. */
static void fx_sanitize(struct fxsave_area *fx, const struct sig_fxsave *from)
{
	struct fxsave_area cur;
	uint32_t mask;

	x86_fp_save(&cur);
	mask = cur.mxcsr_mask ? cur.mxcsr_mask : MXCSR_MASK_DEFAULT;
	memcpy(fx, from, sizeof(*fx));
	fx->mxcsr &= mask;
	fx->mxcsr_mask = 0;
}

bool arch_sig_restore(struct trapframe *tf, const struct sigframe *f, char *why, size_t n)
{
	struct fxsave_area fx;

	/* Below USER_VA_LIMIT is canonical too (SDM Vol.1 3.3.7.1): IRETQ and
	 * SYSRET to a non-canonical rip would fault in ring 0 (usermode.c). */
	if (f->rip >= USER_VA_LIMIT) {
		ksnprintf(why, n, "rip %#lx is not a user address", f->rip);
		return false;
	}
	fx_sanitize(&fx, &f->fx);
	tf->r15 = f->r15; tf->r14 = f->r14; tf->r13 = f->r13; tf->r12 = f->r12;
	tf->r11 = f->r11; tf->r10 = f->r10; tf->r9 = f->r9; tf->r8 = f->r8;
	tf->rbp = f->rbp; tf->rdi = f->rdi; tf->rsi = f->rsi; tf->rdx = f->rdx;
	tf->rcx = f->rcx; tf->rbx = f->rbx; tf->rax = f->rax;
	tf->rip = f->rip;
	tf->rsp = f->rsp;             /* any value: a bad one faults in user mode */
	tf->cs = SEL_UCODE;           /* never from the frame: ring 3, 64-bit code */
	tf->ss = SEL_UDATA;
	tf->rflags = (f->rflags & RFLAGS_USER) | X86_RFLAGS_IF | RFLAGS_FIXED;
	x86_fp_load(&fx);
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
	return tf->rax;
}
