/*
 * gdt.c - the kernel's own GDT and TSS.
 *
 * In 64-bit mode segmentation is mostly off (Intel SDM Vol.3 3.2.4), but
 * the CPU still needs code segments that say "64-bit" and which privilege
 * level, and a TSS that holds the stacks the CPU switches to on a trap
 * from user mode (rsp0) or through the interrupt stack table (SDM 8.7).
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"

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

#define STACK_SIZE 16384
static uint8_t rsp0_stack[STACK_SIZE] __aligned(16);
static uint8_t df_stack[STACK_SIZE] __aligned(16);
static uint8_t nmi_stack[STACK_SIZE] __aligned(16);

static struct tss tss;

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

static uint64_t gdt[7] __aligned(16) = {
	0,                                                               /* null */
	DESC_FLAT | DESC_G | DESC_L | DESC_P | DESC_S | DESC_DPL(0) | DESC_CODE, /* 0x08 */
	DESC_FLAT | DESC_G | DESC_DB | DESC_P | DESC_S | DESC_DPL(0) | DESC_DATA, /* 0x10 */
	DESC_FLAT | DESC_G | DESC_DB | DESC_P | DESC_S | DESC_DPL(3) | DESC_DATA, /* 0x18 */
	DESC_FLAT | DESC_G | DESC_L | DESC_P | DESC_S | DESC_DPL(3) | DESC_CODE, /* 0x20 */
	0, 0,                                    /* 0x28: TSS, 16 bytes, filled below */
};

/* 16-byte TSS descriptor, SDM Vol.3 Figure 8-4 (type 9 = available 64-bit TSS). */
static void set_tss_desc(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x9ull << 40) |
		 DESC_P | (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
}

/* Reload CS with a far return (a MOV cannot load CS), then the data
 * segment registers; FS/GS bases stay 0 until something needs them. */
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
	tss.rsp[0] = top;
}

uint64_t tss_rsp0(void)
{
	return tss.rsp[0];
}

void gdt_init(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr;

	tss.rsp[0] = (uint64_t)(rsp0_stack + STACK_SIZE);
	tss.ist[IST_DF - 1] = (uint64_t)(df_stack + STACK_SIZE);
	tss.ist[IST_NMI - 1] = (uint64_t)(nmi_stack + STACK_SIZE);
	tss.iomap_base = sizeof(tss);        /* no I/O permission bitmap */
	set_tss_desc();

	gdtr.limit = sizeof(gdt) - 1;
	gdtr.base = (uint64_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	load_segments();
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");
}
