/*
 * uma/tests/uma_test.h - helpers for the UMA self-tests.
 *
 * UMA_CATCH(stmt) runs stmt inside __try and evaluates to the status it
 * raised (STATUS_SUCCESS if none), so a test reads like a table:
 *     KEXPECT_EQ(UMA_CATCH(ReadULongFromUser(bad)), STATUS_ACCESS_VIOLATION);
 */
#ifndef UMA_TESTS_UMA_TEST_H
#define UMA_TESTS_UMA_TEST_H

#include "ktest.h"
#include "uma/usermode_accessors.h"
#include "vm.h"
#include "base/string.h"
#include "base/printk.h"
#include <asm/pte.h>

#define UMA_CATCH(stmt) ({                                              \
	volatile NTSTATUS uma_catch_status = STATUS_SUCCESS;            \
	__try {                                                         \
		stmt;                                                   \
	} __except (UmaExceptionFilter(UserMode)) {                     \
		uma_catch_status = GetExceptionCode();                  \
	}                                                               \
	uma_catch_status; })

#define AV  STATUS_ACCESS_VIOLATION
#define MIS STATUS_DATATYPE_MISALIGNMENT
#define OK  STATUS_SUCCESS

/* A user pointer to a kernel byte (for "kernel address passed as user"). */
#define AS_USER(p) ((void __user *)(__force void __user *)(p))

/* Addresses no user pointer may reach: the kernel's text, data, heap and
 * stack, the first address past user space, non-canonical / TTBR1 and
 * top-byte-tagged forms. Filled by uma_bad_pointers(); count returned. */
#define UMA_MAX_BAD 12
struct bad_ptr { const char *what; uintptr_t addr; };
int uma_bad_pointers(struct bad_ptr *out, void *heap, void *stack_var, uintptr_t user_page);

#endif
