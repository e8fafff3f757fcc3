/*
 * gdt.c - the kernel's own GDT and TSS.
 *
 * In 64-bit mode segmentation is mostly off (Intel SDM Vol.3 3.2.4), but
 * the CPU still needs code segments that say "64-bit" and which privilege
 * level, and a TSS that holds the stacks the CPU switches to on a trap
 * from user mode (rsp0) or through the interrupt stack table (SDM 8.7).
 */
#include "arch/arch.h"
#include "base/percpu.h"
#include "arch/x86_64/x86_64.h"
#include <asm/x86.h>

/* 64-bit TSS, SDM Vol.3 Figure 8-11. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];       /* ist[0] is IST1 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* One GDT, TSS and set of stacks per CPU: a TSS is busy once loaded, and
 * each CPU needs its own rsp0 and IST stacks (SDM Vol.3 8.7, 10.4). */
#define STACK_SIZE 16384
static uint8_t rsp0_stack[MAX_CPUS][STACK_SIZE] __aligned(16);
static uint8_t df_stack[MAX_CPUS][STACK_SIZE] __aligned(16);
static uint8_t nmi_stack[MAX_CPUS][STACK_SIZE] __aligned(16);

static struct tss tss[MAX_CPUS];

/* Segment descriptor, SDM Vol.3 Figure 3-8. Base and limit are ignored
 * for code/data in 64-bit mode; we still write flat 4 GiB values. */
#define DESC_P     (1ull << 47)
#define DESC_S     (1ull << 44)          /* code/data (not system) */
#define DESC_DPL(n) ((uint64_t)(n) << 45)
#define DESC_CODE  (0xaull << 40)        /* execute/read */
#define DESC_DATA  (0x2ull << 40)        /* read/write */
#define DESC_L     (1ull << 53)          /* 64-bit code */
#define DESC_DB    (1ull << 54)
#define DESC_G     (1ull << 55)
#define DESC_FLAT  (0xffffull | (0xfull << 48))

static const uint64_t gdt_template[7] = {
	0,                                                               /* null */
	DESC_FLAT | DESC_G | DESC_L | DESC_P | DESC_S | DESC_DPL(0) | DESC_CODE, /* 0x08 */
	DESC_FLAT | DESC_G | DESC_DB | DESC_P | DESC_S | DESC_DPL(0) | DESC_DATA, /* 0x10 */
	DESC_FLAT | DESC_G | DESC_DB | DESC_P | DESC_S | DESC_DPL(3) | DESC_DATA, /* 0x18 */
	DESC_FLAT | DESC_G | DESC_L | DESC_P | DESC_S | DESC_DPL(3) | DESC_CODE, /* 0x20 */
	0, 0,                                    /* 0x28: TSS, 16 bytes, filled below */
};
static uint64_t gdt[MAX_CPUS][7] __aligned(16);

/* 16-byte TSS descriptor, SDM Vol.3 Figure 8-4 (type 9 = available 64-bit TSS). */
static void set_tss_desc(uint64_t *g, const struct tss *t)
{
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

	g[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x9ull << 40) |
		 DESC_P | (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	g[6] = base >> 32;
}

/* Reload CS with a far return (a MOV cannot load CS), then the data
 * segment registers. Loading GS clears the GS base (QEMU does; on Intel a
 * null selector leaves it alone): gdt_init() puts the per-CPU one back. */
static void load_segments(void)
{
	__asm__ volatile(
		"pushq %[cs]\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w[ds], %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		: : [cs] "i"(SEL_KCODE), [ds] "r"(SEL_KDATA) : "rax", "memory");
}

/* arch_set_kernel_stack(): the next trap from user mode lands here. */
void tss_set_rsp0(uint64_t top)
{
	tss[arch_cpu_id()].rsp[0] = top;
}

uint64_t tss_rsp0(void)
{
	return tss[arch_cpu_id()].rsp[0];
}

/* Every CPU, with its number: its own GDT copy, TSS and stacks. The GS
 * base (the per-CPU area) already points at x86_percpu[cpu] and is
 * restored after the segment reload. */
void gdt_init(unsigned cpu)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr;
	struct tss *t = &tss[cpu];
	uint64_t gs_base = rdmsr(MSR_GS_BASE);

	for (int i = 0; i < 7; i++)
		gdt[cpu][i] = gdt_template[i];
	t->rsp[0] = (uint64_t)(rsp0_stack[cpu] + STACK_SIZE);
	t->ist[IST_DF - 1] = (uint64_t)(df_stack[cpu] + STACK_SIZE);
	t->ist[IST_NMI - 1] = (uint64_t)(nmi_stack[cpu] + STACK_SIZE);
	t->iomap_base = sizeof(*t);          /* no I/O permission bitmap */
	set_tss_desc(gdt[cpu], t);

	gdtr.limit = sizeof(gdt[cpu]) - 1;
	gdtr.base = (uint64_t)gdt[cpu];
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	load_segments();
	wrmsr(MSR_GS_BASE, gs_base);
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");
}
