/*
 * boot/loader.h - what the generic loader (boot/loader.c) and the per-arch
 * hand-over code (boot/<arch>/handoff.c) say to each other.
 */
#ifndef BOOT_LOADER_H
#define BOOT_LOADER_H

#include <efi.h>
#include <efilib.h>
#include "boot_info.h"

#define KiB 1024ull
#define MiB (1024ull * KiB)
#define GiB (1024ull * MiB)

/*
 * Page-table pages for the hand-over, allocated before ExitBootServices
 * (after it, nothing can be allocated). handoff_alloc() returns zeroed pages.
 */
struct page_pool {
	uint64_t next;   /* physical address of the next free page */
	uint64_t end;
};

static inline uint64_t *handoff_alloc(struct page_pool *pool)
{
	uint64_t *p;

	if (pool->next >= pool->end)
		return NULL;
	p = (uint64_t *)pool->next;
	pool->next += 4096;
	for (int i = 0; i < 512; i++)
		p[i] = 0;
	return p;
}

/* Pages the hand-over tables need to map [0, phys_top) twice and the kernel. */
uint64_t handoff_pages_needed(uint64_t phys_top);

/*
 * Build the hand-over tables described in boot_info.h, switch to them and
 * jump to bi->kernel_entry with bi in the first argument register.
 * Runs after ExitBootServices: no firmware calls, no allocation.
 */
void handoff(struct boot_info *bi, struct page_pool *pool, uint64_t phys_top)
	__attribute__((noreturn));

/* Read the architecture's free-running counter (for boot timing). */
uint64_t handoff_counter(void);

/* ELF machine number this loader accepts. */
extern const uint16_t handoff_elf_machine;

#endif
