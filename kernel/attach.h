/*
 * kernel/attach.h - running in another process's address space for a
 * moment, as Windows' KeStackAttachProcess / KeUnstackDetachProcess do.
 *
 *	if (proc_attach(target) == 0) {
 *		...UMA accessors now reach target's user memory, under the
 *		   same exception-table protection as the caller's own...
 *		proc_detach();
 *	}
 *
 * Rules (each broken one is named: docs/faq.md, "reading another process"):
 *  - the section is short and never sleeps (sleep_on while attached is a
 *    kernel bug: panic "ATTACHED_SLEEP"), and never returns to user mode
 *    ("ATTACHED_RETURN_TO_USER"): the user registers and the address
 *    space would not belong together;
 *  - no nesting: a second proc_attach before proc_detach is refused with
 *    -EBUSY and a console line "INVALID_PROCESS_ATTACH_ATTEMPT" (the name
 *    of the Windows bugcheck for the same mistake);
 *  - the target's address space is kept alive meanwhile (a reference on
 *    its struct mm): if the target exits or execs, its memory is freed by
 *    the detach instead.
 */
#ifndef KERNEL_ATTACH_H
#define KERNEL_ATTACH_H

#include "proc.h"

/* 0; -ESRCH if target is exiting (it has no address space any more);
 * -EBUSY if this thread is attached already. */
long proc_attach(struct proc *target);
void proc_detach(void);
/* A thread that ends attached (killed inside the section) lets go. */
void proc_detach_if_attached(void);

/* Is p a child, grandchild, ... of ancestor? */
bool proc_is_descendant(const struct proc *p, const struct proc *ancestor);

#endif
