/* kernel/tests/vm_test.c - page tables: map, translate, unmap, permissions. */
#include "ktest.h"
#include "vm.h"
#include "pmm.h"
#include "arch/arch.h"
#include "failinject.h"

/* An unused corner of the kernel half for test mappings. */
#define TEST_VA 0xffffa00000000000ull

static void read_byte(void *p) { (void)*(volatile uint8_t *)p; }
static void write_byte(void *p) { *(volatile uint8_t *)p = 0x5a; }

KTEST(vm_map_translate_unmap)
{
	paddr_t pa = pmm_alloc(), got;
	unsigned flags;
	KASSERT(pa != 0);
	KASSERT(vm_map(kernel_root, TEST_VA, pa, PAGE_SIZE, VM_READ | VM_WRITE) == 0);

	KEXPECT(vm_translate(kernel_root, TEST_VA + 0x123, &got, &flags));
	KEXPECT_EQ(got, pa + 0x123);
	KEXPECT_EQ(flags, VM_READ | VM_WRITE);

	/* The same bytes through both mappings. */
	*(volatile uint32_t *)(TEST_VA + 8) = 0xfeedface;
	KEXPECT_EQ(*(uint32_t *)((char *)phys_to_virt(pa) + 8), 0xfeedface);

	/* A second mapping on top of the first is refused. */
	KEXPECT(vm_map(kernel_root, TEST_VA, pa, PAGE_SIZE, VM_READ) != 0);

	KEXPECT(vm_unmap(kernel_root, TEST_VA, PAGE_SIZE) == 0);
	KEXPECT(!vm_translate(kernel_root, TEST_VA, NULL, NULL));
	struct fault f;
	KEXPECT(ktest_expect_fault(read_byte, (void *)TEST_VA, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.addr, TEST_VA);
	KEXPECT(!f.present);
	pmm_free(pa);
}

KTEST(vm_read_only_page_rejects_writes)
{
	paddr_t pa = pmm_alloc();
	KASSERT(pa != 0);
	KASSERT(vm_map(kernel_root, TEST_VA + PAGE_SIZE, pa, PAGE_SIZE, VM_READ) == 0);
	uint8_t *p = (uint8_t *)(TEST_VA + PAGE_SIZE);

	struct fault f;
	KEXPECT(ktest_expect_fault(write_byte, p + 5, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT(f.present);
	KEXPECT_EQ(f.addr, (uint64_t)(p + 5));
	KEXPECT_EQ(p[5], 0);                 /* nothing was written */

	/* Reads work, and making it writable lets the write through. */
	KEXPECT(!ktest_expect_fault(read_byte, p, NULL));
	KASSERT(vm_protect(kernel_root, (vaddr_t)p, PAGE_SIZE, VM_READ | VM_WRITE) == 0);
	KEXPECT(!ktest_expect_fault(write_byte, p + 5, NULL));
	KEXPECT_EQ(p[5], 0x5a);

	vm_unmap(kernel_root, (vaddr_t)p, PAGE_SIZE);
	pmm_free(pa);
}

KTEST(vm_large_mapping_translates)
{
	/* Two MiB-aligned virtual and physical ranges use one 2 MiB leaf. */
	paddr_t pa = pmm_alloc_contig(1024);
	KASSERT(pa != 0);
	paddr_t aligned = ALIGN_UP(pa, VM_LEVEL_SIZE(1));
	vaddr_t va = TEST_VA + VM_LEVEL_SIZE(2);
	KASSERT(vm_map(kernel_root, va, aligned, VM_LEVEL_SIZE(1), VM_READ | VM_WRITE) == 0);
	paddr_t got;
	KEXPECT(vm_translate(kernel_root, va + 0x1234a, &got, NULL));
	KEXPECT_EQ(got, aligned + 0x1234a);
	*(volatile uint64_t *)(va + VM_LEVEL_SIZE(1) - 8) = 42;
	KEXPECT_EQ(*(uint64_t *)phys_to_virt(aligned + VM_LEVEL_SIZE(1) - 8), 42);
	/* A 4 KiB unmap inside a 2 MiB leaf is refused, not half-done. */
	KEXPECT(vm_unmap(kernel_root, va, PAGE_SIZE) != 0);
	KEXPECT(vm_translate(kernel_root, va, NULL, NULL));
	KEXPECT(vm_unmap(kernel_root, va, VM_LEVEL_SIZE(1)) == 0);
	KEXPECT(!vm_translate(kernel_root, va + 0x1234a, NULL, NULL));
	pmm_free_contig(pa, 1024);
}

/*
 * Out of memory half-way down a walk: each level's table fails in turn
 * (fault injection, kernel/failinject.h). vm_map fails and leaves the
 * tables exactly as they were; after a mapping that worked, unmap plus
 * vm_prune give every table back.
 */
KTEST(vm_map_out_of_memory_leaves_no_tables)
{
	paddr_t root = vm_user_root_create(), pa = pmm_alloc();
	const vaddr_t va = 0x500000000000ull;   /* no table of any level yet */
	KASSERT(root && pa);
	size_t free_before = pmm_free_pages();

	for (unsigned long n = 1; n < VM_LEVELS; n++) {
		KASSERT(failinject_arm(FI_PAGE, n, 0) == 0);
		KEXPECT(vm_map(root, va, pa, PAGE_SIZE, VM_READ | VM_USER) != 0);
		KEXPECT(failinject_disarm());
		KEXPECT_EQ(pmm_free_pages(), free_before);
		KEXPECT(!vm_translate(root, va, NULL, NULL));
	}
	KEXPECT(vm_map(root, va, pa, PAGE_SIZE, VM_READ | VM_USER) == 0);
	KEXPECT_EQ(pmm_free_pages(), free_before - (VM_LEVELS - 1));
	KEXPECT(vm_unmap(root, va, PAGE_SIZE) == 0);
	vm_prune(root, va, va + PAGE_SIZE);
	KEXPECT_EQ(pmm_free_pages(), free_before);
	vm_user_root_destroy(root);
	pmm_free(pa);
}
