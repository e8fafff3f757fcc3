/*
 * arch/aarch64/context.c - a new thread's first context, and the user
 * state that travels with a thread besides its trapframe: V0-V31, FPCR,
 * FPSR, TPIDR_EL0 and TPIDRRO_EL0 (context.S switches the rest).
 *
 * Eager switching: every arch_context_switch saves the outgoing thread's
 * state and loads the incoming one's. The kernel never uses these
 * registers itself (-mgeneral-regs-only), so whatever the CPU holds while
 * a thread is in the kernel is that thread's user state, and the calls
 * below may read or change it in place.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/string.h"
#include <asm/sysreg.h>

void context_trampoline(void);   /* context.S */
void aarch64_switch_regs(struct context *save, struct context *load);
void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(const struct fpsimd_state *s);

/* A new program or thread: every V register zero, FPCR = 0 (round to
 * nearest, no trapped exceptions, the AAPCS64 6.1.2 default), FPSR = 0,
 * both thread pointers 0. */
static const struct fpsimd_state fpsimd_fresh;

static void user_state_save(struct context *c)
{
	fpsimd_save(&c->fpsimd);
	c->tpidr_el0 = read_sysreg(tpidr_el0);
	c->tpidrro_el0 = read_sysreg(tpidrro_el0);
}

static void user_state_load(const struct fpsimd_state *fp, uint64_t tpidr, uint64_t tpidrro)
{
	fpsimd_load(fp);
	write_sysreg(tpidr_el0, tpidr);
	write_sysreg(tpidrro_el0, tpidrro);
}

/*
 * The first arch_context_switch to ctx "returns" into context_trampoline
 * with SP = stack_top (16-byte aligned, as AAPCS64 wants for SP at all
 * times) and x19 = entry; x29 = 0 ends the frame-pointer chain there.
 * The memset gives the fresh user state: all zero.
 */
void arch_context_init(struct context *ctx, void *stack_top, void (*entry)(void))
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->x19_x28[0] = (uint64_t)entry;
	ctx->fp = 0;
	ctx->lr = (uint64_t)context_trampoline;
	ctx->sp = (uint64_t)stack_top & ~15ull;
}

/* Called by schedule() with interrupts masked. */
void arch_context_switch(struct context *save, struct context *load)
{
	user_state_save(save);
	user_state_load(&load->fpsimd, load->tpidr_el0, load->tpidrro_el0);
	aarch64_switch_regs(save, load);
}

void arch_user_state_fork(struct context *child)
{
	user_state_save(child);
}

void arch_user_state_reset(void)
{
	user_state_load(&fpsimd_fresh, 0, 0);
}

/* EL0 may also write TPIDR_EL0 itself (MSR); tls_set is the portable way. */
void arch_tls_set(uint64_t p)
{
	write_sysreg(tpidr_el0, p);
}

uint64_t arch_tls_get(void)
{
	return read_sysreg(tpidr_el0);
}
