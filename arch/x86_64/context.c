/*
 * context.c - a new thread's first context, and the user state that
 * travels with a thread besides its trapframe: x87/SSE registers, the FS
 * and GS bases, the data segment selectors (switch.S switches the rest).
 *
 * Eager switching: every arch_context_switch saves the outgoing thread's
 * state and loads the incoming one's. The kernel never uses these
 * registers itself (-mno-sse; it loads no selector and sets no FS base), so
 * whatever the CPU holds while a thread is in the kernel is that thread's
 * user state, and the calls below may read or change it in place.
 */
#include "arch/arch.h"
#include "base/string.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

extern char context_trampoline[];   /* switch.S */
void x86_switch_regs(struct context *save, struct context *load);   /* switch.S */

/* The x87 and SSE control words after FNINIT / at process start in the
 * System V AMD64 ABI (3.4.1, "Initialization"): every exception masked,
 * round to nearest, x87 in extended precision. */
#define FCW_DEFAULT   0x037f
#define MXCSR_DEFAULT 0x1f80

/* What a new program or thread starts with: the ABI's control words;
 * every register, selector and base zero. */
static const struct context fresh = {
	.fx = { .fcw = FCW_DEFAULT, .mxcsr = MXCSR_DEFAULT },
};

/* SDM Vol.1 10.5.1: the 64-bit forms save/restore full 64-bit FIP/FDP. */
static inline void fxsave(struct fxsave_area *fx)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*fx));
}

static inline void fxrstor(const struct fxsave_area *fx)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*fx));
}

#define READ_SEG(seg) ({ uint16_t __v; \
	__asm__ volatile("mov %%" #seg ", %0" : "=r"(__v)); __v; })
#define WRITE_SEG(seg, v) \
	__asm__ volatile("mov %0, %%" #seg : : "r"((uint16_t)(v)) : "memory")

static void user_state_save(struct context *c)
{
	fxsave(&c->fx);
	c->ds = READ_SEG(ds);
	c->es = READ_SEG(es);
	c->fs = READ_SEG(fs);
	c->gs = READ_SEG(gs);
	c->fs_base = rdmsr(MSR_FS_BASE);
	c->gs_base = rdmsr(MSR_KERNEL_GS_BASE);   /* the user's, after SWAPGS */
}

/*
 * In 64-bit mode a MOV to FS or GS also loads that segment's base from the
 * descriptor (SDM Vol.3 3.4.4), so the selectors go first and the bases
 * after. The GS base in use in the kernel is this CPU's per-CPU area
 * (syscall.c): put it back. Interrupts are masked by the caller, so no trap can see GS
 * in between.
 */
static void user_state_load(const struct context *c)
{
	struct x86_percpu *me = this_percpu();   /* before GS changes */

	fxrstor(&c->fx);
	WRITE_SEG(ds, c->ds);
	WRITE_SEG(es, c->es);
	WRITE_SEG(fs, c->fs);
	WRITE_SEG(gs, c->gs);
	wrmsr(MSR_GS_BASE, (uint64_t)me);
	wrmsr(MSR_FS_BASE, c->fs_base);
	wrmsr(MSR_KERNEL_GS_BASE, c->gs_base);
}

/*
 * The first arch_context_switch() to ctx "returns" into context_trampoline
 * on the new stack, which calls entry with interrupts enabled. Nothing is
 * written to the stack, so stack_top may sit right below a trapframe that
 * is already filled in (uthread_create).
 */
void arch_context_init(struct context *ctx, void *stack_top, void (*entry)(void))
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->rsp = (uint64_t)stack_top & ~15ull;
	ctx->rip = (uint64_t)context_trampoline;
	ctx->r12 = (uint64_t)entry;
	ctx->rbp = 0;                    /* backtraces stop at the thread's start */
	ctx->fx = fresh.fx;              /* selectors and bases: 0 */
}

/* Called by schedule() with interrupts masked. */
void arch_context_switch(struct context *save, struct context *load)
{
	user_state_save(save);
	user_state_load(load);
	x86_switch_regs(save, load);
}

void arch_user_state_fork(struct context *child)
{
	user_state_save(child);
}

void arch_user_state_reset(void)
{
	uint64_t f = arch_irq_save();

	user_state_load(&fresh);
	arch_irq_restore(f);
}

/* The running thread's x87/SSE registers to and from an image, for a
 * signal frame (signal.c): the caller has checked MXCSR against the
 * CPU's MXCSR_MASK, or FXRSTOR raises #GP (SDM Vol.1 11.6.6). */
void x86_fp_save(struct fxsave_area *fx)
{
	fxsave(fx);
}

void x86_fp_load(const struct fxsave_area *fx)
{
	fxrstor(fx);
}

/* The user's FS base is in MSR_FS_BASE while the thread runs (SDM Vol.3
 * 3.4.4.1). WRMSR of a non-canonical address faults: the caller passes a
 * user address (below USER_VA_LIMIT). */
void arch_tls_set(uint64_t p)
{
	wrmsr(MSR_FS_BASE, p);
}

uint64_t arch_tls_get(void)
{
	return rdmsr(MSR_FS_BASE);
}
