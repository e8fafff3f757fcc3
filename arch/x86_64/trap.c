/*
 * trap.c - what to do with each vector: exceptions are decoded into a
 * struct fault (arch/trap.h) for the generic code; the timer interrupt
 * goes up to the kernel (arch_upcalls.timer_tick), the COM1 receive
 * interrupt to serial_irq(). Called
 * from trap_common in vectors.S. Exceptions from user mode are decoded the
 * same way with fault.user_mode set; generic code then kills the process.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/trap.h"
#include "arch/mmu.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>
#include "arch/kstack.h"
#include "base/lab.h"

/* Intel SDM Vol.3 Table 6-1. */
static const char *const exception_names[32] = {
	"Divide error", "Debug", "NMI", "Breakpoint", "Overflow",
	"BOUND range exceeded", "Invalid opcode", "Device not available",
	"Double fault", "Coprocessor segment overrun", "Invalid TSS",
	"Segment not present", "Stack-segment fault", "General protection",
	"Page fault", "Reserved exception 15", "x87 FPU error", "Alignment check",
	"Machine check", "SIMD floating-point exception", "Virtualization exception",
	"Control protection", "Reserved exception 22", "Reserved exception 23",
	"Reserved exception 24", "Reserved exception 25", "Reserved exception 26",
	"Reserved exception 27", "Hypervisor injection", "VMM communication",
	"Security exception", "Reserved exception 31",
};

/* Page-fault error code bits, SDM Vol.3 4.7 (Figure 4-12). */
#define PF_P    (1u << 0)   /* 1: protection violation, 0: page not present */
#define PF_W    (1u << 1)   /* write access */
#define PF_U    (1u << 2)   /* CPL was 3 */
#define PF_RSVD (1u << 3)   /* reserved bit set in a paging entry */
#define PF_I    (1u << 4)   /* instruction fetch */
#define PF_PK   (1u << 5)   /* protection key */
#define PF_SS   (1u << 6)   /* shadow stack */

/* Is va mapped user-accessible in the tables now in CR3? */
static bool user_page(uint64_t va)
{
	unsigned flags;

	return va < USER_VA_LIMIT &&
	       mmu_translate(read_cr3() & PTE_ADDR_MASK, va, NULL, &flags) &&
	       (flags & VM_USER);
}

/*
 * A supervisor-mode protection fault (P=1, U=0) on a user page is what
 * SMEP (fetch) or SMAP (data access with AC=0) forbid, SDM Vol.3 4.6.1;
 * measured error codes in SPEC section 4 (0x11 and 0x1/0x3). With AC=1
 * (inside a uaccess window) a data fault is an ordinary one, e.g. a write
 * to a read-only user page: the exception table's. The cheap tests come
 * first: the page-table walk runs only for a fault that would otherwise
 * be a violation, never for an accessor's (AC=1) or a missing page (P=0).
 */
static const char *page_fault_violation(const struct trapframe *tf, uint64_t addr)
{
	uint64_t e = tf->error, cr4;
	const char *name;

	if ((e & (PF_P | PF_U)) != PF_P)
		return NULL;
	cr4 = read_cr4();
	if (e & PF_I)
		name = (cr4 & CR4_SMEP) ? "SMEP violation" : NULL;
	else
		name = (cr4 & CR4_SMAP) && !(tf->rflags & X86_RFLAGS_AC) ? "SMAP violation" : NULL;
	return name && user_page(addr) ? name : NULL;
}

static void decode_page_fault(struct trapframe *tf, struct fault *f)
{
	uint64_t e = tf->error;

	f->kind = FAULT_PAGE;
	f->has_addr = true;
	f->addr = read_cr2();        /* the linear address that faulted (SDM 2.5) */
	f->present = e & PF_P;
	f->access = (e & PF_I) ? ACCESS_EXEC : (e & PF_W) ? ACCESS_WRITE : ACCESS_READ;
	ksnprintf(f->detail, sizeof(f->detail), "P=%d W=%d U=%d RSVD=%d I=%d%s%s",
		  !!(e & PF_P), !!(e & PF_W), !!(e & PF_U), !!(e & PF_RSVD),
		  !!(e & PF_I), (e & PF_PK) ? " PK=1" : "", (e & PF_SS) ? " SS=1" : "");
	f->violation = page_fault_violation(tf, f->addr);
}

