/*
 * arch/aarch64/secondary.S - where a CPU started by PSCI CPU_ON begins.
 *
 * PSCI (DEN 0022, 6.4 "CPU_ON and CPU_SUSPEND power down ... entry"): the
 * CPU starts at the physical entry point given to CPU_ON, at the caller's
 * EL, MMU and caches off, DAIF masked, x0 = the context id. Here that is
 * its CPU index; smp_boot (smp_boot.h, cleaned to PoC by CPU 0 since we
 * read it uncached) holds what CPU 0's MMU registers hold. The kernel's
 * tables have no identity map, so TTBR0 briefly points at one that maps
 * the GiB around this code (smp.c): the MMU goes on while we run here at
 * the physical address, then a branch to the link address continues
 * through TTBR1, and TTBR0 is dropped as on CPU 0 (mmu.c). Then the stack
 * CPU 0 gave us, TPIDR_EL1 = index (asm/cpu.h) and C.
 */
#include "arch/aarch64/smp_boot.h"

	.text
	.balign	4
	.global	secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mrs	x9, CurrentEL             // CurrentEL[3:2] = EL: EL1 only, as entry.S
	cmp	x9, #(1 << 2)
	b.ne	park
	msr	spsel, #1                 // SP_EL1, the stack exceptions use
	adrp	x1, smp_boot              // PC-relative: its physical address
	add	x1, x1, :lo12:smp_boot
	// A CPU that came too late finds another CPU's block: it stays parked.
	ldp	x2, x3, [x1, #SB_CPU]
	cmp	x0, x2
	b.ne	park
	mrs	x2, mpidr_el1
	and	x4, x2, #0xffffff         // Aff2..Aff0 [23:0]
	ubfx	x2, x2, #32, #8           // Aff3 [39:32]
	orr	x2, x4, x2, lsl #32
	cmp	x2, x3
	b.ne	park

	ic	iallu                     // nothing stale from before the reset
	tlbi	vmalle1
	dsb	nsh
	isb
	ldp	x2, x3, [x1, #SB_MAIR]
	ldp	x4, x5, [x1, #SB_TTBR0]
	ldp	x6, x19, [x1, #SB_SCTLR]  // x19 = final TCR, kept for later
	ldr	x20, [x1, #SB_STACK]
	msr	mair_el1, x2
	msr	tcr_el1, x3
	msr	ttbr0_el1, x4
	msr	ttbr1_el1, x5
	isb
	msr	sctlr_el1, x6             // MMU on: this code is identity mapped
	isb
	ldr	x9, =secondary_high       // the link address, in the kernel half
	br	x9

secondary_high:
	msr	tcr_el1, x19              // EPD0 = 1: no walks of TTBR0 ...
	isb
	msr	ttbr0_el1, xzr            // ... and no identity map
	isb
	tlbi	vmalle1                   // forget its translations
	dsb	nsh
	isb
	mov	sp, x20
	mov	x1, x20                   // smp_secondary_start(cpu, stack_top)
	msr	tpidr_el1, x0             // arch_cpu_id()
	mov	x29, #0                   // end of the frame-pointer chain
	mov	x30, #0
	bl	smp_secondary_start       // C (smp.c), never returns
park:
	wfi
	b	park
	.ltorg                            // the literal above, in this page too
	.global	secondary_entry_end
secondary_entry_end:
