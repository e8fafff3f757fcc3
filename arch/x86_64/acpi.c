/*
 * acpi.c - the processors the firmware lists in the ACPI MADT.
 *
 * RSDP -> XSDT (or the RSDT of ACPI 1.0) -> the table signed "APIC", the
 * Multiple APIC Description Table, whose entries name each processor's
 * local APIC (ACPI 6.5 sections 5.2.5 RSDP, 5.2.8 XSDT, 5.2.12 MADT).
 * The tables sit in ACPI memory, which the direct map covers; anything
 * the map does not cover is mapped here on the way.
 */
#include "arch/arch.h"
#include "arch/mmu.h"
#include "base/string.h"
#include "arch/x86_64/x86_64.h"

struct acpi_header {               /* ACPI 5.2.6: every table starts so */
	char sig[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

#define MADT_LAPIC      0          /* 5.2.12.2: Processor Local APIC */
#define MADT_X2APIC     9          /* 5.2.12.12: Processor Local x2APIC */
#define MADT_ENABLED    1u         /* flags bit 0 */

/* [pa, pa + len) through the direct map, mapping what is missing. */
static const void *acpi_map(paddr_t pa, uint64_t len)
{
	for (paddr_t p = pa & ~(PAGE_SIZE - 1); p < pa + len; p += PAGE_SIZE)
		if (!mmu_translate(kernel_root, DIRECT_MAP + p, NULL, NULL) &&
		    !mmu_map_device(p, PAGE_SIZE))
			return NULL;
	return phys_to_virt(pa);
}

/* A table's full length mapped, if its signature is sig. */
static const struct acpi_header *acpi_table(paddr_t pa, const char *sig)
{
	const struct acpi_header *h = acpi_map(pa, sizeof(*h));

	if (!h || memcmp(h->sig, sig, 4) != 0)
		return NULL;
	return acpi_map(pa, h->length);
}

/* The MADT from the RSDP: XSDT entries are 64-bit, RSDT ones 32-bit. */
static const struct acpi_header *find_madt(paddr_t rsdp_pa)
{
	const uint8_t *rsdp = acpi_map(rsdp_pa, 36);
	const struct acpi_header *sdt;
	unsigned esize;
	uint64_t sdt_pa;

	if (!rsdp || memcmp(rsdp, "RSD PTR ", 8) != 0)
		return NULL;
	esize = rsdp[15] >= 2 ? 8 : 4;          /* revision */
	sdt_pa = 0;
	memcpy(&sdt_pa, rsdp + (esize == 8 ? 24 : 16), esize);
	sdt = acpi_table(sdt_pa, esize == 8 ? "XSDT" : "RSDT");
	if (!sdt)
		return NULL;
	for (uint32_t off = sizeof(*sdt); off + esize <= sdt->length; off += esize) {
		uint64_t pa = 0;
		const struct acpi_header *t;

		memcpy(&pa, (const uint8_t *)sdt + off, esize);
		if ((t = acpi_table(pa, "APIC")))
			return t;
	}
	return NULL;
}

/* The APIC ids of the usable processors, in MADT order; how many. */
unsigned acpi_cpu_apic_ids(paddr_t rsdp_pa, uint32_t *ids, unsigned max)
{
	const struct acpi_header *madt = rsdp_pa ? find_madt(rsdp_pa) : NULL;
	unsigned n = 0;

	if (!madt)
		return 0;
	/* header, then the LAPIC address and flags (8 bytes), then entries */
	for (uint32_t off = sizeof(*madt) + 8; off + 2 <= madt->length && n < max;) {
		const uint8_t *e = (const uint8_t *)madt + off;
		uint32_t id, flags;

		if (e[1] < 2)
			break;                      /* malformed: stop */
		if (e[0] == MADT_LAPIC && e[1] >= 8) {
			id = e[3];
			memcpy(&flags, e + 4, 4);
		} else if (e[0] == MADT_X2APIC && e[1] >= 16) {
			memcpy(&id, e + 4, 4);
			memcpy(&flags, e + 8, 4);
		} else {
			flags = 0;
		}
		if (flags & MADT_ENABLED)
			ids[n++] = id;
		off += e[1];
	}
	return n;
}
