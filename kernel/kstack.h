/*
 * kernel/kstack.h - kernel stacks with a guard below each (arch/kstack.h
 * has the layout). The scheduler takes one per thread.
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include "arch/kstack.h"

/* A fresh KSTACK_SIZE stack (its lowest address), or NULL when out of
 * memory or slots; nothing is left allocated on failure. */
void *kstack_alloc(void);
/* Unmap and free a stack from kstack_alloc. Never the one we run on. */
void kstack_free(void *stack);
unsigned kstack_count(void);   /* stacks in use, for tests */

#endif
