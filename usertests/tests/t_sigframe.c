/*
 * t_sigframe - sigreturn treats the frame as hostile (docs/syscalls.md,
 * "Signals"; arch/ARCH/signal.c).
 *
 * A SIGUSR1 handler edits one field of its frame (<asm/sigcontext.h>) and
 * returns; sigreturn must then either resume the program in user mode with
 * only what a program may set (the next frame the kernel writes shows the
 * registers it really resumed with, compared with one taken before any
 * edit), or kill it with its reason (status -1). Each case runs in a child;
 * the kernel must be healthy at the end.
 */
#include "testlib.h"
#include "cpuregs.h"
#include <asm/sigcontext.h>

static void (*edit)(struct sigframe *f);
static struct sigframe seen, base;

static void edit_handler(int sig, struct sigframe *f)
{
	edit(f);
}

static void snapshot(int sig, struct sigframe *f)
{
	seen = *f;
}

/* Raise SIGUSR1 with e editing its frame; kill's result as the program
 * gets it back. */
static long edited(void (*e)(struct sigframe *))
{
	edit = e;
	signal(SIGUSR1, (sighandler_t)(void (*)(void))edit_handler);
	return kill(getpid(), SIGUSR1);
}

/* The registers the kernel resumes with, from the next frame it writes. */
static void take_snapshot(struct sigframe *out)
{
	signal(SIGUSR2, (sighandler_t)(void (*)(void))snapshot);
	kill(getpid(), SIGUSR2);
	*out = seen;
}

static void set_result(struct sigframe *f)
{
#ifdef __x86_64__
	f->rax = 1234;
#else
	f->x[0] = 1234;
#endif
}
static void block_all(struct sigframe *f) { f->blocked = ~0ul; }

static volatile int usr2_seen;
static void count_usr2(int sig) { usr2_seen++; }

/* ---- portable cases ----------------------------------------------------- */

static void child_result(void)
{
	exit(edited(set_result) == 1234 ? 0 : 1);
}

/* A mask of all ones blocks SIGUSR2 from now on, never SIGKILL. */
static void child_block_all(void)
{
	edited(block_all);
	signal(SIGUSR2, count_usr2);
	kill(getpid(), SIGUSR2);
	if (usr2_seen)
		exit(2);                 /* the mask was not restored */
	kill(getpid(), SIGKILL);
	exit(3);                         /* SIGKILL was blocked: wrong */
}

static void portable(void)
{
	t_ok(t_in_child(child_result) == 0,
	     "the return register edited in the frame is what kill returns (1234)");
	t_ok(t_in_child(child_block_all) == -1,
	     "blocked = ~0 in the frame: SIGUSR2 stays blocked, SIGKILL still kills (-1)");
}

#ifdef __x86_64__
/* ---- x86-64 ------------------------------------------------------------- */
#define SEL_UCODE 0x23
#define SEL_UDATA 0x1b
#define RF_TF   (1ul << 8)
#define RF_IF   (1ul << 9)
#define RF_DF   (1ul << 10)
#define RF_IOPL (3ul << 12)
#define RF_NT   (1ul << 14)
#define RF_RF   (1ul << 16)
#define RF_VM   (1ul << 17)
#define RF_AC   (1ul << 18)
#define RF_ID   (1ul << 21)
#define RF_ARITH 0x8d5ul   /* CF PF AF ZF SF OF */

static unsigned long bad_rip;
static void set_kernel_selectors(struct sigframe *f) { f->cs = 0x08; f->ss = 0x10; }
static void set_null_selectors(struct sigframe *f) { f->cs = 0; f->ss = 0; }
static void set_rflags(struct sigframe *f) { f->rflags = ~0ul; }
static void set_rip(struct sigframe *f) { f->rip = bad_rip; }
static void set_mxcsr(struct sigframe *f) { f->fx.mxcsr = 0xfffffffful; }
static void set_x87(struct sigframe *f)
{
	f->fx.fcw = 0;                   /* every x87 exception unmasked */
	f->fx.fsw = 0x80ff;              /* and every one pending */
	f->fx.ftw = 0xff;
	memset(f->fx.xmm, 0xa5, sizeof(f->fx.xmm));
	memset(f->fx.reserved1, 0xff, sizeof(f->fx.reserved1));
	f->fx.mxcsr_mask = 0;
}
static void set_rsp_kernel(struct sigframe *f) { f->rsp = t_si.kernel_data; }

static unsigned short read_cs(void) { unsigned short v; __asm__ volatile("mov %%cs, %0" : "=r"(v)); return v; }
static unsigned short read_ss(void) { unsigned short v; __asm__ volatile("mov %%ss, %0" : "=r"(v)); return v; }

