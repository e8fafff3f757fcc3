/*
 * usertests/lib/arch/aarch64/crt0.S - where every user program starts.
 *
 * The kernel enters at _start in EL0 with x0 = argc, x1 = argv and SP at
 * the argument block on the user stack, 16-byte aligned (arch_utf_init).
 * Nothing to return to: main's result goes to exit().
 */
	.section .text.entry, "ax"     // first in .text (usertests/user.ld)
	.global	_start
_start:
	mov	x29, #0            // end of the frame-pointer chain (AAPCS64 6.2.3)
	mov	x30, #0
	bl	main               // x0, x1 are already argc, argv
	bl	exit               // exit(main's result), never returns
1:	b	1b
