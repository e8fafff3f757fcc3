/*
 * arch/aarch64/frame.c - the arch_tf_* helpers generic code uses to look at
 * and edit a struct trapframe (asm/trapframe.h).
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/printk.h"

#define SPSR_BTYPE (3ull << 10)   /* Arm ARM, SPSR_EL1.BTYPE */

uint64_t arch_tf_pc(const struct trapframe *tf) { return tf->elr; }
void arch_tf_set_pc(struct trapframe *tf, uint64_t pc) { tf->elr = pc; }
uint64_t arch_tf_fp(const struct trapframe *tf) { return tf->x[29]; }

/* As if the interrupted code had executed "bl fn": the link register gets
 * the old pc so a backtrace from fn still shows where the trap happened.
 * SP is untouched; AAPCS64 keeps it 16-byte aligned at all times. */
void arch_tf_call_on_return(struct trapframe *tf, void (*fn)(void))
{
	tf->x[30] = tf->elr;
	tf->elr = (uint64_t)fn;
	/* SPSR.BTYPE described the branch that reached the old pc; fn is
	 * entered as by a plain call (Arm ARM, "PSTATE.BTYPE" under FEAT_BTI). */
	tf->spsr &= ~SPSR_BTYPE;
}

void arch_tf_dump(const struct trapframe *tf)
{
	for (int i = 0; i < 30; i += 3)
		kprintf("  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx\n",
			i, (unsigned long)tf->x[i], i + 1, (unsigned long)tf->x[i + 1],
			i + 2, (unsigned long)tf->x[i + 2]);
	kprintf("  x30 %016lx  sp  %016lx  sp_el0 %016lx\n",
		(unsigned long)tf->x[30], (unsigned long)tf->sp, (unsigned long)tf->sp_el0);
	kprintf("  elr %016lx  spsr %08lx  esr %08lx  far %016lx\n",
		(unsigned long)tf->elr, (unsigned long)tf->spsr,
		(unsigned long)tf->esr, (unsigned long)tf->far);
}
