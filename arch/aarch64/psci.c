/*
 * arch/aarch64/psci.c - power off and CPU start through PSCI (Arm DEN 0022,
 * "Power State Coordination Interface"), and halting this CPU.
 *
 * PSCI functions are called with the SMC Calling Convention (DEN 0028):
 * function ID in x0, result in x0. The conduit is HVC or SMC depending on
 * which exception level implements PSCI; the DTB's /psci "method" says
 * which. QEMU virt without EL2/EL3 handles HVC itself.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "base/fdt.h"
#include "base/printk.h"
#include "base/string.h"
#include "arch/aarch64/aarch64.h"

#define PSCI_VERSION     0x84000000u
#define PSCI_SYSTEM_OFF  0x84000008u
#define PSCI_CPU_ON64    0xc4000003u     /* SMC64 CPU_ON (DEN 0022, 5.1.4) */

static bool use_smc;

/* SMCCC v1.0 (DEN 0028, register use in AArch64 calls) lets the callee
 * change x1-x17; say so, rather than trust a newer firmware to keep them
 * (x1-x3 are operands of psci_call, marked as changed there). */
#define SMCCC_CLOBBERS "x4", "x5", "x6", "x7", "x8", "x9", \
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"

static uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (use_smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : SMCCC_CLOBBERS);
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : SMCCC_CLOBBERS);
	return x0;
}

/*
 * CPU_ON (DEN 0022, 5.1.4): start the CPU whose MPIDR affinity fields are
 * mpidr at entry_pa (a physical address: it starts with the MMU off) with
 * x0 = context. 0 on success, else a negative PSCI error (5.2.2):
 * -2 INVALID_PARAMETERS, -4 ALREADY_ON, -5 ON_PENDING, -6 INTERNAL_FAILURE,
 * -9 INVALID_ADDRESS.
 */
int psci_cpu_on(uint64_t mpidr, uint64_t entry_pa, uint64_t context)
{
	return (int)(int64_t)psci_call(PSCI_CPU_ON64, mpidr, entry_pa, context);
}

void psci_init(const void *fdt)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	const char *method = NULL;
	uint64_t v;

	for (unsigned i = 0; i < ARRAY_SIZE(compat) && !method; i++)
		method = fdt_compatible_prop_string(fdt, compat[i], "method");
	use_smc = method && strcmp(method, "smc") == 0;
	v = psci_call(PSCI_VERSION, 0, 0, 0);
	kprintf("psci: version %lu.%lu via %s%s\n", (unsigned long)(v >> 16) & 0xffff,
		(unsigned long)v & 0xffff, use_smc ? "smc" : "hvc", method ? "" : " (default)");
}

/* SYSTEM_OFF carries no status; the test runner reads the printed summary. */
void arch_poweroff(int status)
{
	(void)status;
	arch_irq_disable();
	pl011_flush();                 /* let the last line leave the UART */
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	arch_halt();                   /* only if PSCI is missing or refused */
}

void arch_halt(void)
{
	arch_irq_disable();
	for (;;)
		arch_wait_for_interrupt();
}
