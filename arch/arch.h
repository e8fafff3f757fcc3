/*
 * arch/arch.h - the contract every architecture implements.
 *
 * kernel/ and uma/ never test which CPU they run on. Everything that differs
 * between x86-64 and ARM64 sits behind the functions below (implemented in
 * arch/<arch>/ .c and .S files) and the inline helpers of the same names in
 * arch/<arch>/include/asm/:
 *
 *   asm/cpu.h        interrupt masking, halt, barriers, the cycle counter
 *   asm/pte.h        page-table entry encoding for the generic walker (kernel/vm.c)
 *   asm/trapframe.h  struct trapframe: registers saved on a trap
 *   asm/setjmp.h     struct jmp_buf for arch_setjmp/arch_longjmp
 *   asm/context.h    struct context: what arch_context_switch saves
 *   asm/elf.h        ARCH_ELF_MACHINE: the e_machine of this CPU's programs
 *
 * This is the same split Linux makes between include/linux/ and
 * arch/<arch>/include/asm/.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include "base/types.h"
#include <asm/cpu.h>
#include <asm/pte.h>
#include <asm/trapframe.h>
#include <asm/setjmp.h>
#include <asm/context.h>

struct boot_info;
struct fault;

/* --- calls up into the kernel ------------------------------------------- */
/*
 * Arch code sits below the kernel, so it reaches it only through these
 * calls, which kmain registers (arch_set_upcalls) before the first
 * interrupt or system call can happen:
 *   syscall      a system call from user mode (kernel/sys/syscall.c); the
 *                arch entry collects the number and six argument words
 *   timer_tick   the periodic timer fired (kernel/timer.c)
 *   console_rx   a byte arrived at the console UART (kernel/console.c)
 *   ipi          another CPU sent this one an inter-processor interrupt
 *                (arch_ipi_send, arch/smp.h)
 *   user_return  the last work before returning to user mode: end a killed
 *                process, deliver a signal (which may point tf at a
 *                handler, arch/signal.h), switch if the tick asked
 *                (kernel/proc.c); called with interrupts masked, and they
 *                stay so
 */
struct syscall_args {
	uint64_t nr;
	uint64_t arg[6];
};

struct arch_upcalls {
	long (*syscall)(struct syscall_args *a);
	void (*timer_tick)(void);
	void (*console_rx)(char c);
	void (*ipi)(void);
	void (*user_return)(struct trapframe *tf);
};
extern struct arch_upcalls arch_upcalls;
void arch_set_upcalls(const struct arch_upcalls *up);

/* The arch entry code (arch/<arch>/entry.S) calls this with the physical
 * address of the loader's struct boot_info (kernel/main.c). */
void kmain(uint64_t boot_info_pa) __attribute__((noreturn));

/* --- console (16550 COM1 / PL011) ------------------------------------- */
void arch_console_init(void);          /* usable straight after kernel entry */
void arch_console_putc(char c);        /* blocking; '\n' is sent as CR LF */
int  arch_console_getc(void);          /* -1 when no byte is waiting */

/* --- CPU setup -------------------------------------------------------- */
void arch_cpu_init(void);              /* descriptor tables / vectors, CPU features */
void arch_cpu_describe(void);          /* print one banner line: name and the
                                          protection features (SMEP/SMAP/NX, PAN/PXN) */
const char *arch_name(void);           /* "x86_64" or "aarch64" */

/* --- interrupts and the periodic timer -------------------------------- */
void arch_irq_init(const struct boot_info *bi);  /* LAPIC / GIC (DTB may be consulted) */
void arch_timer_start(unsigned hz);    /* this CPU's periodic tick: calls timer_tick()
                                          on this CPU; each CPU calls it once */
uint64_t arch_counter_hz(void);        /* frequency of arch_counter() (asm/cpu.h) */

/* --- memory management unit ------------------------------------------- */
/* Make root (physical address of the top-level table built by kernel/vm.c)
 * the kernel's translation table and drop the loader's hand-over tables. */
void arch_mmu_switch_kernel(uint64_t root_pa);
/* Called by vm_init() after it built the kernel tables, before the switch:
 * map the MMIO the console needs (at DIRECT_MAP + pa, VM_DEVICE). */
void arch_mmu_map_devices(uint64_t root_pa);
/* Make root (from vm_user_root_create, or 0 for none) the user half of
 * the address space: x86 loads CR3, ARM64 loads TTBR0_EL1. */
void arch_vm_activate_user(uint64_t root_pa);
void arch_tlb_flush_va(uint64_t va);
void arch_tlb_flush_all(void);

/* --- user-memory protection ------------------------------------------ */
/* Is SMAP (x86) / PAN (ARM64) on? Off only with `nosmap` / `nopan`. */
bool arch_user_access_protected(void);
/* Is SMEP (x86) / PXN on user pages (ARM64) in force? */
bool arch_user_exec_protected(void);
/* Windows' __fastfail: trap at once (int 0x29 / brk #0xf003) with code;
 * decoded as FAULT_FASTFAIL with fault.code = code. */
