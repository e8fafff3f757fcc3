/*
 * uma/tests/seh_test.c - __try / __except: nesting, filters, leaving by return.
 *
 * The single-level case and an inner frame that handles its own exception
 * are what every system call relies on; the filters that pass an exception
 * outward and the unwinding of frames left by return, __leave or goto are
 * the seh lab's (docs/labs/07-seh.md), one test each so that each is graded.
 */
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
			if (how == 3)
				return 33;               /* both frames must be popped */
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

/*
 * A frame left on the stack by a __try that was not unwound points into a
 * function that has returned: the next exception would longjmp there.
 * Check the stack of frames, and drop a dead frame so that this test (and
 * the kernel) can go on safely after reporting it.
 */
#define EXPECT_SEH_TOP(before)                                                          \
	do {                                                                            \
		struct seh_frame *now = uma_current->seh_top;                           \
		KEXPECT(uma_current->seh_top == before);                                \
		if (now != (before)) {                                                  \
			kprintf("# innermost __try frame: expected %p, got %p (a frame "     \
				"left behind by a __try that was not unwound)\n",           \
				(void *)(before), (void *)now);                             \
			uma_current->seh_top = (before);                                \
		}                                                                       \
	} while (0)

KTEST(uma_seh_return_unwinds_frames)
{
	struct seh_frame *before = uma_current->seh_top;

	KEXPECT_EQ(return_from_inside_try(1), 11);
	EXPECT_SEH_TOP(before);
	KEXPECT_EQ(return_from_inside_try(3), 33);        /* from two __try deep */
	EXPECT_SEH_TOP(before);
	/* and a raise afterwards lands in a live frame, not a dead one */
	KEXPECT_EQ(UMA_CATCH(ExRaiseStatus(STATUS_BUFFER_TOO_SMALL)), STATUS_BUFFER_TOO_SMALL);
}

/* __leave (a break) leaves only the inner __try; the outer one goes on. */
static int leave_inner_try(void)
{
	volatile int after_leave = 0;

	__try {
		__try {
			__leave;
			after_leave = 1;
		} __except (EXCEPTION_EXECUTE_HANDLER) {
			after_leave = 2;
		}
		after_leave += 10;                       /* still inside the outer __try */
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		after_leave = -1;
	}
	return after_leave;
}

KTEST(uma_seh_leave_unwinds_frames)
{
	struct seh_frame *before = uma_current->seh_top;

	KEXPECT_EQ(return_from_inside_try(2), 22);
	EXPECT_SEH_TOP(before);
	KEXPECT_EQ(leave_inner_try(), 10);
	EXPECT_SEH_TOP(before);
	KEXPECT_EQ(UMA_CATCH(ExRaiseStatus(STATUS_BUFFER_TOO_SMALL)), STATUS_BUFFER_TOO_SMALL);
}

/* goto out of a __try, from inside a loop in it. */
static int goto_out_of_try(void)
{
	volatile int i = 0;

	__try {
		for (;; i++)
			if (i == 3)
				goto out;
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		return -1;
	}
	return 0;
out:
	return i;
}

KTEST(uma_seh_goto_unwinds_frames)
{
	struct seh_frame *before = uma_current->seh_top;

	KEXPECT_EQ(goto_out_of_try(), 3);
	EXPECT_SEH_TOP(before);
	KEXPECT_EQ(UMA_CATCH(ExRaiseStatus(STATUS_BUFFER_TOO_SMALL)), STATUS_BUFFER_TOO_SMALL);
}

/*
 * EXCEPTION_CONTINUE_SEARCH, twice: the exception walks out through two
 * frames whose __except blocks never run, to the outermost one, with its
 * code intact; afterwards no frame is left.
 */
KTEST(uma_seh_continue_search_walks_out)
{
	struct seh_frame *before = uma_current->seh_top;
	volatile int ran = 0;
	volatile NTSTATUS code = 0;

	__try {
		__try {
			__try {
				ExRaiseStatus(STATUS_INVALID_PARAMETER);
			} __except (EXCEPTION_CONTINUE_SEARCH) {
				ran |= 1;
			}
			ran |= 8;                        /* never: the raise left this block */
		} __except (EXCEPTION_CONTINUE_SEARCH) {
			ran |= 2;
		}
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		ran |= 4;
		code = GetExceptionCode();
	}
	if (ran != 4)
		kprintf("# __except blocks that ran: %s%s%s%s (expected only the outermost)\n",
			ran & 1 ? "innermost " : "", ran & 2 ? "middle " : "",
			ran & 4 ? "outermost " : "", ran & 8 ? "(and the code after the raise)" : "");
	KEXPECT_EQ(ran, 4);
	KEXPECT_EQ(code, STATUS_INVALID_PARAMETER);
	EXPECT_SEH_TOP(before);
}

/*
 * A filter is an expression evaluated when the exception reaches its
 * frame, and may look at GetExceptionCode(): this one takes only
 * STATUS_NO_MEMORY and lets everything else go on outward.
 */
static NTSTATUS raise_through_picky_filter(NTSTATUS raised, volatile int *where)
{
	volatile NTSTATUS code = STATUS_SUCCESS;

	*where = 0;
	__try {
		__try {
			ExRaiseStatus(raised);
		} __except (GetExceptionCode() == STATUS_NO_MEMORY ? EXCEPTION_EXECUTE_HANDLER
								  : EXCEPTION_CONTINUE_SEARCH) {
			*where = 1;
			code = GetExceptionCode();
		}
	} __except (EXCEPTION_EXECUTE_HANDLER) {
		*where = 2;
		code = GetExceptionCode();
	}
	return code;
}

KTEST(uma_seh_filter_chooses_by_code)
{
	struct seh_frame *before = uma_current->seh_top;
	volatile int where;

	KEXPECT_EQ(raise_through_picky_filter(STATUS_NO_MEMORY, &where), STATUS_NO_MEMORY);
	KEXPECT_EQ(where, 1);                               /* the inner frame took it */
	KEXPECT_EQ(raise_through_picky_filter(STATUS_INVALID_PARAMETER, &where),
		   STATUS_INVALID_PARAMETER);
	KEXPECT_EQ(where, 2);                               /* passed to the outer one */
	KEXPECT_EQ(raise_through_picky_filter(STATUS_ACCESS_VIOLATION, &where),
		   STATUS_ACCESS_VIOLATION);
	KEXPECT_EQ(where, 2);
	EXPECT_SEH_TOP(before);
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
