/* uma/seh.c - the handler-frame stack behind __try / __except (see seh.h). */
#include "uma/seh.h"
#include "base/printk.h"

/* seh_leave found f active but not innermost: a frame was leaked. */
void seh_leak(struct seh_frame *f)
{
	panic("SEH: leaving __try frame %p but the innermost is %p", (void *)f,
	      (void *)uma_current->seh_top);
}

/* We arrive here after the longjmp. The frame is popped first, so an
 * exception raised in the __except block goes to the next frame out. */
int seh_dispatch(struct seh_frame *f, int filter)
{
	seh_leave(f);
	if (filter == EXCEPTION_EXECUTE_HANDLER)
		return 1;
	if (filter == EXCEPTION_CONTINUE_SEARCH)
		uma_raise(f->code, f->address);
	panic("SEH: filter returned %d; only EXECUTE_HANDLER and CONTINUE_SEARCH exist here",
	      filter);
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
