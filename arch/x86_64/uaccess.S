/*
 * uaccess.S - x86-64 bulk user-memory primitives (contract: arch/uaccess.h).
 *
 * Every routine opens one STAC..CLAC window (SDM Vol.3 4.6.1) with no call
 * or return inside it, and every instruction that touches the buffers has
 * an __ex_table entry (EXTABLE, asm/uaccess.h). A fault resumes at the
 * entry's fixup with RFLAGS as interrupted (AC=1), so a fixup may go on
 * copying before it closes the window with CLAC.
 *
 * Copies and fills come in two flavours, chosen once at boot by
 * arch_uaccess_init() (uaccess.c):
 *   rep movsb / rep stosb   fast on real CPUs with ERMS (SDM Vol.1 7.3.9.3)
 *   an 8-byte word loop     ~10x faster under QEMU TCG, which emulates
 *                           REP string instructions one byte at a time
 * Both return the exact number of bytes NOT done: after a fault they redo
 * what is left one byte at a time up to the faulting byte (as Linux does),
 * so a word that straddles into an unmapped page is copied as far as it
 * can be.
 *
 * Registers (System V): rdi, rsi, rdx, rcx = arguments 1-4; rax = result.
 */
#include <asm/uaccess.h>

	.section .text.uaccess, "ax"

/* ------------------------------------------------------------------ copies */

/*
 * size_t arch_copy_{from,to,in}_user(void *dst, const void *src, size_t n)
 * STAC opens both directions at once, so the three are one routine;
 * copy_in_user copies forward (overlap is uma/'s business).
 */
	.globl arch_copy_from_user, arch_copy_to_user, arch_copy_in_user
	.type arch_copy_from_user, @function
arch_copy_from_user:
arch_copy_to_user:
arch_copy_in_user:
	cmpb $0, x86_uaccess_copy_rep(%rip)
	jne x86_copy_rep
	/* fall through to the word loop */

	.globl x86_copy_words
x86_copy_words:
	movq %rdx, %rcx
	shrq $3, %rcx                   /* rcx = whole words */
	andl $7, %edx                   /* rdx = tail bytes */
	stac
	testq %rcx, %rcx
	jz .Lcopy_bytes
.Lcopy_word_ld:
	movq (%rsi), %rax
.Lcopy_word_st:
	movq %rax, (%rdi)
	addq $8, %rsi
	addq $8, %rdi
	decq %rcx
	jnz .Lcopy_word_ld
.Lcopy_bytes:                           /* rdx bytes at rsi -> rdi, AC=1 */
	testq %rdx, %rdx
	jz .Lcopy_done
.Lcopy_byte_ld:
	movb (%rsi), %al
.Lcopy_byte_st:
	movb %al, (%rdi)
	incq %rsi
	incq %rdi
	decq %rdx
	jnz .Lcopy_byte_ld
.Lcopy_done:
	clac
	xorl %eax, %eax
	ret

	// LAB copy BEGIN: the word loop's fault tail: finish a word that straddles into the bad page byte by byte
	/* A word faulted: none of it was stored. If it straddles two pages
	 * on either side, the bytes before the boundary may be good: redo it
	 * and the tail byte by byte; the byte loop stops exactly at the bad
	 * byte. Otherwise all 8 bytes are on the page that faulted, so its
	 * first byte would fault too: stop now instead of taking that second
	 * fault (a read() into an unmapped page faults once, not twice). */
.Lcopy_word_fault:
	leaq (%rdx,%rcx,8), %rdx        /* bytes not copied, this word included */
	movl %esi, %eax
	andl $0xfff, %eax
	cmpl $0xff8, %eax               /* source word crosses into the next page? */
	ja .Lcopy_bytes
	movl %edi, %eax
	andl $0xfff, %eax
	cmpl $0xff8, %eax               /* destination word? */
	ja .Lcopy_bytes
	jmp .Lcopy_byte_fault
	// LAB copy STUB
	// /* Lab stub: report the faulting word and everything after it as
	//  * not copied. Safe, but not exact: the bytes of a straddling word
	//  * that lie before the bad page were never tried. */
	//.Lcopy_word_fault:
	// leaq (%rdx,%rcx,8), %rdx        /* bytes not copied, this word included */
	// jmp .Lcopy_byte_fault
	// LAB copy END
	/* A byte faulted: rdx bytes (this one included) were not copied. */
