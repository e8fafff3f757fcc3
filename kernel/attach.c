/*
 * kernel/attach.c - attaching a thread to another process's address space
 * (attach.h).
 *
 * The thread keeps running on its own kernel stack with its own registers;
 * only the user half of the address space changes: the page-table root
 * that translates user addresses (x86-64 CR3, Intel SDM Vol.3 4.5; ARM64
 * TTBR0_EL1, Arm ARM D8.2). The kernel half is the same in every root, so
 * the code, the stack and the bounce buffer stay where they were. schedule()
 * switches to thread->attached instead of the process's own space, so the
 * attach survives a context switch (which is what makes it safe on SMP).
 *
 * The UMA accessors need no change: they check only that an address is
 * below USER_VA_LIMIT, and the exception table catches a fault the same way
 * whichever process's page is missing. The double-fetch detector is told
 * which space a read is in (uma_thread.space), so that reading address X in
 * the target and then X in the caller is not mistaken for reading X twice.
 */
#include "attach.h"
#include "mm.h"
#include "thread.h"
#include "vm.h"
#include "base/printk.h"
#include "uapi/errno.h"

long proc_attach(struct proc *target)
{
	struct thread *t = current_thread();

	if (t->attached) {
		kprintf("INVALID_PROCESS_ATTACH_ATTEMPT: %s (tid %d) is attached to pid %d already; "
			"attaching to pid %d refused (no nesting: kernel/attach.h)\n",
			t->name, t->tid, t->attached_pid, target->pid);
		return -EBUSY;
	}
	if (target->state != PROC_ALIVE || target->exiting || !target->mm)
		return -ESRCH;
	mm_get(target->mm);
	t->attached = target->mm;
	t->attached_pid = target->pid;
	uma_thread_set_space(&t->uma, (uintptr_t)target->mm);
	mm_activate(target->mm);
	return 0;
}

void proc_detach(void)
{
	struct thread *t = current_thread();
	struct mm *mm = t->attached;

	BUG_ON(!mm);
	t->attached = NULL;
	t->attached_pid = 0;
	uma_thread_set_space(&t->uma, 0);
	if (t->proc && t->proc->mm)
		mm_activate(t->proc->mm);
	else
		vm_activate_user(0);
	mm_put(mm);                    /* after the switch: it may free the tables */
}

void proc_detach_if_attached(void)
{
	if (current_thread()->attached)
		proc_detach();
}

bool proc_is_descendant(const struct proc *p, const struct proc *ancestor)
{
	for (p = p->parent; p; p = p->parent)
		if (p == ancestor)
			return true;
	return false;
}