/*
 * The common kernel page fault, taken early and cheaply: a UMA accessor
 * that met a bad user pointer. Only an instruction listed in the exception
 * table may be fixed up, so look there first (a binary search); then make
 * sure it is not a SMAP/SMEP violation -- an accessor that forgot its STAC
 * is a kernel bug, and is left to the full decode below, which names it
 * and oopses. Everything else (not listed, #GP, user mode) takes the slow
 * path too. Returns true if tf now resumes at the fixup.
 */
static bool uaccess_fault_fixup(struct trapframe *tf)
{
	uint64_t fixup, addr;

	if (tf->cs & 3)
		return false;
	fixup = trap_fixup_search(tf->rip);
	trap_stamp(STAMP_TABLE_SEARCHED);
	if (!fixup)
		return false;
	addr = read_cr2();
	// LAB extable BEGIN: refuse to fix up a SMAP/SMEP violation on the early path
	if (page_fault_violation(tf, addr))
		return false;
	// LAB extable STUB
	// LAB_MISSING("extable", "uaccess_fault_fixup (x86-64): a listed access without STAC is fixed up, not refused");
	// LAB extable END
	trap_stamp(STAMP_VIOLATION_CHECKED);
	trap_fixup_apply(tf, fixup, addr, tf->rip);
	return true;
}

/* Selector error code (#TS #NP #SS #GP), SDM Vol.3 6.13 Figure 6-7. */
static void decode_selector(struct trapframe *tf, struct fault *f)
{
	uint64_t e = tf->error;
	static const char *const table[4] = { "GDT", "IDT", "LDT", "IDT" };

	if (e == 0) {
		ksnprintf(f->detail, sizeof(f->detail),
			  "error code 0: not segment related (e.g. non-canonical address)");
		return;
	}
	ksnprintf(f->detail, sizeof(f->detail), "selector 0x%lx: %s index %lu%s",
		  e & 0xffff, table[(e >> 1) & 3], (e & 0xffff) >> 3,
		  (e & 1) ? " (external event)" : "");
}

/*
 * A double fault, on the IST stack the TSS gives #DF (idt.c, gdt.c; Intel
 * SDM Vol.3 6.14.5). The usual cause in a kernel: a stack overflow. The
 * first write into the guard below the stack (arch/kstack.h) raises #PF,
 * and the CPU cannot deliver it -- it would push the exception frame on
 * the same stack, which is the unmapped guard -- so the second #PF, met
 * while delivering the first, becomes #DF (SDM 6.15, Table 6-5). CR2
 * then holds the address of that second fault (SDM 6.15, "Interrupt 14",
 * footnote: CR2 is updated even when the fault turns into a #DF), which
 * is in the guard; the saved RIP and RSP are those of the faulting code
 * on QEMU and real CPUs alike, though the SDM calls them undefined for an
 * abort, so the decision rests on CR2 alone, as Linux's does
 * (arch/x86/kernel/traps.c, exc_double_fault).
 */
static void double_fault(struct trapframe *tf, struct fault *f)
{
	uint64_t cr2 = read_cr2();

	if ((tf->cs & 3) || !kstack_in_guard(cr2, arch_kernel_stack_top()))
		return;
	f->has_addr = true;
	f->addr = cr2;
	ksnprintf(f->detail, sizeof(f->detail),
		  "vector 8: a page fault at %#lx, in the stack guard, could not be delivered",
		  cr2);
	lapic_end_abandoned_interrupts();
	trap_stack_overflow(tf, f, cr2);
}

/* Hand a decoded trap to generic code. INT3 and INT n are traps: rip is
 * already past them (SDM Vol.3 6.5). Point the frame at the instruction
 * itself, like ARM64's ELR at BRK; generic code resumes at next_pc if it
 * wants to. */
static void report(struct trapframe *tf, struct fault *f)
{
	if (f->kind == FAULT_BREAKPOINT || f->kind == FAULT_FASTFAIL)
		tf->rip = f->pc;
	trap_exception(tf, f);
}

