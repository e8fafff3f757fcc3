/*
 * arch/aarch64/test_hw.c - self-tests for the ARM64 hardware glue: the
 * descriptor encodings (asm/pte.h), the device tree reader against QEMU
 * virt's DTB, and the timer rate against the counter.
 */
#include "base/types.h"
#include "arch/arch.h"
#include "ktest.h"
#include "timer.h"
#include "base/fdt.h"
#include "base/string.h"
#include "base/printk.h"
#include <asm/sysreg.h>
#include "arch/aarch64/aarch64.h"

KTEST(aarch64_pte_encoding)
{
	pte_t text = pte_leaf(0x40200000, VM_READ | VM_EXEC, 0);
	pte_t data = pte_leaf(0x40200000, VM_READ | VM_WRITE, 1);
	pte_t utext = pte_leaf(0x1000, VM_READ | VM_EXEC | VM_USER, 0);
	pte_t mmio = pte_leaf(0x09000000, VM_READ | VM_WRITE | VM_DEVICE, 0);

	/* Page 0b11, block 0b01; AF always; kernel text RO, PXN clear, UXN set. */
	KEXPECT_EQ(text & 3, 3);
	KEXPECT_EQ(data & 3, 1);
	KEXPECT_EQ(text & (PTE_AF | PTE_AP_RO | PTE_PXN | PTE_UXN), PTE_AF | PTE_AP_RO | PTE_UXN);
	KEXPECT_EQ(data & (PTE_AP_RO | PTE_PXN | PTE_UXN), PTE_PXN | PTE_UXN);
	/* User code: EL0 may run it, EL1 never (PXN), not global. */
	KEXPECT_EQ(utext & (PTE_AP_USER | PTE_PXN | PTE_UXN | PTE_NG), PTE_AP_USER | PTE_PXN | PTE_NG);
	KEXPECT_EQ(mmio & PTE_ATTR_MASK, PTE_ATTR(MAIR_IDX_DEVICE));
	KEXPECT_EQ(text & PTE_ATTR_MASK, PTE_ATTR(MAIR_IDX_NORMAL));
	/* And back. */
	KEXPECT_EQ(pte_flags(text, 0), VM_READ | VM_EXEC);
	KEXPECT_EQ(pte_flags(data, 1), VM_READ | VM_WRITE);
	KEXPECT_EQ(pte_flags(utext, 0), VM_READ | VM_EXEC | VM_USER);
	KEXPECT_EQ(pte_flags(mmio, 0), VM_READ | VM_WRITE | VM_DEVICE);
	KEXPECT_EQ(pte_addr(data), 0x40200000);
	KEXPECT(pte_is_table(pte_table(0x5000), 1) && !pte_is_table(data, 1));
}

KTEST(aarch64_fdt_virt)
{
	uint64_t base, size;
	const char *method;

	if (!arch_fdt)
		ktest_skip("no device tree");
	KEXPECT(fdt_find_compatible(arch_fdt, "arm,pl011", &base, &size, 0));
	KEXPECT_EQ(base, VIRT_UART_PA);
	KEXPECT_EQ(size, 0x1000);
	KEXPECT(fdt_find_compatible(arch_fdt, "arm,cortex-a15-gic", &base, &size, 1));
	KEXPECT_EQ(base, VIRT_GICC_PA);
	KEXPECT(!fdt_find_compatible(arch_fdt, "arm,pl011", &base, &size, 1));
	KEXPECT(!fdt_find_compatible(arch_fdt, "no,such-device", &base, &size, 0));
	method = fdt_compatible_prop_string(arch_fdt, "arm,psci", "method");
	KEXPECT(method && strcmp(method, "hvc") == 0);

	static const uint32_t junk[16] = { 0xefbeadde };
	KEXPECT(!fdt_valid(junk));
}

/* Counter cycles per tick over n ticks, from a tick's start. */
static uint64_t cycles_per_tick(unsigned n)
{
	uint64_t j0 = jiffies, c0;

	while (jiffies == j0)
		arch_wait_for_interrupt();
	j0 = jiffies;
	c0 = arch_counter();
	while (jiffies < j0 + n)
		arch_wait_for_interrupt();
	return (arch_counter() - c0) / n;
}

/* Ticks are CNTFRQ/TIMER_HZ counter cycles apart on average. The counter
 * is the host's clock: a window in which the host did not run the
 * emulated CPU for a while comes out long and is measured again (up to
 * three times); a wrong rate is wrong in all of them. */
KTEST(aarch64_timer_rate)
{
	uint64_t period = arch_counter_hz() / TIMER_HZ, per = 0;

	KASSERT(arch_irq_enabled());
	for (int tries = 0; tries < 3; tries++) {
		per = cycles_per_tick(20);
		kprintf("# timer: %lu counter cycles per tick, expected %lu (CNTFRQ %lu Hz / %u)\n",
			(unsigned long)per, (unsigned long)period,
			(unsigned long)arch_counter_hz(), TIMER_HZ);
		if (per > period * 95 / 100 && per < period * 105 / 100)
			break;
	}
	KEXPECT(per > period * 95 / 100);
	KEXPECT(per < period * 105 / 100);
	KEXPECT_EQ(read_sysreg(cntv_ctl_el0) & 3, 1);   /* ENABLE set, IMASK clear */
}