static void child_selectors(void)
{
	edited(set_kernel_selectors);
	if (read_cs() != SEL_UCODE || read_ss() != SEL_UDATA)
		exit(1);
	take_snapshot(&seen);
	if (seen.cs != SEL_UCODE || seen.ss != SEL_UDATA)
		exit(2);
	edited(set_null_selectors);
	exit(read_cs() == SEL_UCODE && read_ss() == SEL_UDATA ? 0 : 3);
}

static void child_rflags(void)
{
	unsigned long fl;
	struct sigframe before, after;

	take_snapshot(&before);
	edited(set_rflags);
	__asm__ volatile("pushfq; popq %0; cld" : "=r"(fl));   /* DF came back: clear it */
	if (!(fl & RF_DF))
		exit(1);                 /* DF is the program's: kept */
	if (fl & (RF_TF | RF_IOPL | RF_NT | RF_RF | RF_VM | RF_AC | RF_ID))
		exit(2);
	if (!(fl & RF_IF))
		exit(3);
	take_snapshot(&after);
	exit((after.rflags & ~(RF_ARITH | RF_DF)) == (before.rflags & ~(RF_ARITH | RF_DF)) ? 0 : 4);
}

static void child_rip(void)
{
	edited(set_rip);
	exit(0);                         /* must not get here */
}

static void child_mxcsr(void)
{
	struct sigframe b;
	take_snapshot(&b);
	unsigned long mask = b.fx.mxcsr_mask ? b.fx.mxcsr_mask : 0xffbf;
	edited(set_mxcsr);
	unsigned long got = fpctl_get();
	fpctl_set(FPCTL_DEFAULT);
	exit(got == (0xfffffffful & mask & ~0x3ful) ? 0 : 1);
}

static void child_x87(void)
{
	unsigned char v[VREGS_BYTES];
	edited(set_x87);
	vregs_dump(v);
	for (int i = 0; i < VREGS_BYTES; i++)
		if (v[i] != 0xa5)
			exit(1);
	exit(0);                         /* no x87 instruction: no #MF */
}

static void child_rsp(void)
{
	edited(set_rsp_kernel);
	exit(0);                         /* the RET after kill faults first */
}

/* sigreturn with rsp at a page that is not mapped: nothing to read. */
static void child_unreadable(void)
{
	__asm__ volatile("movq $0x1000, %%rsp\n\tmovl $45, %%eax\n\tsyscall\n\tud2" ::: "memory");
}

static void child_kernel_frame(void)
{
	__asm__ volatile("movq %0, %%rsp\n\tmovl $45, %%eax\n\tsyscall\n\tud2"
			 : : "r"(t_si.kernel_data + 8) : "memory");
}

static void arch_cases(void)
{
	t_ok(t_in_child(child_selectors) == 0,
	     "cs/ss = the kernel's (0x08/0x10) or 0 in the frame: the program resumes with 0x23/0x1b");
	t_ok(t_in_child(child_rflags) == 0,
	     "rflags = ~0: DF kept; TF IOPL NT RF VM AC ID dropped, IF set; the next frame agrees");
	static const unsigned long rips[] = {
		0x0000800000000000ul, 0xffff800000000000ul, 0xffffffff80000000ul, 0xfffffffffffffffful,
	};
	for (unsigned i = 0; i < sizeof(rips) / sizeof(rips[0]); i++) {
		bad_rip = rips[i];
		t_ok(t_in_child(child_rip) == -1, "rip = 0x%lx: killed (-1)", bad_rip);
	}
	bad_rip = t_si.user_va_limit;
	t_ok(t_in_child(child_rip) == -1, "rip = user_va_limit: killed (-1)");
	t_ok(t_in_child(child_mxcsr) == 0,
	     "MXCSR = 0xffffffff: loaded without the bits MXCSR_MASK reserves (no #GP in the kernel)");
	t_ok(t_in_child(child_x87) == 0,
	     "x87 control/status words with every exception unmasked and pending, XMM garbage: "
	     "loaded, the program goes on");
	t_ok(t_in_child(child_rsp) == -1, "rsp = a kernel address: killed by its own fault (-1)");
	t_ok(t_in_child(child_unreadable) == -1, "sigreturn with the frame unmapped: killed (-1)");
	t_ok(t_in_child(child_kernel_frame) == -1,
	     "sigreturn with the frame in kernel data: killed (-1), nothing read");
}

#else
/* ---- ARM64 -------------------------------------------------------------- */
#define NZCV (0xful << 28)
#define FPCR_VALID 0x07c89f00ul
#define FPSR_VALID 0xf800009ful

static unsigned long bad_pc, bad_pstate;
static void set_pc(struct sigframe *f) { f->pc = bad_pc; }
static void set_pstate(struct sigframe *f) { f->pstate = bad_pstate; }
static void set_fp(struct sigframe *f)
{
	f->fpcr = ~0ul;
	f->fpsr = ~0ul;
	memset(f->v, 0xa5, sizeof(f->v));
}
static void set_sp_kernel(struct sigframe *f) { f->sp = t_si.kernel_data & ~15ul; }

static unsigned long read_fpsr(void) { unsigned long v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }

