/* uma/seh.c - the handler-frame stack behind __try / __except (see seh.h). */
#include "uma/seh.h"
#include "base/printk.h"
#include "base/lab.h"

/* seh_leave found f active but not innermost: a frame was leaked. */
void seh_leak(struct seh_frame *f)
{
	panic("SEH: leaving __try frame %p but the innermost is %p", (void *)f,
	      (void *)uma_current->seh_top);
}

/*
 * We arrive here after the longjmp, with the filter already evaluated (the
 * __except macro passes its value; the filter may read GetExceptionCode(),
 * which uma_raise stored in the frame). The frame is popped first, so an
 * exception raised in the __except block -- or passed on by the filter --
 * goes to the next frame out. Returns 1 to run the __except block.
 */
int seh_dispatch(struct seh_frame *f, int filter)
{
	// LAB seh BEGIN: the filter's verdict: handle here, or search the next frame out
	seh_leave(f);
	if (filter == EXCEPTION_EXECUTE_HANDLER)
		return 1;
	if (filter == EXCEPTION_CONTINUE_SEARCH)
		uma_raise(f->code, f->address);
	/* EXCEPTION_CONTINUE_EXECUTION would resume at the faulting
	 * instruction: the longjmp has already thrown its context away. */
	panic("SEH: filter returned %d; only EXECUTE_HANDLER and CONTINUE_SEARCH exist here",
	      filter);
	// LAB seh STUB
	// LAB_MISSING("seh", "seh_dispatch: every filter is taken for EXCEPTION_EXECUTE_HANDLER");
	// seh_leave(f);
	// (void)filter;
	// return 1;
	// LAB seh END
}

void uma_raise(NTSTATUS code, uint64_t address)
{
	struct seh_frame *f = uma_current->seh_top;

	if (!f)
		panic("UMA: exception %#x (%s) at address %p with no __try/__except to handle it.\n"
		      "Every UMA call must run inside __try; Windows would bugcheck with "
		      "KMODE_EXCEPTION_NOT_HANDLED (0x1E)",
		      (unsigned)code,
		      code == STATUS_ACCESS_VIOLATION ? "STATUS_ACCESS_VIOLATION" :
		      code == STATUS_DATATYPE_MISALIGNMENT ? "STATUS_DATATYPE_MISALIGNMENT" :
		      "status", (void *)address);
	f->code = code;
	f->address = address;
	arch_longjmp(&f->jb, 1);
}

void ExRaiseStatus(NTSTATUS code)
{
	uma_raise(code, 0);
}
