/*
 * uma/seh.h - structured exception handling (__try / __except) in C.
 *
 * GCC has no SEH, so this builds it from two standard pieces:
 *   - a per-thread stack of handler frames (uma_current->seh_top, uma/uma_thread.h),
 *     each holding a jmp_buf taken when its __try begins;
 *   - GCC's cleanup attribute, which pops the frame whenever control leaves
 *     the __try block by any path: falling off the end, break, goto or
 *     return (a `return` inside __try must not leave a dead frame behind).
 * Raising (uma_raise, ExRaiseStatus) records the status in the innermost
 * frame and longjmps to it; its __except filter then decides:
 *
 *     __try {
 *         n = ReadULongFromUser(&p->Size);
 *     } __except (UmaExceptionFilter(UserMode)) {
 *         status = GetExceptionCode();       // STATUS_ACCESS_VIOLATION
 *     }
 *
 * The filter is an expression: EXCEPTION_EXECUTE_HANDLER runs the block,
 * EXCEPTION_CONTINUE_SEARCH passes the exception to the next frame out.
 * With no frame left, the kernel stops with a bugcheck message.
 *
 * As with setjmp, a local variable that the __try block modifies and the
 * __except block (or code after it) reads must be declared volatile.
 *
 * __try is a loop that runs once (the only way in C to give the frame a
 * scope), so `break` or `continue` directly inside a __try block leaves
 * the __try, not an enclosing loop -- exactly what MSVC's __leave does,
 * and __leave is provided under that name. Use a flag or goto to leave an
 * outer loop from inside __try.
 */
#ifndef UMA_SEH_H
#define UMA_SEH_H

#include "uma/ntdef.h"
#include "uma/uma_thread.h"   /* seh_top: the running thread's frame stack */
#include "arch/arch.h"

#define EXCEPTION_EXECUTE_HANDLER      1
#define EXCEPTION_CONTINUE_SEARCH      0
#define EXCEPTION_CONTINUE_EXECUTION (-1)   /* not supported: bugchecks */

struct seh_frame {
	struct seh_frame *prev;     /* next frame out */
	struct jmp_buf jb;          /* where __try began */
	NTSTATUS code;              /* GetExceptionCode() */
	uint64_t address;           /* the address that faulted, if any */
	bool active;                /* still on the thread's stack */
};

/*
 * Entering and leaving a __try is on every system call (the dispatcher
 * wraps each handler), so both are inline: a few stores and no call but
 * arch_setjmp(). Raising is rare and stays out of
 * line (seh.c).
 */
static __always_inline struct seh_frame *seh_enter(struct seh_frame *f)
{
	struct uma_thread *t = uma_current;

	f->prev = t->seh_top;
	f->code = STATUS_SUCCESS;
	f->address = 0;
	f->active = true;
	t->seh_top = f;
	return f;
}

void seh_leak(struct seh_frame *f) __noreturn __cold;

int  seh_dispatch(struct seh_frame *f, int filter);

/* Raise code in the innermost __try; address is reported with it. */
void uma_raise(NTSTATUS code, uint64_t address) __noreturn __cold;
/* Windows' name for raising a status with no address. */
void ExRaiseStatus(NTSTATUS code) __noreturn __cold;

/*
 * Unwinding: the frame must come off the thread's stack however control
 * leaves the __try block -- falling off its end, __leave (break), goto,
 * return -- or the next exception would longjmp into a function that has
 * returned.
 */
// LAB seh BEGIN: popping the frame on every way out of a __try (seh_leave, the __try macro)
/* GCC's cleanup attribute runs seh_leave(&__seh_frame) whenever the
 * variable goes out of scope, by any of those paths. */
/* Pop f if it is still on the stack (seh_dispatch pops it early). Frames
 * are strictly nested, so an active frame that is not on top means one
 * was leaked. */
static __always_inline void seh_leave(struct seh_frame *f)
{
	if (!f->active)
		return;
	if (unlikely(uma_current->seh_top != f))
		seh_leak(f);
	uma_current->seh_top = f->prev;
	f->active = false;
}

/* The frame has no initialiser (clearing the jmp_buf on every __try would
 * cost more than the rest): seh_enter sets every field that is read, and
 * nothing can leave the __try before it runs. */
#define __try                                                                  \
	for (struct seh_frame __seh_frame __attribute__((cleanup(seh_leave))), \
	     *__seh_once = seh_enter(&__seh_frame);                            \
	     __seh_once; __seh_once = NULL)                                    \
		if (arch_setjmp(&__seh_frame.jb) == 0)

// LAB seh STUB
// /* The stand-in: seh_leave pops without looking for a leaked frame, and
//  * __try pops only when control falls off the end of its block (in the
//  * for's third expression): __leave, goto and return skip that. */
// static __always_inline void seh_leave(struct seh_frame *f)
// {
// 	if (!f->active)
// 		return;
// 	uma_current->seh_top = f->prev;
// 	f->active = false;
// }
//
// #define __try for (struct seh_frame __seh_frame, *__seh_once = seh_enter(&__seh_frame); __seh_once; __seh_once = (seh_leave(&__seh_frame), NULL)) if (arch_setjmp(&__seh_frame.jb) == 0)
//
// LAB seh END
#define __except(filter) else if (seh_dispatch(&__seh_frame, (filter)))

#define __leave break

#define GetExceptionCode() (__seh_frame.code)
#define GetExceptionAddress() (__seh_frame.address)

/* The filter UMA code uses: a fault on a user pointer (UserMode) is
 * handled here; with KernelMode the pointer was the kernel's own, so the
 * exception is never swallowed: the search goes on outward. */
static inline int UmaExceptionFilter(KPROCESSOR_MODE Mode)
{
	return Mode == UserMode ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

#endif
