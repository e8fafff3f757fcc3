/*
 * cpu.c - bring the CPU into the state the kernel expects, and say what it
 * can do: descriptor tables, paging protection bits, CPUID features.
 */
#include "arch/arch.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

struct x86_features x86_cpu;

const char *arch_name(void) { return "x86_64"; }

/* CPUID bits, Intel SDM Vol.2A CPUID Table 3-8 and the AMD APM Vol.3. */
void cpu_detect(void)
{
	struct cpuid_regs r = cpuid(0, 0);
	uint32_t max_basic = r.eax, max_ext;

	memcpy(x86_cpu.vendor + 0, &r.ebx, 4);
	memcpy(x86_cpu.vendor + 4, &r.edx, 4);
	memcpy(x86_cpu.vendor + 8, &r.ecx, 4);

	r = cpuid(1, 0);
	x86_cpu.x2apic = r.ecx & (1u << 21);
	if (max_basic >= 7) {
		r = cpuid(7, 0);
		x86_cpu.smep = r.ebx & (1u << 7);
		x86_cpu.erms = r.ebx & (1u << 9);    /* fast REP MOVSB/STOSB */
		x86_cpu.smap = r.ebx & (1u << 20);
	}

	max_ext = cpuid(0x80000000, 0).eax;
	if (max_ext >= 0x80000001) {
		r = cpuid(0x80000001, 0);
		x86_cpu.nx = r.edx & (1u << 20);
		x86_cpu.pdpe1gb = r.edx & (1u << 26);
	}
	if (max_ext >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			r = cpuid(0x80000002 + i, 0);
			memcpy(x86_cpu.brand + 16 * i, &r, 16);
		}
	} else {
		strlcpy(x86_cpu.brand, x86_cpu.vendor, sizeof(x86_cpu.brand));
	}
	if (max_ext >= 0x80000007)
		x86_cpu.invariant_tsc = cpuid(0x80000007, 0).edx & (1u << 8);
}

/*
 * The control registers every CPU runs with, written whole rather than
 * OR-ed into what the firmware left, so that CPU 0 (which the firmware
 * set up) and the others (fresh from INIT, SDM Vol.3 Table 10-1) end up
 * identical:
 *  - EFER.NXE makes PTE bit 63 mean "no execute" (otherwise reserved, SDM
 *    Vol.3 4.6.2); SCE is syscall_init's, LME/LMA long mode's.
 *  - CR0: PE, PG (long mode), WP (ring 0 honours read-only pages, without
 *    which kernel W^X is an illusion, SDM 2.5), CD = NW = 0 (caches on;
 *    INIT leaves them set, SDM 11.5.1), and for FP/SSE (SDM 2.5, 13.1)
 *    EM = TS = 0 so the instructions run, MP and NE for native x87 error
 *    reporting, ET (always 1).
 *  - CR4: PAE (long mode), PGE (kernel leaves global across CR3 switches,
 *    SDM 4.10.2.4), MCE (a machine check is an exception, not a
 *    shutdown), DE (as the firmware sets it on CPU 0), OSFXSR (the kernel
 *    saves SSE registers with FXSAVE, context.c) and OSXMMEXCPT (it
 *    handles #XM), SMEP/SMAP as smap.c decided. OSXSAVE stays clear: AVX
 *    and later state is then unusable (#UD), so the FXSAVE image is all
 *    the state a thread has. FSGSBASE clear: the FS and GS bases change
 *    only through the kernel (tls_set). LA57 cannot change in long mode:
 *    kept as it is.
 *  - PAT: the reset value (SDM 12.12.4), which pte.h's PCD|PWT = UC
 *    relies on, whatever the firmware programmed.
 */
#define CR0_ALL (CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG)
#define CR4_ALL (CR4_DE | CR4_PAE | CR4_MCE | CR4_PGE | CR4_OSFXSR | CR4_OSXMMEXCPT)
#define PAT_RESET 0x0007040600070406ull

static void set_control_regs(void)
{
	if (!x86_cpu.nx)
		panic("x86_64: this CPU has no NX bit; kernel W^X needs it");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	wrmsr(MSR_PAT, PAT_RESET);
	write_cr0(CR0_ALL);
	write_cr4((read_cr4() & CR4_LA57) | CR4_ALL | x86_smap_cr4_bits());
}

/*
 * Everything a CPU holds for itself, set the same way on every CPU (CPU 0
 * from arch_cpu_init, the others from smp.c) so they cannot drift: GDT,
 * TSS, GS base and SYSCALL MSRs, IDTR, EFER, CR0, CR4, PAT.
 * tests/smp_test.c compares them across CPUs.
 */
void x86_cpu_setup(unsigned cpu)
{
	gdt_init(cpu);
	syscall_init(cpu);      /* after gdt_init: it sets the GS base */
	idt_load();
	set_control_regs();
	arch_tlb_flush_all();   /* CR4.PGE may have just come on */
}

void arch_cpu_init(void)
{
	cpu_detect();
	x86_smap_init();        /* first: it may patch the trap entry */
	idt_init();
	x86_cpu_setup(0);
	pic_disable();
	tsc_calibrate();
}

static const char *yes(bool b) { return b ? "yes" : "no"; }

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* On CPU 0 the banner; on the others one line from their own CR4. */
void arch_cpu_describe(void)
{
	uint64_t hz = arch_counter_hz(), cr4 = read_cr4();
	unsigned cpu = arch_cpu_id();

	if (cpu) {
		kprintf("cpu%u: SMEP=%s SMAP=%s\n", cpu, cr4 & CR4_SMEP ? "on" : "off",
			cr4 & CR4_SMAP ? "on" : "off");
		return;
	}
	kprintf("cpu: x86_64 \"%s\"  SMEP=%s SMAP=%s NX=on PDPE1GB=%s ERMS=%s\n",
		skip_spaces(x86_cpu.brand), x86_smep_state(), x86_smap_state(),
		yes(x86_cpu.pdpe1gb), yes(x86_cpu.erms));
	kprintf("cpu: TSC %lu.%03lu MHz (PIT-calibrated%s), CR0.WP=1 EFER.NXE=1\n",
		hz / 1000000, (hz / 1000) % 1000,
		x86_cpu.invariant_tsc ? ", invariant" : "");
}
