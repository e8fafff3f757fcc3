/*
 * context.c - a new thread's first context (switch.S does the switching).
 */
#include "arch/arch.h"
#include "base/string.h"

extern char context_trampoline[];   /* switch.S */

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
}