.Lcopy_byte_fault:
	clac
	movq %rdx, %rax
	ret

	EXTABLE .Lcopy_word_ld, .Lcopy_word_fault
	EXTABLE .Lcopy_word_st, .Lcopy_word_fault
	EXTABLE .Lcopy_byte_ld, .Lcopy_byte_fault
	EXTABLE .Lcopy_byte_st, .Lcopy_byte_fault

	.globl x86_copy_rep
x86_copy_rep:
	movq %rdx, %rcx
	stac
.Lcopy_rep:
	rep movsb
	clac
	xorl %eax, %eax
	ret
	// LAB copy BEGIN: the rep movsb fault tail: finish byte by byte up to the bad byte
	/* On a fault rcx/rsi/rdi describe the iteration that faulted (SDM
	 * Vol.2B REP): finish byte by byte, in case fast-string operation
	 * stopped short of the bad byte. */
.Lcopy_rep_fault:
	movq %rcx, %rdx
	jmp .Lcopy_bytes
	// LAB copy STUB
	// /* Lab stub: report what REP had left (rcx) as not copied. Exact
	//  * only where REP stops at the faulting byte itself (QEMU's TCG); a
	//  * CPU with fast strings may stop a whole cache line short of it. */
	//.Lcopy_rep_fault:
	// movq %rcx, %rdx
	// jmp .Lcopy_byte_fault
	// LAB copy END

	EXTABLE .Lcopy_rep, .Lcopy_rep_fault
	.size arch_copy_from_user, . - arch_copy_from_user

/* ------------------------------------------------------------------- fill */

/* size_t arch_fill_user(void *dst, int c, size_t n) */
	.globl arch_fill_user
	.type arch_fill_user, @function
arch_fill_user:
	cmpb $0, x86_uaccess_fill_rep(%rip)
	jne x86_fill_rep

	.globl x86_fill_words
x86_fill_words:
	movzbl %sil, %eax
	movabsq $0x0101010101010101, %r8
	imulq %r8, %rax                 /* the byte in all 8 lanes */
	movq %rdx, %rcx
	shrq $3, %rcx
	andl $7, %edx
	stac
	testq %rcx, %rcx
	jz .Lfill_bytes
.Lfill_word:
	movq %rax, (%rdi)
	addq $8, %rdi
	decq %rcx
	jnz .Lfill_word
.Lfill_bytes:                           /* rdx bytes of al at rdi, AC=1 */
	testq %rdx, %rdx
	jz .Lfill_done
.Lfill_byte:
	movb %al, (%rdi)
	incq %rdi
	decq %rdx
	jnz .Lfill_byte
.Lfill_done:
	clac
	xorl %eax, %eax
	ret

.Lfill_word_fault:
	leaq (%rdx,%rcx,8), %rdx
	jmp .Lfill_bytes
.Lfill_byte_fault:
	clac
	movq %rdx, %rax
	ret

	EXTABLE .Lfill_word, .Lfill_word_fault
	EXTABLE .Lfill_byte, .Lfill_byte_fault

	.globl x86_fill_rep
x86_fill_rep:
	movl %esi, %eax
	movq %rdx, %rcx
	stac
.Lfill_rep:
	rep stosb
	clac
	xorl %eax, %eax
	ret
.Lfill_rep_fault:
	movq %rcx, %rdx
	jmp .Lfill_bytes

	EXTABLE .Lfill_rep, .Lfill_rep_fault
	.size arch_fill_user, . - arch_fill_user

