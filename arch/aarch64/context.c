/*
 * arch/aarch64/context.c - a new thread's first context (context.S).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/string.h"

void context_trampoline(void);   /* context.S */

/*
 * The first arch_context_switch to ctx "returns" into context_trampoline
 * with SP = stack_top (16-byte aligned, as AAPCS64 wants for SP at all
 * times) and x19 = entry; x29 = 0 ends the frame-pointer chain there.
 */
void arch_context_init(struct context *ctx, void *stack_top, void (*entry)(void))
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->x19_x28[0] = (uint64_t)entry;
	ctx->fp = 0;
	ctx->lr = (uint64_t)context_trampoline;
	ctx->sp = (uint64_t)stack_top & ~15ull;
}
