/*
 * crt0.S - where an x86-64 user program starts.
 *
 * The kernel enters here with rdi = argc and rsi = argv already in place
 * (the first two argument registers of the System V AMD64 ABI, 3.2.3),
 * so main(argc, argv) only needs an aligned stack: rsp % 16 == 0 before
 * the CALL (ABI 3.2.2). rbp = 0 marks the outermost frame.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	andq $-16, %rsp
	call main
	movl %eax, %edi                 /* exit(main's result) */
	call exit
	ud2                             /* exit does not return */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
