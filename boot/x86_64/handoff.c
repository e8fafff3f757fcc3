/*
 * boot/x86_64/handoff.c - first page tables and the jump into the kernel.
 *
 * UEFI leaves us in long mode with an identity map (UEFI 2.10 section
 * 2.3.4). We build a 4-level table (Intel SDM Vol.3 4.5) with:
 *   PML4[0]   -> identity map of [0, top) in 2 MiB pages (this code keeps running)
 *   PML4[256] -> the same PDPT: DIRECT_MAP + pa for all of [0, top)
 *   PML4[511] -> PDPT[510] -> the kernel image at KERNEL_VMA, 2 MiB pages
 * All read-write-execute: the kernel replaces these with its own W^X tables.
 */
#include "loader.h"

#define P    (1ull << 0)
#define RW   (1ull << 1)
#define PS   (1ull << 7)   /* 2 MiB page in a PD entry */

const uint16_t handoff_elf_machine = 62;  /* EM_X86_64 */

uint64_t handoff_pages_needed(uint64_t top)
{
	/* PML4 + low PDPT + one PD per GiB, plus kernel PDPT + PD. */
	return 2 + top / GiB + 2;
}

uint64_t handoff_counter(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void handoff(struct boot_info *bi, struct page_pool *pool, uint64_t top)
{
	uint64_t *pml4 = handoff_alloc(pool);
	uint64_t *pdpt = handoff_alloc(pool);

	for (uint64_t g = 0; g < top / GiB && g < 512; g++) {
		uint64_t *pd = handoff_alloc(pool);
		for (uint64_t i = 0; i < 512; i++)
			pd[i] = (g * GiB + i * 2 * MiB) | P | RW | PS;
		pdpt[g] = (uint64_t)pd | P | RW;
	}
	pml4[0] = (uint64_t)pdpt | P | RW;
	pml4[(DIRECT_MAP >> 39) & 511] = (uint64_t)pdpt | P | RW;

	uint64_t *kpdpt = handoff_alloc(pool);
	uint64_t *kpd = handoff_alloc(pool);
	for (uint64_t off = 0; off < bi->kernel_size; off += 2 * MiB)
		kpd[((KERNEL_VMA + off) >> 21) & 511] = (bi->kernel_phys + off) | P | RW | PS;
	kpdpt[(KERNEL_VMA >> 30) & 511] = (uint64_t)kpd | P | RW;
	pml4[(KERNEL_VMA >> 39) & 511] = (uint64_t)kpdpt | P | RW;

	/* Interrupts off, new CR3 (the identity half keeps this code mapped),
	 * then enter the kernel with rdi = &boot_info (System V first argument). */
	__asm__ volatile(
		"cli\n\t"
		"mov %0, %%cr3\n\t"
		"mov %1, %%rdi\n\t"
		"jmp *%2\n\t"
		:: "r"(pml4), "r"(bi), "r"(bi->kernel_entry) : "rdi", "memory");
	__builtin_unreachable();
}
