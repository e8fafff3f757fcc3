/*
 * kernel/tests/spin_bug.h - catching the spinlock checks' panics in a test
 * (smp_test.c, locks_test.c): spin_bug_catch() puts a hook in place of the
 * panic, and the test sets a jump buffer the hook longjmps to:
 *
 *     spin_bug_catch();
 *     if (!arch_setjmp(&spin_bug_jb))
 *             ...the mistake...
 *     spin_set_bug_hook(NULL);
 *     KEXPECT(spin_bug_lock == &l && spin_bug_says("recursion"));
 */
#ifndef KERNEL_TESTS_SPIN_BUG_H
#define KERNEL_TESTS_SPIN_BUG_H

#include "arch/arch.h"
#include "base/spinlock.h"

extern struct jmp_buf spin_bug_jb;
extern const char *spin_bug_what;       /* the check's words, NULL: none fired */
extern struct spinlock *spin_bug_lock;  /* the lock it named */

void spin_bug_catch(void);
bool spin_bug_says(const char *word);   /* do the check's words hold word? */

#endif
