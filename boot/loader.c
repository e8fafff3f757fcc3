/*
 * boot/loader.c - the UEFI loader: from GRUB's `chainloader` to kernel entry.
 *
 *   1. read the command line GRUB passed in LoadOptions (UTF-16),
 *   2. load \EFI\uma\kernel.elf (ELF64 program headers) at a 2 MiB aligned
 *      physical address, and \EFI\uma\initrd,
 *   3. find the ACPI RSDP or the device tree in the configuration tables and
 *      the GOP framebuffer if there is one,
 *   4. take the final memory map and exit boot services (retrying when the
 *      map changed under us, UEFI spec 2.10 section 7.4 ExitBootServices()),
 *   5. hand over to boot/<arch>/handoff.c, which builds the first page
 *      tables and jumps to the kernel with a struct boot_info.
 *
 * Every failure is printed in words and returned to GRUB, never a hang.
 */
#include "loader.h"
#include "elf64.h"

#define KERNEL_PATH L"\\EFI\\uma\\kernel.elf"
#define INITRD_PATH L"\\EFI\\uma\\initrd"

/* Memory types from the range UEFI reserves for OS loaders (UEFI 2.10
 * Table 7.6): they tag our allocations so the kernel can find them. */
#define MEM_KERNEL    0x80000001u
#define MEM_INITRD    0x80000002u
#define MEM_BOOT_DATA 0x80000003u

static EFI_GUID acpi20_guid = { 0x8868e871, 0xe4f1, 0x11d3,
	{ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } };
static EFI_GUID dtb_guid = { 0xb1b621d5, 0xf19c, 0x41a5,
	{ 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0 } };
static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;

#define FAIL(st, ...) do { Print(L"loader: " __VA_ARGS__); Print(L": %r\n", st); return st; } while (0)

/* ---------------------------------------------------------------- helpers */

static EFI_STATUS alloc_pages(UINT32 type, uint64_t bytes, uint64_t *pa)
{
	EFI_PHYSICAL_ADDRESS addr = 0;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
					  type, EFI_SIZE_TO_PAGES(bytes), &addr);
	*pa = addr;
	return st;
}

/* Allocate `bytes` at a 2 MiB aligned physical address: over-allocate,
 * then give the unused head and tail back. */
static EFI_STATUS alloc_aligned_2m(UINT32 type, uint64_t bytes, uint64_t *pa)
{
	uint64_t raw, size = ((bytes + 4095) & ~4095ull) + 2 * MiB;
	EFI_STATUS st = alloc_pages(type, size, &raw);

	if (EFI_ERROR(st))
		return st;
	uint64_t start = (raw + 2 * MiB - 1) & ~(2 * MiB - 1);
	uint64_t used_end = start + ((bytes + 4095) & ~4095ull);
	if (start > raw)
		uefi_call_wrapper(BS->FreePages, 2, raw, EFI_SIZE_TO_PAGES(start - raw));
	if (raw + size > used_end)
		uefi_call_wrapper(BS->FreePages, 2, used_end, EFI_SIZE_TO_PAGES(raw + size - used_end));
	*pa = start;
	return EFI_SUCCESS;
}

static EFI_STATUS read_file(EFI_FILE_HANDLE root, CHAR16 *path, UINT32 type,
			    uint64_t *pa, uint64_t *size)
{
	EFI_FILE_HANDLE fh;
	EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, path, EFI_FILE_MODE_READ, 0);

	if (EFI_ERROR(st))
		return st;
	EFI_FILE_INFO *info = LibFileInfo(fh);
	if (!info) {
		uefi_call_wrapper(fh->Close, 1, fh);
		return EFI_DEVICE_ERROR;
	}
	UINTN n = info->FileSize;
	FreePool(info);
	st = alloc_pages(type, n ? n : 1, pa);
	if (!EFI_ERROR(st))
		st = uefi_call_wrapper(fh->Read, 3, fh, &n, (void *)*pa);
	uefi_call_wrapper(fh->Close, 1, fh);
	*size = n;
	return st;
}

/* ---------------------------------------------------------------- steps */

/* LoadOptions is UTF-16 (UEFI 2.10 section 9.1). GRUB passes the arguments
 * after the file name; some firmware passes the file name first, so a
 * leading word ending in ".efi" is dropped. */
