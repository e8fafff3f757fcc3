/*
 * arch/aarch64/uaccess.S - bulk and interlocked user-memory primitives
 * (contract: arch/uaccess.h; the scalar ones are inline in asm/uaccess.h).
 *
 * Copies, fill and string lengths use LDTR/STTR, which EL1 executes with
 * EL0's permissions (Arm ARM C6.2, "LDTR"): PSTATE.PAN stays 1 and a
 * kernel address faults by itself. Every user-touching instruction has an
 * EXTABLE entry; its fixup computes how much was NOT done:
 *   - a byte access that faults: the bytes before it were done, so the
 *     answer is the count still left, this byte included;
 *   - an 8-byte access that faults: words are used only when both sides
 *     are 8-aligned, so a word never straddles two pages and its first
 *     byte is on the page that faulted: no byte of it can be done, and
 *     the answer is the count left, this word included (no second fault
 *     to find that out).
 * Words are used only when the kernel and user side are equally aligned:
 * the kernel is built with -mstrict-align, so its side of a copy is never
 * accessed misaligned either.
 *
 * There is no unprivileged exclusive or atomic instruction, so the
 * interlocked operations open a PAN-cleared window (`msr pan, #0` ...
 * `msr pan, #1`) around an LDAXR/STLXR loop (ARMv8.0 exclusives: every
 * core has them, LSE is optional). Inside a window the kernel could reach
 * ANY address, so these run only after uma/ checked the range, and a
 * window never contains a call or a return (tools/check-uaccess.py).
 * An IRQ or abort inside a window still runs its handler with PAN set:
 * SCTLR_EL1.SPAN = 0 (pan.c).
 */
#include <asm/uaccess.h>

	.arch_extension pan            // `msr pan, #imm` (FEAT_PAN, ARMv8.1)

	.macro	FUNC name
	.global	\name
	.type	\name, %function
	.balign	8
\name:
	.endm
	.macro	ENDFUNC name
	.size	\name, . - \name
	.endm

	.section .text.uaccess, "ax"

/*
 * COPY name, ldb, ldw, stb, stw, uld, ust
 *   size_t name(void *dst = x0, const void *src = x1, size_t n = x2)
 * ldb/stb move a byte, ldw/stw a 64-bit word; uld / ust say whether the
 * load / the store side is user memory (and so gets table entries).
 * Returns the number of bytes not copied in x0 (0 = all done).
 */
	.macro	COPY name, ldb, ldw, stb, stw, uld, ust
FUNC \name
	eor	x3, x0, x1
	tst	x3, #7                  // not equally aligned: bytes only
	b.ne	3f
	cmp	x2, #16                 // short: not worth aligning
	b.lo	3f
1:	tst	x0, #7                  // head: bytes until both are 8-aligned
	b.eq	5f
10:	\ldb	w4, [x1]
11:	\stb	w4, [x0]
	add	x0, x0, #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	1b
5:	cmp	x2, #32                 // body: 4 words a turn, so the loop's own
	b.lo	2f                      // instructions cost a quarter as much
