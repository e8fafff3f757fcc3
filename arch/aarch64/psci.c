/*
 * arch/aarch64/psci.c - power off through PSCI (Arm DEN 0022, "Power State
 * Coordination Interface"), and halting this CPU.
 *
 * PSCI functions are called with the SMC Calling Convention (DEN 0028):
 * function ID in x0, result in x0. The conduit is HVC or SMC depending on
 * which exception level implements PSCI; the DTB's /psci "method" says
 * which. QEMU virt without EL2/EL3 handles HVC itself.
 */
#include "types.h"
#include "arch.h"
#include "fdt.h"
#include "printk.h"
#include "string.h"
#include "aarch64.h"

#define PSCI_VERSION     0x84000000u
#define PSCI_SYSTEM_OFF  0x84000008u

static bool use_smc;

static uint64_t psci_call(uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	if (use_smc)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return x0;
}

void psci_init(const void *fdt)
{
	const char *method = fdt_compatible_prop_string(fdt, "arm,psci", "method");
	uint64_t v;

	if (!method)
		method = fdt_compatible_prop_string(fdt, "arm,psci-0.2", "method");
	use_smc = method && strcmp(method, "smc") == 0;
	v = psci_call(PSCI_VERSION);
	kprintf("psci: version %lu.%lu via %s%s\n", (unsigned long)(v >> 16) & 0xffff,
		(unsigned long)v & 0xffff, use_smc ? "smc" : "hvc", method ? "" : " (default)");
}

/* SYSTEM_OFF carries no status; the test runner reads the printed summary. */
void arch_poweroff(int status)
{
	(void)status;
	arch_irq_disable();
	psci_call(PSCI_SYSTEM_OFF);
	arch_halt();                   /* only if PSCI is missing or refused */
}

void arch_halt(void)
{
	arch_irq_disable();
	for (;;)
		arch_wait_for_interrupt();
}