static void get_cmdline(EFI_LOADED_IMAGE *li, char *out, unsigned max)
{
	CHAR16 *in = li->LoadOptions;
	unsigned n = li->LoadOptionsSize / sizeof(CHAR16), i = 0, o = 0;

	if (in) {
		unsigned w = 0;
		while (w < n && in[w] && in[w] != L' ')
			w++;
		if (w >= 4 && (in[w - 1] | 0x20) == 'i' && (in[w - 2] | 0x20) == 'f' &&
		    (in[w - 3] | 0x20) == 'e' && in[w - 4] == '.')
			i = w;
		while (i < n && in[i] == L' ')
			i++;
		for (; i < n && in[i] && o + 1 < max; i++)
			out[o++] = in[i] < 128 ? (char)in[i] : '?';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = 0;
}

static EFI_STATUS load_kernel(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	uint64_t file_pa, file_size, lo = ~0ull, hi = 0;
	EFI_STATUS st = read_file(root, KERNEL_PATH, EfiLoaderData, &file_pa, &file_size);

	if (EFI_ERROR(st))
		FAIL(st, "cannot read %s", KERNEL_PATH);

	struct elf64_ehdr *eh = (void *)file_pa;
	if (file_size < sizeof(*eh) || eh->ident[0] != 0x7f || eh->ident[1] != 'E' ||
	    eh->ident[2] != 'L' || eh->ident[3] != 'F' || eh->ident[4] != 2 ||
	    eh->machine != handoff_elf_machine)
		FAIL(EFI_LOAD_ERROR, "%s is not an ELF64 kernel for this CPU", KERNEL_PATH);

	struct elf64_phdr *ph = (void *)(file_pa + eh->phoff);
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		if (ph[i].vaddr < lo)
			lo = ph[i].vaddr;
		if (ph[i].vaddr + ph[i].memsz > hi)
			hi = ph[i].vaddr + ph[i].memsz;
	}
	if (lo != KERNEL_VMA || hi <= lo)
		FAIL(EFI_LOAD_ERROR, "kernel is not linked at KERNEL_VMA");

	bi->kernel_virt = lo;
	bi->kernel_size = (hi - lo + 4095) & ~4095ull;
	bi->kernel_entry = eh->entry;
	st = alloc_aligned_2m(MEM_KERNEL, bi->kernel_size, &bi->kernel_phys);
	if (EFI_ERROR(st))
		FAIL(st, "no memory for the kernel image (%ld KiB)", bi->kernel_size / KiB);

	/* Copy each segment; the part of memsz beyond filesz is .bss: zero it. */
	SetMem((void *)bi->kernel_phys, bi->kernel_size, 0);
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type != PT_LOAD)
			continue;
		CopyMem((void *)(bi->kernel_phys + ph[i].vaddr - lo),
			(void *)(file_pa + ph[i].offset), ph[i].filesz);
	}
	uefi_call_wrapper(BS->FreePages, 2, file_pa, EFI_SIZE_TO_PAGES(file_size));
	return EFI_SUCCESS;
}

static void find_tables(struct boot_info *bi)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20_guid))
			bi->acpi_rsdp = (uint64_t)t->VendorTable;
		else if (!CompareGuid(&t->VendorGuid, &dtb_guid))
			bi->dtb = (uint64_t)t->VendorTable;
	}
}

static void find_framebuffer(struct boot_info *bi)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;

	if (EFI_ERROR(uefi_call_wrapper(BS->LocateProtocol, 3, &gop_guid, NULL, (void **)&gop)) || !gop)
		return;
	bi->fb.base = gop->Mode->FrameBufferBase;
	bi->fb.size = gop->Mode->FrameBufferSize;
	bi->fb.width = gop->Mode->Info->HorizontalResolution;
	bi->fb.height = gop->Mode->Info->VerticalResolution;
	bi->fb.pixels_per_line = gop->Mode->Info->PixelsPerScanLine;
	bi->fb.format = gop->Mode->Info->PixelFormat;
}

/* UEFI memory types (UEFI 2.10 Table 7.6) to the kernel's simpler ones.
 * Loader and boot-services memory is free once the kernel runs. */
static uint32_t convert_type(UINT32 t)
{
	switch (t) {
	case EfiLoaderCode: case EfiLoaderData:
	case EfiBootServicesCode: case EfiBootServicesData:
	case EfiConventionalMemory:
		return BOOT_MEM_USABLE;
	case EfiACPIReclaimMemory: case EfiACPIMemoryNVS:
		return BOOT_MEM_ACPI;
	case EfiMemoryMappedIO: case EfiMemoryMappedIOPortSpace:
		return BOOT_MEM_MMIO;
	case MEM_KERNEL:    return BOOT_MEM_KERNEL;
	case MEM_INITRD:    return BOOT_MEM_INITRD;
	case MEM_BOOT_DATA: return BOOT_MEM_BOOT_DATA;
	default:            return BOOT_MEM_RESERVED;
	}
}

/* Fill bi->mem from the firmware map: sorted, adjacent equal types merged. */
static void convert_map(struct boot_info *bi, void *map, UINTN size, UINTN desc_size)
{
	unsigned n = 0;

	for (UINTN off = 0; off < size; off += desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((char *)map + off);
		struct boot_mem_region r = { d->PhysicalStart, d->NumberOfPages * 4096,
					     convert_type(d->Type), 0 };
		/* insertion sort by base: the firmware map is nearly sorted */
		unsigned j = n;
		while (j > 0 && bi->mem[j - 1].base > r.base) {
			if (j < BOOT_MEM_MAX)
				bi->mem[j] = bi->mem[j - 1];
			j--;
		}
		if (j < BOOT_MEM_MAX)
			bi->mem[j] = r;
		if (n < BOOT_MEM_MAX)
			n++;
	}
	unsigned m = 0;
	for (unsigned i = 0; i < n; i++) {
		struct boot_mem_region *last = m ? &bi->mem[m - 1] : NULL;
		if (last && last->type == bi->mem[i].type &&
		    last->base + last->size == bi->mem[i].base)
			last->size += bi->mem[i].size;
		else
			bi->mem[m++] = bi->mem[i];
	}
	bi->mem_count = m;
}

