/*
 * kernel/vm.c - the kernel's own page tables, and the generic walker.
 *
 * vm_init() replaces the loader's hand-over tables (all RWX) with tables
 * that give each part of the kernel only the rights it needs (W^X):
 *   .text        read + execute
 *   .rodata      read only
 *   .data/.bss   read + write, never execute
 *   direct map   read + write, never execute (all RAM, at DIRECT_MAP + pa)
 * A write to the kernel's code or a jump into its heap now faults.
 */
#include "vm.h"
#include "arch/arch.h"
#include "pmm.h"
#include "tlb.h"
#include "base/percpu.h"
#include "base/printk.h"
#include "base/string.h"

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

static unsigned idx(vaddr_t va, int level)
{
	return (va >> VM_LEVEL_SHIFT(level)) & 511;
}

static pte_t *table(paddr_t pa)
{
	return phys_to_virt(pa);
}

/*
 * The entry for va at `level`, creating missing tables on the way down when
 * `create` is set. Returns NULL if a table is missing (or cannot be
 * allocated), or if a larger leaf already covers va.
 */
static pte_t *walk(paddr_t root, vaddr_t va, int level, bool create)
{
	pte_t *t = table(root);
	pte_t *made[VM_LEVELS];      /* entries this walk filled with a new table */
	int nmade = 0;

	for (int l = VM_LEVELS - 1; l > level; l--) {
		pte_t *e = &t[idx(va, l)];
		if (!pte_present(*e)) {
			paddr_t next;
			if (!create || !(next = pmm_alloc()))
				goto undo;
			*e = pte_table(next);
			made[nmade++] = e;
		} else if (!pte_is_table(*e, l)) {
			goto undo;
		}
		t = table(pte_addr(*e));
	}
	return &t[idx(va, level)];
undo:
	/* Out of memory half-way down: the tables made on the way hold
	 * nothing but each other, so give them back (a failed map leaves the
	 * page tables exactly as they were). */
	while (nmade--) {
		paddr_t pa = pte_addr(*made[nmade]);
		*made[nmade] = 0;
		pmm_free(pa);
	}
	return NULL;
}

/* Map [va, va+size) to [pa, pa+size), using 2 MiB leaves where both sides
 * are aligned. Fails with -1 on an existing mapping or lack of memory,
 * having unmapped again what it mapped (vm_prune frees tables that are
 * left empty). */
int vm_map(paddr_t root, vaddr_t va, paddr_t pa, uint64_t size, unsigned flags)
{
	uint64_t start = va, end = va + ALIGN_UP(size, PAGE_SIZE);

	while (va < end) {
		int level = 0;
		if (((va | pa) & (VM_LEVEL_SIZE(1) - 1)) == 0 && end - va >= VM_LEVEL_SIZE(1))
			level = 1;
		pte_t *e = walk(root, va, level, true);
		if (!e || pte_present(*e)) {
			vm_unmap(root, start, va - start);
			return -1;
		}
		*e = pte_leaf(pa, flags, level);
		va += VM_LEVEL_SIZE(level);
		pa += VM_LEVEL_SIZE(level);
	}
	return 0;
}

/* Make the page tables down to the last level for va, so that a later
 * vm_map of one page there cannot fail. 0, or -1 with nothing made. */
int vm_prepare(paddr_t root, vaddr_t va)
{
	return walk(root, va, 0, true) ? 0 : -1;
}

/* The leaf covering va and its level, or NULL. */
static pte_t *find_leaf(paddr_t root, vaddr_t va, int *level)
{
	pte_t *t = table(root);

	for (int l = VM_LEVELS - 1; l >= 0; l--) {
		pte_t *e = &t[idx(va, l)];
		if (!pte_present(*e))
			return NULL;
		if (l == 0 || !pte_is_table(*e, l)) {
			*level = l;
			return e;
		}
		t = table(pte_addr(*e));
	}
	return NULL;
}

bool vm_translate(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags)
{
	int level;
	pte_t *e = find_leaf(root, va, &level);

	if (!e)
		return false;
	if (pa)
		*pa = pte_addr(*e) + (va & (VM_LEVEL_SIZE(level) - 1));
	if (flags)
		*flags = pte_flags(*e, level);
	return true;
}

/* Unmap [va, va+size). A large leaf must lie wholly inside the range:
 * splitting one is refused (-1) rather than half-done. The page tables
 * themselves are kept. */
int vm_unmap(paddr_t root, vaddr_t va, uint64_t size)
{
	vaddr_t start = va, end = va + size;
	bool cleared = false;
	int ret = 0;

	while (va < end) {
		int level;
		pte_t *e = find_leaf(root, va, &level);
		uint64_t step = e ? VM_LEVEL_SIZE(level) : PAGE_SIZE;
		if (e) {
			if ((va & (step - 1)) || end - va < step) {
				ret = -1;
				break;
			}
			*e = 0;
			arch_tlb_flush_va(va);
			cleared = true;
		}
		va += step;
	}
	if (cleared)                  /* other CPUs: only if something went */
		tlb_shootdown(root, start, va);
	return ret;
}

static bool table_empty(paddr_t t)
{
	const pte_t *e = table(t);

	for (unsigned i = 0; i < 512; i++)
		if (e[i])
			return false;
	return true;
}

