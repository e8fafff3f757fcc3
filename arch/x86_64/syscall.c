/*
 * syscall.c - SYSCALL setup, the per-CPU area and the C side of a system call.
 *
 * Intel SDM Vol.3 5.8.8 and Vol.2B SYSCALL/SYSRET: EFER.SCE turns the
 * instructions on; IA32_STAR holds the selectors, IA32_LSTAR the entry
 * point, IA32_FMASK the RFLAGS bits cleared on entry. The entry code is
 * syscall.S; the system call ABI is kernel/uapi/syscalls.h.
 */
#include <stddef.h>
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

/* CPU i's area; entry.S (CPU 0) and smp.c (the others) point the GS
 * base at it before the CPU's first line of C. CPU 0's is usable from
 * there (cpu 0, self) before syscall_init fills in the rest. */
struct x86_percpu x86_percpu[MAX_CPUS] = { [0] = { .self = &x86_percpu[0] } };

_Static_assert(offsetof(struct x86_percpu, kstack_top) == 0, "syscall.S PERCPU_KSTACK");
_Static_assert(offsetof(struct x86_percpu, user_rsp) == 8, "syscall.S PERCPU_USER_RSP");
_Static_assert(offsetof(struct x86_percpu, self) == 16, "x86_64.h this_percpu");
_Static_assert(offsetof(struct x86_percpu, cpu) == X86_PERCPU_CPU, "asm/cpu.h arch_cpu_id");
_Static_assert(offsetof(struct trapframe, vector) == 120, "regs.inc TF_VECTOR");
_Static_assert(offsetof(struct trapframe, rsp) == 160, "regs.inc TF_RSP");

#define RFLAGS_TF (1ull << 8)
#define RFLAGS_DF (1ull << 10)
#define RFLAGS_NT (1ull << 14)

/*
 * STAR[47:32]: SYSCALL loads CS = 0x08 and SS = 0x08 + 8 = 0x10.
 * STAR[63:48]: SYSRET to 64-bit mode loads CS = 0x10 + 16 = 0x20|3 and
 * SS = 0x10 + 8 = 0x18|3 -- why gdt.c puts user data before user code.
 * FMASK: IF (no interrupt before the stack switch), DF (the ABI's
 * direction), AC (a user's AC=1 must not open SMAP for the kernel), TF
 * (no single-step trap on kernel code) and NT (IRETQ with NT=1 faults).
 * The MSRs are per CPU: every CPU runs this, after gdt_init().
 */
void syscall_init(unsigned cpu)
{
	extern char syscall_entry[];
	struct x86_percpu *p = &x86_percpu[cpu];

	p->self = p;
	p->cpu = cpu;
	p->kstack_top = tss_rsp0();             /* gdt.c's until a thread has its own */
	wrmsr(MSR_GS_BASE, (uint64_t)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);           /* the first user program's GS base */
	wrmsr(MSR_STAR, ((uint64_t)SEL_KDATA << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, X86_RFLAGS_IF | RFLAGS_DF | X86_RFLAGS_AC | RFLAGS_TF | RFLAGS_NT);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* A trap from user mode uses TSS.RSP0, a SYSCALL the per-CPU copy. */
void arch_set_kernel_stack(void *top)
{
	tss_set_rsp0((uint64_t)top);
	this_percpu()->kstack_top = (uint64_t)top;
}

uint64_t arch_kernel_stack_top(void)
{
	return this_percpu()->kstack_top;
}

/*
 * After a stack overflow (arch/trap.c): we are on the #DF stack of the
 * TSS. Load RSP with the top of the thread's own stack, below its user
 * frame, and call fn; with RBP = 0 a backtrace stops there. Nothing ever
 * returns to the #DF stack, so the next #DF finds it free (SDM Vol.3
 * 6.14.5: the CPU loads the IST pointer afresh on every delivery).
 */
void arch_call_on_thread_stack(void (*fn)(void))
{
	uint64_t sp = (this_percpu()->kstack_top - sizeof(struct trapframe)) & ~15ull;

	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "sti\n\t"
			 "call *%1\n\t"
			 "ud2"
			 : : "r"(sp), "r"(fn) : "memory");
	__builtin_unreachable();
}

/*
 * Called by syscall_entry on the thread's kernel stack with the user's
 * registers in tf (= the thread's utf). Arguments as in uapi/syscalls.h.
 * Interrupts are on while the handler runs (it may sleep), off from
 * user_return (arch/arch.h) to the SYSRET/IRETQ.
 */
void x86_syscall(struct trapframe *tf)
{
	struct syscall_args a = {
		.nr = tf->rax,
		.arg = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 },
	};
	long r;

	arch_irq_enable();
	r = arch_upcalls.syscall(&a);
	tf->rax = (uint64_t)r;                  /* arch_tf_set_return(), without the call */
	arch_irq_disable();
	arch_upcalls.user_return(tf);
	arch_return_to_user(tf);
}