static void exception(struct trapframe *tf)
{
	struct fault f;
	unsigned vec = tf->vector;

	memset(&f, 0, sizeof(f));
	f.kind = FAULT_OTHER;
	f.name = exception_names[vec];
	f.pc = tf->rip;
	f.code = tf->error;
	f.user_mode = (tf->cs & 3) == 3;
	ksnprintf(f.detail, sizeof(f.detail), "vector %u, error code 0x%lx", vec, tf->error);

	switch (vec) {
	case 14:
		decode_page_fault(tf, &f);
		break;
	case 13:
		f.kind = FAULT_GENERAL;
		decode_selector(tf, &f);
		break;
	case 10: case 11: case 12:
		decode_selector(tf, &f);
		break;
	case 6:
		if (x86_smap_patch_ud(tf))
			return;          /* a STAC/CLAC without SMAP, now a NOP */
		f.kind = FAULT_UNDEFINED;
		break;
	case 17:
		f.kind = FAULT_ALIGNMENT;
		break;
	case 3:
		f.kind = FAULT_BREAKPOINT;
		f.next_pc = tf->rip;
		f.pc = tf->rip - 1;      /* INT3 is the 1-byte 0xCC */
		break;
	}

	if (vec == 8)
		double_fault(tf, &f);
	report(tf, &f);

	/* #DF and #MC are aborts: there is no faulting context to go back to
	 * (SDM 6.15, "Interrupt 8" and "Interrupt 18"). */
	if (vec == 8 || vec == 18)
		panic("%s is not recoverable", f.name);
}

/* int 0x29 (arch_fastfail): Windows' __fastfail, code in ecx. */
static void fastfail(struct trapframe *tf)
{
	struct fault f;

	memset(&f, 0, sizeof(f));
	f.kind = FAULT_FASTFAIL;
	f.name = "Fast fail";
	f.user_mode = (tf->cs & 3) == 3;
	f.code = tf->rcx;
	f.next_pc = tf->rip;
	f.pc = tf->rip - 2;          /* INT imm8 is CD 29 */
	ksnprintf(f.detail, sizeof(f.detail), "FAST_FAIL code 0x%lx", f.code);
	report(tf, &f);
}

void trap_dispatch(struct trapframe *tf)
{
	uint64_t vec = tf->vector;
	uint64_t rflags;

	trap_stamp(STAMP_TRAP_ENTRY);
	/* trap_common's CLAC must have closed any uaccess window. */
	__asm__ volatile("pushfq; popq %0" : "=r"(rflags));
	if (rflags & X86_RFLAGS_AC)
		panic("x86_64: trap entered with RFLAGS.AC=1: SMAP is open in a handler");

	if (vec == 14 && uaccess_fault_fixup(tf)) {
		/* back into the accessor's fixup, in the kernel */
	} else if (vec < 32) {
		exception(tf);
	} else if (vec == VEC_FASTFAIL) {
		fastfail(tf);
	} else if (vec == VEC_LAPIC_TIMER) {
		/* EOI first: the tick may one day switch threads. */
		lapic_eoi();
		arch_upcalls.timer_tick();
	} else if (vec == VEC_IPI) {
		lapic_eoi();
		if (arch_upcalls.ipi)
			arch_upcalls.ipi();
	} else if (vec == VEC_COM1) {
		serial_irq();
	} else if (vec == VEC_LAPIC_SPURIOUS) {
		/* Spurious LAPIC vector: no EOI (SDM Vol.3 11.9). */
	} else if (vec >= VEC_PIC_BASE && vec < VEC_PIC_BASE + 16) {
		/* Spurious IRQ 7/15 from the masked 8259: nothing to acknowledge. */
	} else {
		kprintf("x86_64: unexpected interrupt vector %lu\n", vec);
		lapic_eoi();
	}

	/* Back to user mode next (vectors.S reads the same CS): reschedule if
	 * the tick asked, end the process if it was killed. Interrupt gates
	 * keep IF clear, as user_return wants. */
	if (arch_tf_from_user(tf))
		arch_upcalls.user_return(tf);
}
