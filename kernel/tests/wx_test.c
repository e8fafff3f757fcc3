/*
 * kernel/tests/wx_test.c - the kernel's own W^X: code is not writable,
 * data is not executable. Each forbidden access must fault, be reported,
 * and change nothing.
 */
#include "ktest.h"
#include "vm.h"
#include "kmalloc.h"
#include "base/string.h"
#include "arch/arch.h"

extern char __text_start[], __rodata_start[], __data_start[];

static const uint32_t some_constant = 0x12345678;
static uint8_t some_data[64] __aligned(16);

static void write_byte(void *p) { *(volatile uint8_t *)p = 0xcc; }
static void call_at(void *p) { ((void (*)(void))p)(); }

KTEST(wx_kernel_sections_have_minimal_rights)
{
	unsigned f;
	KASSERT(vm_translate(kernel_root, (vaddr_t)kmalloc, NULL, &f));
	KEXPECT_EQ(f, VM_READ | VM_EXEC);
	KASSERT(vm_translate(kernel_root, (vaddr_t)&some_constant, NULL, &f));
	KEXPECT_EQ(f, VM_READ);
	KASSERT(vm_translate(kernel_root, (vaddr_t)some_data, NULL, &f));
	KEXPECT_EQ(f, VM_READ | VM_WRITE);
	void *heap = kmalloc(32);
	KASSERT(vm_translate(kernel_root, (vaddr_t)heap, NULL, &f));
	KEXPECT_EQ(f, VM_READ | VM_WRITE);
	kfree(heap);
}

KTEST(wx_write_to_kernel_text_faults)
{
	uint8_t *target = (uint8_t *)kmalloc + 1;
	uint8_t before = *target;
	struct fault f;

	KASSERT(ktest_expect_fault(write_byte, target, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT(f.present);
	KEXPECT_EQ(f.addr, (uint64_t)target);
	KEXPECT_EQ(*target, before);
}

KTEST(wx_write_to_rodata_faults)
{
	struct fault f;

	KASSERT(ktest_expect_fault(write_byte, (void *)&some_constant, &f));
	KEXPECT_EQ(f.access, ACCESS_WRITE);
	KEXPECT_EQ(f.addr, (uint64_t)&some_constant);
	KEXPECT_EQ(some_constant, 0x12345678);
}

KTEST(wx_execute_from_heap_faults)
{
	uint8_t *code = kmalloc(64);
	struct fault f;

	KASSERT(code != NULL);
	memset(code, 0, 64);
	KASSERT(ktest_expect_fault(call_at, code, &f));
	KEXPECT_EQ(f.kind, FAULT_PAGE);
	KEXPECT_EQ(f.access, ACCESS_EXEC);
	KEXPECT_EQ(f.addr, (uint64_t)code);
	KEXPECT_EQ(f.pc, (uint64_t)code);
	kfree(code);
}

KTEST(wx_execute_from_data_faults)
{
	struct fault f;

	KASSERT(ktest_expect_fault(call_at, some_data, &f));
	KEXPECT_EQ(f.access, ACCESS_EXEC);
	KEXPECT_EQ(f.addr, (uint64_t)some_data);
}
