/*
 * kernel/tests/kcov_test.c - the coverage hook (kernel/kcov.c) called by
 * hand, so that it is tested in every build, also the normal one where no
 * compiled code calls it: it appends only inside a system call, never in
 * an interrupt, stops at the buffer's end, and its buffer comes back.
 */
#include "ktest.h"
#include "kcov.h"
#include "thread.h"
#include "kmalloc.h"

extern char __text_start[], __text_end[];

KTEST(kcov_hook_appends_inside_a_call_up_to_the_end)
{
	struct thread *t = current_thread();
	unsigned long users = kcov_users;
	size_t heap = kmalloc_bytes_in_use();

	KASSERT(t && !t->kcov.area);
	KASSERT(kcov_attach(t, NULL, 4) == 0);
	KEXPECT_EQ(kcov_users, users + 1);
	__sanitizer_cov_trace_pc();            /* not in a system call */
	KEXPECT_EQ(t->kcov.pos, 0);

	kcov_record_start(t, 1);
	t->kcov.collect = true;                /* as kcov_syscall_enter does */
	for (int i = 0; i < 5; i++)
		__sanitizer_cov_trace_pc();
	unsigned long filled = t->kcov.pos;
	kcov_irq_enter();                      /* an interrupt meanwhile */
	__sanitizer_cov_trace_pc();
	kcov_irq_exit();
	unsigned long after_irq = t->kcov.pos;
	t->kcov.pos = 1;
	kcov_irq_enter();
	__sanitizer_cov_trace_pc();
	kcov_irq_exit();
	__sanitizer_cov_trace_pc();            /* back from it: recorded again */
	unsigned long after_back = t->kcov.pos;
	kcov_record_stop(t);
	__sanitizer_cov_trace_pc();

	KEXPECT_EQ(filled, 3);                 /* n - 1: the end of the buffer */
	KEXPECT_EQ(after_irq, 3);
	KEXPECT_EQ(after_back, 2);             /* the interrupt's call added nothing */
	KEXPECT_EQ(t->kcov.pos, 2);            /* nor one after the call ended */
	for (int i = 1; i <= 2; i++)
		KEXPECT(t->kcov.area[i] >= (uintptr_t)__text_start &&
			t->kcov.area[i] < (uintptr_t)__text_end);
	KEXPECT(t->kcov.area[1] != t->kcov.area[2]);   /* two call sites, two PCs */
	kcov_detach(t);
	KEXPECT(t->kcov.area == NULL);
	KEXPECT_EQ(kcov_users, users);
	KEXPECT_EQ(kmalloc_bytes_in_use(), heap);
}
