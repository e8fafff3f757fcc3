/*
 * cpuregs.S - the ARM64 side of usertests/lib/cpuregs.h: V0-V31, FPCR and
 * the thread pointer registers (Arm ARM, "SIMD and floating-point
 * registers", TPIDR_EL0, TPIDRRO_EL0).
 */
	.text

	/* All 32 vector registers from (op = ldp) or to (stp) the 512 bytes at base. */
	.macro	vregs op, base
	\op	q0, q1, [\base, #0]
	\op	q2, q3, [\base, #32]
	\op	q4, q5, [\base, #64]
	\op	q6, q7, [\base, #96]
	\op	q8, q9, [\base, #128]
	\op	q10, q11, [\base, #160]
	\op	q12, q13, [\base, #192]
	\op	q14, q15, [\base, #224]
	\op	q16, q17, [\base, #256]
	\op	q18, q19, [\base, #288]
	\op	q20, q21, [\base, #320]
	\op	q22, q23, [\base, #352]
	\op	q24, q25, [\base, #384]
	\op	q26, q27, [\base, #416]
	\op	q28, q29, [\base, #448]
	\op	q30, q31, [\base, #480]
	.endm

	// void vregs_hold(const void *in [x0], void *out [x1], unsigned long loops [x2])
	.global	vregs_hold
vregs_hold:
	vregs	ldp, x0
1:	subs	x2, x2, #1
	b.ne	1b
	vregs	stp, x1
	ret

	// void vregs_dump(void *out [x0])
	.global	vregs_dump
vregs_dump:
	vregs	stp, x0
	ret

	// long vregs_fork(const void *in [x0], void *out [x1], long nr [x2]):
	// SVC keeps every register but x0
	.global	vregs_fork
vregs_fork:
	vregs	ldp, x0
	mov	x8, x2
	svc	#0
	vregs	stp, x1
	ret

	.global	fpctl_get
fpctl_get:
	mrs	x0, fpcr
	ret

	.global	fpctl_set
fpctl_set:
	msr	fpcr, x0
	ret

	.global	tp_raw_get
tp_raw_get:
	mrs	x0, tpidr_el0
	ret

	.global	tp_raw_set
tp_raw_set:
	msr	tpidr_el0, x0
	ret

	.global	tp_ro_get
tp_ro_get:
	mrs	x0, tpidrro_el0
	ret