static void child_pstate(void)
{
	struct sigframe before, after;

	take_snapshot(&before);
	edited(set_pstate);
	take_snapshot(&after);          /* we are back at EL0, making system calls */
	exit((after.pstate & ~NZCV) == (before.pstate & ~NZCV) ? 0 : 1);
}

static void child_pc(void)
{
	edited(set_pc);
	exit(0);                         /* must not get here */
}

static void child_fp(void)
{
	unsigned char v[VREGS_BYTES];
	edited(set_fp);
	unsigned long fpcr = fpctl_get(), fpsr = read_fpsr();
	vregs_dump(v);
	fpctl_set(FPCTL_DEFAULT);
	if ((fpcr & ~FPCR_VALID) || (fpsr & ~FPSR_VALID))
		exit(1);
	for (int i = 0; i < VREGS_BYTES; i++)
		if (v[i] != 0xa5)
			exit(2);
	exit(0);
}

static void child_sp(void)
{
	edited(set_sp_kernel);
	exit(0);                         /* the next stack access faults first */
}

static void child_unreadable(void)
{
	__asm__ volatile("mov x0, #0x1000\n\tmov sp, x0\n\tmov x8, #45\n\tsvc #0\n\tudf #0"
			 ::: "x0", "x8", "memory");
}

static void child_kernel_frame(void)
{
	__asm__ volatile("mov sp, %0\n\tmov x8, #45\n\tsvc #0\n\tudf #0"
			 : : "r"(t_si.kernel_data & ~15ul) : "x8", "memory");
}

static void arch_cases(void)
{
	static const struct { unsigned long v; const char *what; } ps[] = {
		{ 0x5, "EL1h" }, { 0x4, "EL1t" }, { 0x9, "EL2h" }, { 0x10, "AArch32 (nRW)" },
		{ 0x3c0, "DAIF all masked" }, { 1ul << 21, "SS (single step)" },
		{ 1ul << 20, "IL" }, { 1ul << 22, "PAN" }, { 0xfffffffful, "every bit" },
	};
	for (unsigned i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		bad_pstate = ps[i].v;
		t_ok(t_in_child(child_pstate) == 0,
		     "pstate = 0x%lx (%s): back at EL0t with DAIF clear, the next frame's pstate "
		     "agrees with one taken before", ps[i].v, ps[i].what);
	}
	static const unsigned long pcs[] = {
		0xffff000000000000ul, 0xffffffff80000000ul, 0xfffffffffffffffful, 0x0001000000000000ul,
	};
	for (unsigned i = 0; i < sizeof(pcs) / sizeof(pcs[0]); i++) {
		bad_pc = pcs[i];
		t_ok(t_in_child(child_pc) == -1, "pc = 0x%lx: killed (-1)", bad_pc);
	}
	t_ok(t_in_child(child_fp) == 0,
	     "FPCR = FPSR = ~0 and V0-V31 garbage: loaded without the reserved bits");
	t_ok(t_in_child(child_sp) == -1, "sp = a kernel address: killed by its own fault (-1)");
	t_ok(t_in_child(child_unreadable) == -1, "sigreturn with the frame unmapped: killed (-1)");
	t_ok(t_in_child(child_kernel_frame) == -1,
	     "sigreturn with the frame in kernel data: killed (-1), nothing read");
}
#endif

void __sigreturn_trampoline(void);

/* Where the frame is and what it says, seen from inside the handler. */
static void check_layout(struct sigframe *f)
{
	unsigned long a = (unsigned long)f;
#ifdef __x86_64__
	/* rsp + 8 aligned at entry, as after a CALL; the FXSAVE image aligned;
	 * the return address is the trampoline; below the red zone */
	if ((a + 8) % 16 || (a + SIGFRAME_FX_OFFSET) % 16 ||
	    f->restorer != (unsigned long)__sigreturn_trampoline || a + sizeof(*f) > f->rsp - 128)
		exit(10);
	if (f->cs != 0x23 || f->ss != 0x1b || !(f->rflags & (1ul << 9)))
		exit(11);
#else
	if (a % 16 || a + sizeof(*f) > f->sp)
		exit(10);
	if (f->pstate & 0x3cf)            /* EL0t, DAIF clear */
		exit(11);
#endif
	if (f->sig != SIGUSR1 || f->blocked != 0)
		exit(12);
}

static void child_clean(void)
{
	edited(check_layout);
	take_snapshot(&base);
	exit(base.sig == SIGUSR2 ? 0 : 13);
}

int main(void)
{
	struct t_kstate before;

	t_sysinfo();
	t_kstate(&before);
	t_ok(t_in_child(child_clean) == 0,
	     "the frame: ABI-aligned below the stack, signal number, old mask, sane saved "
	     "registers; sigreturn resumes");
	portable();
	arch_cases();
	t_kernel_healthy(&before, "after the hostile frames");
	return t_done();
}