/* In table t at `level`, which covers the addresses from base, free the
 * tables below that cover part of [start, end) and map nothing. */
static void prune(paddr_t root, paddr_t t, int level, vaddr_t base, vaddr_t start, vaddr_t end)
{
	pte_t *e = table(t);

	for (unsigned i = start > base ? idx(start, level) : 0; i < 512; i++) {
		vaddr_t lo = base + (vaddr_t)i * VM_LEVEL_SIZE(level);
		if (lo >= end)
			break;
		if (!pte_present(e[i]) || !pte_is_table(e[i], level))
			continue;
		paddr_t sub = pte_addr(e[i]);
		if (level > 1)
			prune(root, sub, level - 1, lo, start, end);
		if (table_empty(sub)) {
			e[i] = 0;
			arch_tlb_flush_va(lo);     /* no walk may still go through it, */
			tlb_shootdown(root, lo, lo + PAGE_SIZE);   /* on any CPU */
			pmm_free(sub);
		}
	}
}

void vm_prune(paddr_t root, vaddr_t start, vaddr_t end)
{
	prune(root, root, VM_LEVELS - 1, 0, start, end);
}

int vm_protect(paddr_t root, vaddr_t va, uint64_t size, unsigned flags)
{
	vaddr_t start = va, end = va + size;
	int ret = 0;

	for (; va < end; va += PAGE_SIZE) {
		int level;
		pte_t *e = find_leaf(root, va, &level);
		if (!e || level != 0) {
			ret = -1;
			break;
		}
		*e = pte_leaf(pte_addr(*e), flags, 0);
		arch_tlb_flush_va(va);
	}
	tlb_shootdown(root, start, va);
	return ret;
}

static void map_kernel_range(char *start, char *end, unsigned flags)
{
	if (vm_map(kernel_root, (vaddr_t)start, virt_to_phys(start), end - start, flags))
		panic("vm: cannot map kernel range %p-%p", start, end);
}

/* RAM the kernel may touch through the direct map. */
static bool is_ram(uint32_t type)
{
	return type == BOOT_MEM_USABLE || type == BOOT_MEM_KERNEL || type == BOOT_MEM_INITRD ||
	       type == BOOT_MEM_BOOT_DATA || type == BOOT_MEM_ACPI;
}

void vm_init(const struct boot_info *bi)
{
	kernel_root = pmm_alloc();
	if (!kernel_root)
		panic("vm: no page for the kernel root table");

	map_kernel_range(__text_start, __text_end, VM_READ | VM_EXEC);
	map_kernel_range(__rodata_start, __rodata_end, VM_READ);
	map_kernel_range(__data_start, __kernel_end, VM_READ | VM_WRITE);

	/* The direct map covers RAM only, so that phys_to_virt() works for every
	 * page the allocator hands out; device memory is mapped on request with
	 * VM_DEVICE (arch_mmu_map_devices, arch_irq_init). */
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (is_ram(r->type) &&
		    vm_map(kernel_root, DIRECT_MAP + r->base, r->base, r->size, VM_READ | VM_WRITE))
			panic("vm: cannot direct-map %#lx+%#lx", r->base, r->size);
	}

	/* Where user roots copy the kernel half, fill it completely now, so
	 * that a later kernel mapping never adds a top-level entry the copies
	 * would miss. */
	if (PTE_KERNEL_HALF_SHARED)
		for (unsigned i = 256; i < 512; i++) {
			pte_t *top = table(kernel_root);
			paddr_t t;
			if (!pte_present(top[i])) {
				if (!(t = pmm_alloc()))
					panic("vm: no page for the kernel half");
				top[i] = pte_table(t);
			}
		}

	mmu_set_ops(&(const struct mmu_ops){ .map = vm_map, .translate = vm_translate });
	arch_mmu_map_devices(kernel_root);
	arch_mmu_switch_kernel(kernel_root);
}

/* ---------------------------------------------------------------- user roots */

#define USER_TOP_ENTRIES (((USER_VA_LIMIT - 1) >> VM_LEVEL_SHIFT(3)) + 1)

static paddr_t active_user_root[MAX_CPUS];     /* per CPU */

paddr_t vm_user_root_create(void)
{
	paddr_t root = pmm_alloc();

	if (root && PTE_KERNEL_HALF_SHARED)
		memcpy(table(root) + 256, table(kernel_root) + 256, 256 * sizeof(pte_t));
	return root;
}

/* Free the tables below `t` at `level` (not the leaves they map). */
static void free_tables(paddr_t t, int level, unsigned entries)
{
	pte_t *e = table(t);

	for (unsigned i = 0; level > 0 && i < entries; i++)
		if (pte_present(e[i]) && pte_is_table(e[i], level))
			free_tables(pte_addr(e[i]), level - 1, 512);
	pmm_free(t);
}

void vm_user_root_destroy(paddr_t root)
{
	tlb_forget_root(root);        /* no CPU may still walk these tables */
	free_tables(root, VM_LEVELS - 1, USER_TOP_ENTRIES);
}

void vm_activate_user(paddr_t root)
{
	active_user_root[arch_cpu_id()] = root;
	arch_vm_activate_user(root);
}

paddr_t vm_active_user(void)
{
	return active_user_root[arch_cpu_id()];
}

paddr_t vm_active_user_on(unsigned cpu)
{
	return active_user_root[cpu];
}
