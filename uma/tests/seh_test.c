/* uma/tests/seh_test.c - __try / __except: nesting, filters, leaving by return. */
#include "uma/tests/uma_test.h"
#include "thread.h"

KTEST(uma_seh_catches_and_reports_the_code)
{
	volatile int reached = 0;
	volatile NTSTATUS code = 0;

	__try {
		reached = 1;
		ReadULongFromUser(NULL);
		reached = 2;                          /* never: the read raised */
	} __except (UmaExceptionFilter(UserMode)) {
		code = GetExceptionCode();
	}
	KEXPECT_EQ(reached, 1);
	KEXPECT_EQ(code, STATUS_ACCESS_VIOLATION);
	KEXPECT(uma_current->seh_top == NULL);
}

KTEST(uma_seh_nested_inner_handles)
{
	volatile int outer = 0, inner = 0;

	__try {
		__try {
			ExRaiseStatus(STATUS_INVALID_PARAMETER);
		} __except (EXCEPTION_EXECUTE_HANDLER) {
			inner = GetExceptionCode() == STATUS_INVALID_PARAMETER;
		}
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		outer = 1;
	}
	KEXPECT_EQ(inner, 1);
	KEXPECT_EQ(outer, 0);
}

/* UmaExceptionFilter(KernelMode) never swallows: the outer frame gets it. */
KTEST(uma_seh_kernel_mode_filter_passes_outward)
{
	volatile int inner_ran = 0;
	volatile NTSTATUS outer_code = 0;

	__try {
		__try {
			ReadUCharFromUser((const UCHAR __user *)USER_VA_LIMIT);
		} __except (UmaExceptionFilter(KernelMode)) {
			inner_ran = 1;
		}
	} __except (UmaExceptionFilter(UserMode)) {
		outer_code = GetExceptionCode();
	}
	KEXPECT_EQ(inner_ran, 0);
	KEXPECT_EQ(outer_code, STATUS_ACCESS_VIOLATION);
}

KTEST(uma_seh_exception_in_handler_goes_outward)
{
	volatile int outer = 0;

	__try {
		__try {
			ExRaiseStatus(STATUS_ACCESS_VIOLATION);
		} __except (EXCEPTION_EXECUTE_HANDLER) {
			ExRaiseStatus(STATUS_NO_MEMORY);     /* not caught by its own frame */
		}
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		outer = GetExceptionCode() == STATUS_NO_MEMORY;
	}
	KEXPECT_EQ(outer, 1);
}

static int return_from_inside_try(int how)
{
	volatile int after_leave = 0;

	__try {
		if (how == 1)
			return 11;                       /* the frame must be popped */
		__try {
			__leave;                         /* leaves the inner __try only */
			after_leave = 1;
		} __except (EXCEPTION_EXECUTE_HANDLER) {
			after_leave = 2;
		}
		return 22 + after_leave;
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		return -1;
	}
	return 0;
}

KTEST(uma_seh_return_and_break_unwind_frames)
{
	struct seh_frame *before = uma_current->seh_top;

	KEXPECT_EQ(return_from_inside_try(1), 11);
	KEXPECT(uma_current->seh_top == before);
	KEXPECT_EQ(return_from_inside_try(2), 22);
	KEXPECT(uma_current->seh_top == before);
	/* and a raise afterwards lands in a live frame, not a dead one */
	KEXPECT_EQ(UMA_CATCH(ExRaiseStatus(STATUS_BUFFER_TOO_SMALL)), STATUS_BUFFER_TOO_SMALL);
}

KTEST(uma_seh_fault_address_is_reported)
{
	uint8_t __user *u = ktest_user_map(1, VM_READ | VM_WRITE);
	volatile uint64_t addr = 0;
	uint8_t k[64];

	__try {
		CopyFromUser(k, u + PAGE_SIZE - 16, 64);
	} __except (UmaExceptionFilter(UserMode)) {
		addr = GetExceptionAddress();
	}
	KEXPECT_EQ(addr, (uint64_t)(uintptr_t)(u + PAGE_SIZE));   /* the first unmapped byte */
}

/*
 * Not in `ktest=all`: a UMA exception with no __try stops the kernel with a
 * bugcheck message. tools/run-tests.sh boots this one alone and checks the
 * message.
 */
KTEST_FLAGS(uma_unhandled_exception_bugchecks, KTEST_EXPLICIT)
{
	ReadULongFromUser(NULL);
	KEXPECT(false);   /* not reached */
}