/* ---------------------------------------------------------- string length */

/* long arch_strnlen_user(const char *s, size_t max): -1 on a fault. */
	.globl arch_strnlen_user
	.type arch_strnlen_user, @function
arch_strnlen_user:
	xorl %eax, %eax
	stac
1:	cmpq %rsi, %rax
	jae 2f                          /* no NUL in the first max bytes */
.Lstrnlen_ld:
	cmpb $0, (%rdi,%rax)
	je 2f
	incq %rax
	jmp 1b
2:	clac
	ret
.Lstrnlen_fault:
	clac
	movq $-1, %rax
	ret
	EXTABLE .Lstrnlen_ld, .Lstrnlen_fault
	.size arch_strnlen_user, . - arch_strnlen_user

/* long arch_wcsnlen_user(const uint16_t *s, size_t max): in 16-bit units. */
	.globl arch_wcsnlen_user
	.type arch_wcsnlen_user, @function
arch_wcsnlen_user:
	xorl %eax, %eax
	stac
1:	cmpq %rsi, %rax
	jae 2f
.Lwcsnlen_ld:
	cmpw $0, (%rdi,%rax,2)
	je 2f
	incq %rax
	jmp 1b
2:	clac
	ret
.Lwcsnlen_fault:
	clac
	movq $-1, %rax
	ret
	EXTABLE .Lwcsnlen_ld, .Lwcsnlen_fault
	.size arch_wcsnlen_user, . - arch_wcsnlen_user

/* ------------------------------------------------------------ interlocked */

/*
 * bool arch_ucmpxchg{32,64}(p, expected, desired, *old)
 * LOCK CMPXCHG compares rax with *p: equal -> stores desired; either way
 * rax ends up holding the old *p (SDM Vol.2A CMPXCHG). *old is kernel
 * memory, written after CLAC.
 */
	.macro UCMPXCHG name, sfx, ax, si, dx
	.globl \name
	.type \name, @function
\name:
	mov \si, \ax
	stac
.L\name\()_insn:
	lock cmpxchg\sfx \dx, (%rdi)
	clac
	mov \ax, (%rcx)
	movl $1, %eax
	ret
.L\name\()_fault:
	clac
	xorl %eax, %eax
	ret
	EXTABLE .L\name\()_insn, .L\name\()_fault
	.size \name, . - \name
	.endm

	UCMPXCHG arch_ucmpxchg32, l, %eax, %esi, %edx
	UCMPXCHG arch_ucmpxchg64, q, %rax, %rsi, %rdx

/*
 * bool arch_u{or,and}{32,64}(p, bits, *old)
 * x86 has LOCK OR/AND but they do not return the old value, so: read,
 * compute, LOCK CMPXCHG, and retry if another CPU changed *p meanwhile
 * (on failure CMPXCHG loaded the current value into rax). Both user
 * accesses have table entries; the retry jump stays inside the window.
 */
	.macro URMW name, op, sfx, ax, cx, si
	.globl \name
	.type \name, @function
\name:
	stac
.L\name\()_ld:
	mov (%rdi), \ax
1:	mov \ax, \cx
	\op \si, \cx
.L\name\()_cas:
	lock cmpxchg\sfx \cx, (%rdi)
	jnz 1b
	clac
	mov \ax, (%rdx)
	movl $1, %eax
	ret
.L\name\()_fault:
	clac
	xorl %eax, %eax
	ret
	EXTABLE .L\name\()_ld, .L\name\()_fault
	EXTABLE .L\name\()_cas, .L\name\()_fault
	.size \name, . - \name
	.endm

	URMW arch_uor32,  orl,  l, %eax, %ecx, %esi
	URMW arch_uor64,  orq,  q, %rax, %rcx, %rsi
	URMW arch_uand32, andl, l, %eax, %ecx, %esi
	URMW arch_uand64, andq, q, %rax, %rcx, %rsi

	.section .note.GNU-stack, "", @progbits
