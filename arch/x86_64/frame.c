/*
 * frame.c - the arch_tf_* accessors generic code uses to read and edit a
 * saved trap frame (asm/trapframe.h).
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

uint64_t arch_tf_pc(const struct trapframe *tf) { return tf->rip; }
void arch_tf_set_pc(struct trapframe *tf, uint64_t pc) { tf->rip = pc; }
uint64_t arch_tf_fp(const struct trapframe *tf) { return tf->rbp; }

void arch_tf_dump(const struct trapframe *tf)
{
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n",
		tf->rax, tf->rbx, tf->rcx, tf->rdx);
	kprintf("  rsi %016lx  rdi %016lx  rbp %016lx  rsp %016lx\n",
		tf->rsi, tf->rdi, tf->rbp, tf->rsp);
	kprintf("  r8  %016lx  r9  %016lx  r10 %016lx  r11 %016lx\n",
		tf->r8, tf->r9, tf->r10, tf->r11);
	kprintf("  r12 %016lx  r13 %016lx  r14 %016lx  r15 %016lx\n",
		tf->r12, tf->r13, tf->r14, tf->r15);
	kprintf("  rip %016lx  rflags %08lx  cs %04lx  ss %04lx  vector %lu  error %lx\n",
		tf->rip, tf->rflags, tf->cs, tf->ss, tf->vector, tf->error);
	kprintf("  cr0 %016lx  cr3 %016lx  cr4 %016lx\n",
		read_cr0(), read_cr3(), read_cr4());
}

/*
 * Make the trap return "call" fn from the interrupted instruction. The
 * return address cannot be pushed from here: the interrupted stack's next
 * free slots hold this very trap frame (the CPU pushed it there, SDM
 * Vol.3 6.14.2). So IRETQ goes to trap_call_trampoline (vectors.S) with
 * r10/r11 carrying the old rip and fn, and rsp aligned to 16; the
 * trampoline pushes r10, leaving rsp % 16 == 8 at fn's entry, as after a
 * CALL. rbp is untouched, so backtraces from fn still walk the old frames.
 * r10 and r11 are caller-saved scratch registers in the SysV ABI.
 */
extern char trap_call_trampoline[];

/*
 * A frame from user mode (a self-test that runs user code and expects it
 * to trap) has no kernel stack to continue on but the one it trapped to:
 * fn runs in ring 0 right below the (then dead) frame, with kernel
 * selectors and rbp = 0, since the user's rbp is no kernel frame.
 * trap_common's exit sees a kernel CS and does not SWAPGS, which keeps
 * the GS base the kernel's, as the entry SWAPGS left it.
 */
static void frame_to_kernel(struct trapframe *tf)
{
	tf->cs = SEL_KCODE;
	tf->ss = SEL_KDATA;
	tf->rsp = (uint64_t)tf;
	tf->rbp = 0;
	tf->rflags &= ~(1ull << 8);      /* a user's TF must not single-step fn */
}

void arch_tf_call_on_return(struct trapframe *tf, void (*fn)(void))
{
	if (arch_tf_from_user(tf))
		frame_to_kernel(tf);
	tf->r10 = tf->rip;
	tf->r11 = (uint64_t)fn;
	tf->rsp &= ~15ull;
	tf->rflags &= ~X86_RFLAGS_AC;   /* fn is ordinary code: no open uaccess window */
	tf->rip = (uint64_t)trap_call_trampoline;
}
