/*
 * usermode.c - user trapframes and the way back to user mode.
 *
 * Two exits (syscall.S): IRETQ restores any frame; SYSRET is faster but
 * takes rip from rcx and rflags from r11, loads fixed selectors, and has
 * a trap door: with a non-canonical rcx it raises #GP in ring 0 after
 * the kernel has already switched to the user's rsp (SDM Vol.2B SYSRET),
 * a known route to privilege escalation. x86_sysret_safe() picks SYSRET
 * only when none of that can bite.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/trap.h"
#include "arch/x86_64/x86_64.h"

#define RFLAGS_FIXED (1ull << 1)     /* reserved, always 1 (SDM Vol.1 3.4.3) */
#define RFLAGS_TF    (1ull << 8)
#define RFLAGS_IOPL  (3ull << 12)
#define RFLAGS_RF    (1ull << 16)
#define RFLAGS_VM    (1ull << 17)
#define RFLAGS_VIF_VIP (3ull << 19)

void arch_utf_init(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp - 8;   /* as after a CALL: rsp + 8 is 16-byte aligned (psABI 3.2.2) */
	tf->rdi = arg0;
	tf->rsi = arg1;
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	tf->rflags = X86_RFLAGS_IF | RFLAGS_FIXED;
}

void arch_tf_set_return(struct trapframe *tf, uint64_t value) { tf->rax = value; }
/* psABI 3.2.3: the first INTEGER argument is in rdi. */
void arch_tf_set_arg0(struct trapframe *tf, uint64_t value) { tf->rdi = value; }
bool arch_tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

/* 48-bit virtual addresses: bits 63:47 all equal (SDM Vol.1 3.3.7.1). */
bool x86_rip_canonical(uint64_t rip)
{
	return (uint64_t)((int64_t)(rip << 16) >> 16) == rip;
}

/* May this frame leave through SYSRET? (see the top of this file) Inline
 * in arch_return_to_user, which every system call passes through. */
static inline bool sysret_safe(const struct trapframe *tf)
{
	return tf->rip < USER_VA_LIMIT &&          /* canonical, and user space */
	       tf->rcx == tf->rip &&               /* SYSRET's rip comes from rcx */
	       tf->r11 == tf->rflags &&            /* and rflags from r11 */
	       !(tf->rflags & (RFLAGS_TF | RFLAGS_RF)) &&  /* SYSRET cannot restore RF;
	                                              TF would trap right after it */
	       tf->cs == SEL_UCODE && tf->ss == SEL_UDATA;
}

bool x86_sysret_safe(const struct trapframe *tf) { return sysret_safe(tf); }

/* IRETQ to a non-canonical rip faults in ring 0 (SDM Vol.2A IRET): report
 * it as the user program's general protection fault instead, which kills
 * it (trap_exception does not return for user faults). */
static void bad_user_rip(struct trapframe *tf)
{
	struct fault f;

	memset(&f, 0, sizeof(f));
	f.kind = FAULT_GENERAL;
	f.name = "General protection";
	f.user_mode = true;
	f.pc = tf->rip;
	f.addr = tf->rip;
	f.has_addr = true;
	ksnprintf(f.detail, sizeof(f.detail), "return to non-canonical rip");
	trap_exception(tf, &f);
	arch_upcalls.user_return(tf);       /* a SIGSEGV handler, if it has one */
	if (!x86_rip_canonical(tf->rip))
		panic("x86_64: user thread resumed at non-canonical rip %#lx", tf->rip);
}

/*
 * Leave for user mode with tf's registers. Whatever edited the frame, the
 * CPU gets user selectors and an rflags a user could have had: IF on,
 * IOPL 0 (no port I/O), no virtual-8086 bits.
 */
void arch_return_to_user(struct trapframe *tf)
{
	arch_irq_disable();
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	tf->rflags = (tf->rflags & ~(RFLAGS_IOPL | RFLAGS_VM | RFLAGS_VIF_VIP)) |
		     X86_RFLAGS_IF | RFLAGS_FIXED;
	if (!x86_rip_canonical(tf->rip))
		bad_user_rip(tf);
	if (sysret_safe(tf))
		x86_sysret_to_user(tf);
	x86_iret_to_user(tf);
}
