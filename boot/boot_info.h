/*
 * boot/boot_info.h - the hand-over contract between the UEFI loader and the kernel.
 *
 * The loader (boot/loader.c) fills one struct boot_info, exits boot services
 * and jumps to the kernel entry point with the struct's physical address in
 * the first argument register (rdi on x86-64, x0 on ARM64). Both sides include
 * this file; nothing else is shared between them.
 *
 * At entry the kernel runs on hand-over page tables built by the loader:
 *   - physical memory identity-mapped (so the kernel can read this struct,
 *     the memory map and the DTB before it builds its own tables),
 *   - the kernel image mapped at its link address (KERNEL_VMA) onto
 *     kernel_phys.
 * Interrupts are masked. The kernel switches to its own stack and page tables
 * early and never returns to the loader.
 */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

/* linker.ld includes this file too, where C suffixes and types are unknown. */
#ifdef __ASSEMBLY__
#define BI_U64(x) x
#else
#include <stdint.h>
#define BI_U64(x) ((uint64_t)(x##ULL))
#endif

#define BOOT_INFO_MAGIC   BI_U64(0x31544f4f42414d55)  /* "UMABOOT1" little-endian */
#define BOOT_INFO_VERSION 1

/* Memory region types, already simplified from the UEFI types by the loader. */
#ifndef __ASSEMBLY__
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,     /* free RAM: conventional and boot-services memory */
	BOOT_MEM_RESERVED,       /* firmware, runtime services, unusable */
	BOOT_MEM_ACPI,           /* ACPI tables and NVS: keep */
	BOOT_MEM_MMIO,           /* device memory described by the map */
	BOOT_MEM_KERNEL,         /* the loaded kernel image */
	BOOT_MEM_INITRD,         /* the initrd file as read from the ESP */
	BOOT_MEM_BOOT_DATA,      /* this struct and the hand-over page tables:
	                            free once the kernel runs on its own tables */
};

struct boot_mem_region {
	uint64_t base;           /* physical, page aligned */
	uint64_t size;           /* bytes, multiple of 4 KiB */
	uint32_t type;           /* enum boot_mem_type */
	uint32_t reserved;
};

/* GOP framebuffer; base == 0 when the firmware has none (QEMU -vga none). */
struct boot_framebuffer {
	uint64_t base;           /* physical */
	uint64_t size;
	uint32_t width, height;
	uint32_t pixels_per_line;
	uint32_t format;         /* EFI_GRAPHICS_PIXEL_FORMAT */
};

#define BOOT_CMDLINE_MAX 512
#define BOOT_MEM_MAX     256

struct boot_info {
	uint64_t magic;          /* BOOT_INFO_MAGIC */
	uint32_t version;        /* BOOT_INFO_VERSION */
	uint32_t size;           /* sizeof(struct boot_info) as the loader saw it */

	uint64_t kernel_phys;    /* where the image starts in RAM (2 MiB aligned) */
	uint64_t kernel_virt;    /* its link address, KERNEL_VMA */
	uint64_t kernel_size;    /* bytes covered by the PT_LOAD segments */
	uint64_t kernel_entry;   /* virtual entry point, from the ELF header */

	uint64_t initrd_phys;    /* 0 if no initrd was found */
	uint64_t initrd_size;

	uint64_t acpi_rsdp;      /* x86-64: physical address of the RSDP, else 0 */
	uint64_t dtb;            /* ARM64: physical address of the device tree, else 0 */
	struct boot_framebuffer fb;

	uint64_t loader_counter; /* cycle/counter value just before the jump */

	char cmdline[BOOT_CMDLINE_MAX];  /* NUL-terminated ASCII */

	uint32_t mem_count;
	uint32_t reserved;
	struct boot_mem_region mem[BOOT_MEM_MAX];  /* sorted by base, no overlaps */
};

#endif /* !__ASSEMBLY__ */

/* Hand-over page-table layout, shared so both sides agree on the addresses. */
#define KERNEL_VMA   BI_U64(0xffffffff80000000)   /* kernel image link address */
#define DIRECT_MAP   BI_U64(0xffff800000000000)   /* all RAM, kernel only */

#endif