void arch_fastfail(unsigned code) __attribute__((noreturn));

/* --- traps ------------------------------------------------------------ */
/* The arch trap code decodes an exception into a struct fault (arch/trap.h)
 * and calls trap_exception(); these let generic code look at the frame. */
uint64_t arch_tf_pc(const struct trapframe *tf);
void arch_tf_set_pc(struct trapframe *tf, uint64_t pc);
uint64_t arch_tf_fp(const struct trapframe *tf);   /* frame pointer, for backtraces */
void arch_tf_dump(const struct trapframe *tf);     /* print all registers */
/* Make the return from this trap enter fn() as if the faulting code had
 * called it (stack realigned, frame pointer chain kept). */
void arch_tf_call_on_return(struct trapframe *tf, void (*fn)(void));
void arch_breakpoint(void);            /* int3 / brk #0 */
void arch_undefined_insn(void);        /* ud2 / udf #0 */

/* --- threads and user mode ------------------------------------------- */
/* Save the callee-saved registers, stack and return address of the
 * running thread in *save and resume the thread described by *load. */
void arch_context_switch(struct context *save, struct context *load);
/* Prepare ctx so that the first switch to it calls entry() on the stack
 * whose top is stack_top, with interrupts enabled. entry never returns. */
void arch_context_init(struct context *ctx, void *stack_top, void (*entry)(void));
/*
 * User state beyond the trapframe: the FP/SIMD registers (x87/SSE, ARM64
 * V0-V31 with FPCR/FPSR) and the thread pointer (x86-64 FS/GS bases and
 * selectors, ARM64 TPIDR_EL0/TPIDRRO_EL0). They live in struct context:
 * arch_context_switch saves and loads them on every switch, and
 * arch_context_init gives a new thread the ABI's initial values (all zero
 * but the FP control words). The kernel never uses these registers, so
 * while a thread is in the kernel the CPU holds its user values, and:
 *   arch_user_state_fork   child (a new thread's context) gets a copy of
 *                          the running thread's (fork)
 *   arch_user_state_reset  the running thread's become a new program's (exec)
 *   arch_tls_set/get       the running thread's thread pointer; p must be
 *                          a user address (below USER_VA_LIMIT)
 */
void arch_user_state_fork(struct context *child);
void arch_user_state_reset(void);
void arch_tls_set(uint64_t p);
uint64_t arch_tls_get(void);
/* Fill a user trapframe: user mode at pc with stack sp, first two
 * argument registers arg0/arg1 (rdi/rsi, x0/x1), interrupts enabled. */
void arch_utf_init(struct trapframe *tf, uint64_t pc, uint64_t sp, uint64_t arg0, uint64_t arg1);
/* Leave the kernel for user mode with the registers in tf, which is the
 * trapframe at the top of the current thread's kernel stack. */
void arch_return_to_user(struct trapframe *tf) __attribute__((noreturn));
/* Tell the CPU where the current thread's kernel stack ends, for the next
 * entry from user mode (x86: TSS.RSP0 and the SYSCALL stack; ARM64:
 * nothing, SP_EL1 is the thread's own). Called on every switch. */
void arch_set_kernel_stack(void *top);
/* The top last given to arch_set_kernel_stack: the running thread's
 * stack (the boot thread has none of its own: then a stale value). */
uint64_t arch_kernel_stack_top(void);
/* Leave the current stack for good -- an overflowed one, or the stack an
 * exception switched to -- and call fn() at the top of the running
 * thread's own kernel stack (below a user thread's saved registers), with
 * interrupts enabled. Used once a stack overflow has been reported
 * (arch/trap.c): nothing on the old stack is ever looked at again. */
void arch_call_on_thread_stack(void (*fn)(void)) __attribute__((noreturn));
/* The syscall return value, and the child's 0 after fork. */
void arch_tf_set_return(struct trapframe *tf, uint64_t value);
/* The first argument register of a function entered with tf (rdi / x0):
 * a user-mode callback's argument (kernel/callback.c). */
void arch_tf_set_arg0(struct trapframe *tf, uint64_t value);
bool arch_tf_from_user(const struct trapframe *tf);

/* --- non-local jumps (asm) -------------------------------------------- */
int  arch_setjmp(struct jmp_buf *jb) __attribute__((returns_twice));
void arch_longjmp(struct jmp_buf *jb, int val) __attribute__((noreturn));

/* --- power ------------------------------------------------------------ */
/* Leave QEMU: status 0 = success. x86 writes isa-debug-exit, ARM64 calls
 * PSCI SYSTEM_OFF (which cannot carry a status; the runner reads the log). */
void arch_poweroff(int status) __attribute__((noreturn));
void arch_halt(void) __attribute__((noreturn));  /* stop this CPU for good */

#endif
