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
 * EFER.NXE makes PTE bit 63 mean "no execute" (otherwise it is reserved,
 * SDM Vol.3 4.6.2); CR0.WP makes ring 0 honour read-only pages, without
 * which kernel W^X is an illusion (SDM 2.5); CR4.PGE lets kernel leaves be
 * global so they survive CR3 switches (SDM 4.10.2.4).
 * SMEP and SMAP: x86_smap_init() (smap.c).
 */
static void enable_protection(void)
{
	if (!x86_cpu.nx)
		panic("x86_64: this CPU has no NX bit; kernel W^X needs it");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_WP);
	write_cr4(read_cr4() | CR4_PGE);
}

/*
 * FP and SSE for user programs (SDM Vol.3 2.5 and 13.1): CR0.EM = 0 and
 * TS = 0 so the instructions run instead of trapping, MP and NE for the
 * native x87 error reporting; CR4.OSFXSR says the kernel saves the SSE
 * registers with FXSAVE (context.c: on every switch), OSXMMEXCPT that it
 * handles #XM (a user fault that kills the program, like any other).
 * OSXSAVE stays clear: AVX and later state is then unusable (#UD), so the
 * FXSAVE image is all the state a thread has. FSGSBASE clear: the FS and
 * GS bases change only through the kernel (tls_set), whatever the
 * firmware left.
 */
static void enable_fpu(void)
{
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	write_cr4((read_cr4() & ~(CR4_OSXSAVE | CR4_FSGSBASE)) | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

void arch_cpu_init(void)
{
	cpu_detect();
	x86_smap_init();        /* first: it may patch the trap entry */
	gdt_init();
	syscall_init();         /* after gdt_init: it sets the GS base */
	idt_init();
	pic_disable();
	enable_protection();
	enable_fpu();
	tsc_calibrate();
}

static const char *yes(bool b) { return b ? "yes" : "no"; }

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

void arch_cpu_describe(void)
{
	uint64_t hz = arch_counter_hz();

	kprintf("cpu: x86_64 \"%s\"  SMEP=%s SMAP=%s NX=on PDPE1GB=%s ERMS=%s\n",
		skip_spaces(x86_cpu.brand), x86_smep_state(), x86_smap_state(),
		yes(x86_cpu.pdpe1gb), yes(x86_cpu.erms));
	kprintf("cpu: TSC %lu.%03lu MHz (PIT-calibrated%s), CR0.WP=1 EFER.NXE=1\n",
		hz / 1000000, (hz / 1000) % 1000,
		x86_cpu.invariant_tsc ? ", invariant" : "");
}
