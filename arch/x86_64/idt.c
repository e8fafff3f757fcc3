/*
 * idt.c - the interrupt descriptor table: one gate per vector, each
 * pointing at its stub in vectors.S.
 *
 * All gates are 64-bit interrupt gates (type 0xE), so IF is cleared on
 * entry and handlers never nest by surprise (Intel SDM Vol.3 6.12.1.3).
 * #DF and NMI run on their own IST stacks (SDM 6.14.5): a double fault is
 * often a kernel stack overflow, and an NMI can hit at any instruction.
 */
#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"

/* 64-bit IDT gate descriptor, SDM Vol.3 Figure 6-8. */
struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;           /* bits 2:0: IST slot, 0 = no stack switch */
	uint8_t type_attr;     /* P | DPL | type */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

#define GATE_INTR  0x8e    /* present, DPL 0, 64-bit interrupt gate */
#define GATE_USER  0x60    /* DPL 3: INT3 from user mode is allowed (SDM 6.12.1.1) */

extern const uint64_t trap_vectors[256];    /* vectors.S */
static struct idt_gate idt[256] __aligned(16);

static void set_gate(int vec, uint64_t handler, int ist, uint8_t attr)
{
	idt[vec] = (struct idt_gate){
		.offset_lo = handler & 0xffff,
		.selector = SEL_KCODE,
		.ist = ist,
		.type_attr = attr,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_hi = handler >> 32,
	};
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, trap_vectors[v], 0, GATE_INTR);
	set_gate(2, trap_vectors[2], IST_NMI, GATE_INTR);
	set_gate(3, trap_vectors[3], 0, GATE_INTR | GATE_USER);
	set_gate(8, trap_vectors[8], IST_DF, GATE_INTR);
	/* int 0x29: __fastfail, allowed from user mode as on Windows. */
	set_gate(VEC_FASTFAIL, trap_vectors[VEC_FASTFAIL], 0, GATE_INTR | GATE_USER);

	idt_load();
}

/* One IDT serves every CPU: each loads IDTR itself (SDM Vol.3 6.10). */
void idt_load(void)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) idtr;

	idtr.limit = sizeof(idt) - 1;
	idtr.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}
