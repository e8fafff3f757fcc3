/*
 * kernel/tests/attach_test.c - proc_attach/proc_detach (kernel/attach.h):
 * the UMA accessors reach the target's pages while attached and nothing
 * after, nesting is refused, and an exiting target's memory outlives the
 * attach, then is freed by the detach. The target is a struct proc made
 * here with an address space of its own: no process has to run.
 */
#include "ktest.h"
#include "attach.h"
#include "mm.h"
#include "pmm.h"
#include "kmalloc.h"
#include "thread.h"
#include "uapi/errno.h"
#include "uma/tests/uma_test.h"

#define VA 0x30000000ull
#define AV STATUS_ACCESS_VIOLATION

static struct proc target_with_page(int pid, uint64_t value)
{
	struct proc p = { .pid = pid, .state = PROC_ALIVE, .mm = mm_create() };

	if (!p.mm || mm_map(p.mm, VA, PAGE_SIZE, VM_READ | VM_WRITE, VMA_MMAP) ||
	    mm_copy_in(p.mm, VA + 8, &value, sizeof value))
		panic("attach_test: no memory for a target");
	return p;
}

KTEST(attach_reads_and_writes_another_address_space)
{
	size_t pages = pmm_free_pages(), heap = kmalloc_bytes_in_use();
	struct proc t = target_with_page(4242, 0x1122334455667788ull);
	ULONG64 __user *word = (ULONG64 __user *)(VA + 8);
	volatile ULONG64 got = 0;

	KASSERT(proc_attach(&t) == 0);
	KEXPECT_EQ(t.mm->refs, 2);
	KEXPECT_EQ(current_thread()->attached_pid, 4242);
	KEXPECT_EQ(UMA_CATCH(got = ReadULong64FromUser(word)), STATUS_SUCCESS);
	KEXPECT_EQ(got, 0x1122334455667788ull);
	KEXPECT_EQ(UMA_CATCH(WriteULong64ToUser(word + 1, 0xabcdull)), STATUS_SUCCESS);
	KEXPECT_EQ(UMA_CATCH(ReadULong64FromUser(word + PAGE_SIZE / 8)), AV);  /* unmapped there */
	proc_detach();
	KEXPECT_EQ(t.mm->refs, 1);
	KEXPECT(current_thread()->attached == NULL);
	KEXPECT_EQ(UMA_CATCH(ReadULong64FromUser(word)), AV);   /* not ours: gone again */
	paddr_t pa;
	KASSERT(vm_translate(t.mm->root, VA, &pa, NULL));
	KEXPECT_EQ(((uint64_t *)phys_to_virt(pa))[2], 0xabcdull);   /* the write landed there */
	mm_put(t.mm);
	KEXPECT_EQ(pmm_free_pages(), pages);
	KEXPECT_EQ(kmalloc_bytes_in_use(), heap);
}

KTEST(attach_refuses_nesting_by_name)
{
	struct proc a = target_with_page(4243, 1), b = target_with_page(4244, 2);

	KASSERT(proc_attach(&a) == 0);
	KEXPECT_EQ(proc_attach(&b), -EBUSY);     /* "INVALID_PROCESS_ATTACH_ATTEMPT" */
	KEXPECT(current_thread()->attached == a.mm);
	KEXPECT_EQ(b.mm->refs, 1);
	proc_detach();
	mm_put(a.mm);
	mm_put(b.mm);
}

KTEST(attach_keeps_an_exiting_target_alive)
{
	size_t pages = pmm_free_pages();
	struct proc t = target_with_page(4245, 77);
	size_t with_target = pmm_free_pages();
	volatile ULONG64 got = 0;

	KASSERT(proc_attach(&t) == 0);
	mm_put(t.mm);                            /* the target exits: its own reference */
	KEXPECT_EQ(pmm_free_pages(), with_target);   /* still all there */
	KEXPECT_EQ(UMA_CATCH(got = ReadULong64FromUser((ULONG64 __user *)(VA + 8))), STATUS_SUCCESS);
	KEXPECT_EQ(got, 77);
	proc_detach();                           /* the last reference: freed now */
	KEXPECT_EQ(pmm_free_pages(), pages);
}

KTEST(attach_refuses_a_target_without_memory)
{
	struct proc t = target_with_page(4246, 0);
	struct mm *mm = t.mm;

	t.exiting = true;
	KEXPECT_EQ(proc_attach(&t), -ESRCH);
	t.exiting = false, t.state = PROC_ZOMBIE;
	KEXPECT_EQ(proc_attach(&t), -ESRCH);
	t.state = PROC_ALIVE, t.mm = NULL;
	KEXPECT_EQ(proc_attach(&t), -ESRCH);
	KEXPECT(current_thread()->attached == NULL);
	KEXPECT_EQ(mm->refs, 1);
	mm_put(mm);
}