50:	\ldw	x4, [x1]
51:	\stw	x4, [x0]
52:	\ldw	x5, [x1, #8]
53:	\stw	x5, [x0, #8]
54:	\ldw	x6, [x1, #16]
55:	\stw	x6, [x0, #16]
56:	\ldw	x7, [x1, #24]
57:	\stw	x7, [x0, #24]
	add	x0, x0, #32
	add	x1, x1, #32
	sub	x2, x2, #32
	b	5b
2:	cmp	x2, #8                  // then single words
	b.lo	3f
20:	\ldw	x4, [x1]
21:	\stw	x4, [x0]
	add	x0, x0, #8
	add	x1, x1, #8
	sub	x2, x2, #8
	b	2b
3:	cbz	x2, 4f                  // tail (or all of a short copy): bytes
30:	\ldb	w4, [x1]
31:	\stb	w4, [x0]
	add	x0, x0, #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	3b
	// LAB copy BEGIN: the 4-word turn's fault tail: do not count the words of the turn that were done
	// A fault on word k of a 4-word turn: words 0..k-1 were done, x2
	// still counts them. 63 is word 3's fixup, 62 word 2's, 61 word 1's.
63:	sub	x2, x2, #8
62:	sub	x2, x2, #8
61:	sub	x2, x2, #8
	// LAB copy STUB
	// // Lab stub: a fault anywhere in a 4-word turn reports the whole
	// // turn as not copied. Safe, but not exact: words 0..k-1 were done.
	//63:
	//62:
	//61:
	// LAB copy END
4:	mov	x0, x2                  // also the byte and word fixup: x2 bytes not copied
	ret
	.if \uld
	EXTABLE	10b, 4b
	EXTABLE	50b, 4b                 // word fault: none of it can be done
	EXTABLE	52b, 61b
	EXTABLE	54b, 62b
	EXTABLE	56b, 63b
	EXTABLE	20b, 4b
	EXTABLE	30b, 4b
	.endif
	.if \ust
	EXTABLE	11b, 4b
	EXTABLE	51b, 4b
	EXTABLE	53b, 61b
	EXTABLE	55b, 62b
	EXTABLE	57b, 63b
	EXTABLE	21b, 4b
	EXTABLE	31b, 4b
	.endif
ENDFUNC \name
	.endm

	COPY	arch_copy_from_user, ldtrb, ldtr, strb, str, 1, 0
	COPY	arch_copy_to_user,   ldrb, ldr, sttrb, sttr, 0, 1
	COPY	arch_copy_in_user,   ldtrb, ldtr, sttrb, sttr, 1, 1

/* size_t arch_fill_user(void *dst = x0, int c = w1, size_t n = x2): same shape. */
FUNC arch_fill_user
	and	x1, x1, #0xff
	mov	x3, #0x0101010101010101
	mul	x1, x1, x3              // the byte in all eight lanes
	cmp	x2, #16
	b.lo	3f
1:	tst	x0, #7                  // head
	b.eq	2f
10:	sttrb	w1, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	1b
2:	cmp	x2, #8                  // body
	b.lo	3f
20:	sttr	x1, [x0]
	add	x0, x0, #8
	sub	x2, x2, #8
	b	2b
3:	cbz	x2, 4f                  // tail
30:	sttrb	w1, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	3b
4:	mov	x0, x2
	ret
	EXTABLE	10b, 4b
	EXTABLE	20b, 4b
	EXTABLE	30b, 4b
ENDFUNC arch_fill_user

/*
 * STRNLEN name, ld, unit
 *   long name(const T *s = x0, size_t max = x1)
 * Units before the first 0 unit; max if there is none in the first max;
 * -1 if a read faulted before either. One unit at a time, so a string
 * that ends at the last byte of a mapping never touches the next page.
 */
	.macro	STRNLEN name, ld, unit
FUNC \name
	mov	x2, #0                  // units seen
1:	cmp	x2, x1
	b.hs	2f
10:	\ld	w3, [x0]
	cbz	w3, 2f
	add	x0, x0, #\unit
	add	x2, x2, #1
	b	1b
2:	mov	x0, x2
	ret
3:	mov	x0, #-1                 // fixup
	ret
	EXTABLE	10b, 3b
ENDFUNC \name
	.endm

	STRNLEN	arch_strnlen_user, ldtrb, 1
	STRNLEN	arch_wcsnlen_user, ldtrh, 2

/*
 * PAN_OFF / PAN_ON: open and close a PAN-cleared window. w9 holds
 * pan_enabled (pan.c) throughout: with `nopan` or without FEAT_PAN there
 * is nothing to clear, and `msr pan` must not run (it would turn PAN on,
 * or be UNDEFINED). MSR (immediate) to PSTATE needs no ISB.
 */
	.macro	PAN_OFF
	adrp	x9, pan_enabled
	ldr	w9, [x9, :lo12:pan_enabled]
	cbz	w9, .Lpan_off_\@
	msr	pan, #0
.Lpan_off_\@:
	.endm

	.macro	PAN_ON
	cbz	w9, .Lpan_on_\@
	msr	pan, #1
.Lpan_on_\@:
	.endm

/*
 * Interlocked operations: bool name(T *p = x0, ..., T *old): *old = the
 * value before; false if the access faulted (unmapped, read-only,
 * misaligned). LDAXR/STLXR (Arm ARM B2.9, "Synchronization and
 * semaphores") plus a DMB ISH after make them full barriers, like
 * Windows' Interlocked* (and Linux's fully ordered atomics).
 * The fixup (9:) re-sets PAN before returning, as every exit must.
 */

/* CMPXCHG name, r: name(p = x0, expected = r1, desired = r2, old = x3); r = w or x */
	.macro	CMPXCHG name, r
FUNC \name
	PAN_OFF
10:	ldaxr	\r\()4, [x0]
	cmp	\r\()4, \r\()1
	b.ne	2f                      // different: no store, *old tells the caller
11:	stlxr	w5, \r\()2, [x0]
	cbnz	w5, 10b                 // lost the reservation: try again
2:	PAN_ON
	dmb	ish
	str	\r\()4, [x3]
	mov	w0, #1
	ret
9:	PAN_ON
	mov	w0, #0
	ret
	EXTABLE	10b, 9b
	EXTABLE	11b, 9b
ENDFUNC \name
	.endm

/* RMW name, op, r: name(p = x0, bits = r1, old = x2): *p = *p op bits */
	.macro	RMW name, op, r
FUNC \name
	PAN_OFF
10:	ldaxr	\r\()4, [x0]
	\op	\r\()5, \r\()4, \r\()1
11:	stlxr	w6, \r\()5, [x0]
	cbnz	w6, 10b
	PAN_ON
	dmb	ish
	str	\r\()4, [x2]
	mov	w0, #1
	ret
9:	PAN_ON
	mov	w0, #0
	ret
	EXTABLE	10b, 9b
	EXTABLE	11b, 9b
ENDFUNC \name
	.endm

	CMPXCHG	arch_ucmpxchg32, w
	CMPXCHG	arch_ucmpxchg64, x
	RMW	arch_uor32, orr, w
	RMW	arch_uor64, orr, x
	RMW	arch_uand32, and, w
	RMW	arch_uand64, and, x