/* Highest RAM address (not MMIO) the hand-over tables must map, at least 4 GiB
 * so low device memory (UART, LAPIC, GIC) is reachable too. */
static uint64_t phys_top(void *map, UINTN size, UINTN desc_size)
{
	uint64_t top = 4 * GiB;

	for (UINTN off = 0; off < size; off += desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((char *)map + off);
		uint64_t end = d->PhysicalStart + d->NumberOfPages * 4096;
		if (d->Type != EfiMemoryMappedIO && d->Type != EfiMemoryMappedIOPortSpace &&
		    d->Type != EfiReservedMemoryType && end > top)
			top = end;
	}
	return (top + GiB - 1) & ~(GiB - 1);
}

/*
 * Exit boot services. The map key must come from the very last
 * GetMemoryMap(); if anything allocated in between (an event, a timer
 * callback) ExitBootServices fails with EFI_INVALID_PARAMETER and we take
 * the map again. The buffer is allocated once, with slack, beforehand.
 */
static EFI_STATUS exit_boot(EFI_HANDLE image, void *map, UINTN cap,
			    UINTN *size, UINTN *desc_size)
{
	UINTN key;
	UINT32 ver;
	EFI_STATUS st;

	for (int tries = 0; tries < 8; tries++) {
		*size = cap;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, size, map, &key, desc_size, &ver);
		if (EFI_ERROR(st))
			return st;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (st != EFI_INVALID_PARAMETER)
			return st;
	}
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS st;
	uint64_t bi_pa, pool_pa;

	InitializeLib(image, systab);
	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &loaded_image_guid, (void **)&li);
	if (EFI_ERROR(st))
		FAIL(st, "no loaded-image protocol");

	st = alloc_pages(MEM_BOOT_DATA, sizeof(struct boot_info), &bi_pa);
	if (EFI_ERROR(st))
		FAIL(st, "no memory for boot info");
	struct boot_info *bi = (void *)bi_pa;
	SetMem(bi, sizeof(*bi), 0);
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);
	get_cmdline(li, bi->cmdline, sizeof(bi->cmdline));
	Print(L"loader: command line \"%a\"\n", bi->cmdline);

	EFI_FILE_HANDLE root = LibOpenRoot(li->DeviceHandle);
	if (!root)
		FAIL(EFI_NOT_FOUND, "cannot open the boot volume");
	st = load_kernel(root, bi);
	if (EFI_ERROR(st))
		return st;
	st = read_file(root, INITRD_PATH, MEM_INITRD, &bi->initrd_phys, &bi->initrd_size);
	if (EFI_ERROR(st)) {
		Print(L"loader: no initrd (%r), continuing without\n", st);
		bi->initrd_phys = bi->initrd_size = 0;
	}
	find_tables(bi);
	find_framebuffer(bi);
	Print(L"loader: kernel %ld KiB at 0x%lx, initrd %ld bytes, %s 0x%lx\n",
	      bi->kernel_size / KiB, bi->kernel_phys, bi->initrd_size,
	      bi->dtb ? L"dtb" : L"rsdp", bi->dtb ? bi->dtb : bi->acpi_rsdp);

	/* Size the map buffer and the page-table pool while we still may allocate. */
	UINTN map_size = 0, key, desc_size;
	UINT32 ver;
	uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, NULL, &key, &desc_size, &ver);
	UINTN cap = map_size + 16 * desc_size;
	void *map = AllocatePool(cap);
	if (!map)
		FAIL(EFI_OUT_OF_RESOURCES, "no memory for the memory map");
	map_size = cap;
	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, map, &key, &desc_size, &ver);
	if (EFI_ERROR(st))
		FAIL(st, "GetMemoryMap");
	uint64_t top = phys_top(map, map_size, desc_size);
	uint64_t pool_pages = handoff_pages_needed(top);
	st = alloc_pages(MEM_BOOT_DATA, pool_pages * 4096, &pool_pa);
	if (EFI_ERROR(st))
		FAIL(st, "no memory for %ld hand-over page-table pages", pool_pages);

	Print(L"loader: exiting boot services, jumping to kernel at 0x%lx\n", bi->kernel_entry);
	st = exit_boot(image, map, cap, &map_size, &desc_size);
	if (EFI_ERROR(st))
		FAIL(st, "ExitBootServices");

	/* From here on: no firmware calls, no Print. */
	convert_map(bi, map, map_size, desc_size);
	struct page_pool pool = { pool_pa, pool_pa + pool_pages * 4096 };
	bi->loader_counter = handoff_counter();
	handoff(bi, &pool, top);
}
