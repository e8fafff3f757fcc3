/*
 * t_entryregs - every register a new program or thread sees is defined:
 * zero, except what the ABI passes (argc and argv, or the thread's two
 * arguments, and the stack pointer) and the FP control words' defaults.
 * Nothing may come from the firmware, the loader, the parent or the
 * program that ran before.
 *
 * This program has its own _start (below; the library's crt0 is then not
 * linked in): before anything else it records every register into
 * `entry`, then goes on as crt0 does. A thread started through
 * thread_entry records the same way into `tentry`.
 *
 * Run by usertests, it checks its own start (after fork + exec), then
 * fills its registers with junk and starts copies of itself with the
 * argument "check" by exec and by spawn, and a thread; each checks what
 * it found.
 *
 * x86-64 note: exec's result, argc, is in rax as any system call's result
 * is (arch_tf_set_return), so rax == argc after exec and 0 after spawn.
 */
#include "testlib.h"
#include "cpuregs.h"

#ifdef __x86_64__
struct regs {
	uint64_t gpr[16];        /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
	uint64_t rflags;
	uint16_t ds, es, fs, gs;
	unsigned char fx[512] __attribute__((aligned(16)));   /* FXSAVE image */
};
#define RECORD(sym)                                                       \
	"movq %rax, " sym "+0(%rip)\n movq %rbx, " sym "+8(%rip)\n"       \
	"movq %rcx, " sym "+16(%rip)\n movq %rdx, " sym "+24(%rip)\n"     \
	"movq %rsi, " sym "+32(%rip)\n movq %rdi, " sym "+40(%rip)\n"     \
	"movq %rbp, " sym "+48(%rip)\n movq %rsp, " sym "+56(%rip)\n"     \
	"movq %r8, " sym "+64(%rip)\n movq %r9, " sym "+72(%rip)\n"       \
	"movq %r10, " sym "+80(%rip)\n movq %r11, " sym "+88(%rip)\n"     \
	"movq %r12, " sym "+96(%rip)\n movq %r13, " sym "+104(%rip)\n"    \
	"movq %r14, " sym "+112(%rip)\n movq %r15, " sym "+120(%rip)\n"   \
	"pushfq\n popq " sym "+128(%rip)\n"                               \
	"movw %ds, " sym "+136(%rip)\n movw %es, " sym "+138(%rip)\n"     \
	"movw %fs, " sym "+140(%rip)\n movw %gs, " sym "+142(%rip)\n"     \
	"fxsave64 " sym "+144(%rip)\n"
__asm__(".section .text.entry, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	RECORD("entry")
	"xorl %ebp, %ebp\n andq $-16, %rsp\n call main\n"
	"movl %eax, %edi\n call exit\n ud2\n"
	".text\n"
	"thread_entry:\n"
	RECORD("tentry")
	"andq $-16, %rsp\n call thread_main\n ud2\n");
#else
struct regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t nzcv;
	uint64_t fpcr, fpsr;
	uint64_t tpidr, tpidrro;
	uint64_t pad;
	unsigned char v[512] __attribute__((aligned(16)));    /* V0-V31 */
};
#define STQ(a, b, off) "stp q" #a ", q" #b ", [x2, #" #off "]\n"
#define RECORD(sym)                                                       \
	"stp x0, x1, [sp, #-16]!\n"                                       \
	"adrp x0, " sym "\n add x0, x0, :lo12:" sym "\n"                  \
	"stp x2, x3, [x0, #16]\n stp x4, x5, [x0, #32]\n"                 \
	"stp x6, x7, [x0, #48]\n stp x8, x9, [x0, #64]\n"                 \
	"stp x10, x11, [x0, #80]\n stp x12, x13, [x0, #96]\n"             \
	"stp x14, x15, [x0, #112]\n stp x16, x17, [x0, #128]\n"           \
	"stp x18, x19, [x0, #144]\n stp x20, x21, [x0, #160]\n"           \
	"stp x22, x23, [x0, #176]\n stp x24, x25, [x0, #192]\n"           \
	"stp x26, x27, [x0, #208]\n stp x28, x29, [x0, #224]\n"           \
	"str x30, [x0, #240]\n"                                           \
	"ldp x2, x3, [sp], #16\n stp x2, x3, [x0, #0]\n"                  \
	"mov x2, sp\n mrs x3, nzcv\n stp x2, x3, [x0, #248]\n"            \
	"mrs x2, fpcr\n mrs x3, fpsr\n stp x2, x3, [x0, #264]\n"          \
	"mrs x2, tpidr_el0\n mrs x3, tpidrro_el0\n stp x2, x3, [x0, #280]\n" \
	"add x2, x0, #304\n"                                              \
	STQ(0, 1, 0) STQ(2, 3, 32) STQ(4, 5, 64) STQ(6, 7, 96)            \
	STQ(8, 9, 128) STQ(10, 11, 160) STQ(12, 13, 192) STQ(14, 15, 224) \
	STQ(16, 17, 256) STQ(18, 19, 288) STQ(20, 21, 320) STQ(22, 23, 352) \
	STQ(24, 25, 384) STQ(26, 27, 416) STQ(28, 29, 448) STQ(30, 31, 480) \
	"ldp x2, x3, [x0, #16]\n ldp x0, x1, [x0, #0]\n"
__asm__(".section .text.entry, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	RECORD("entry")
	"mov x29, #0\n mov x30, #0\n bl main\n bl exit\n 1: b 1b\n"
	".text\n"
	"thread_entry:\n"
	RECORD("tentry")
	"mov x29, #0\n mov x30, #0\n bl thread_main\n 2: b 2b\n");
#endif

struct regs entry, tentry;

/* ---- what a clean start looks like -------------------------------------- */

static int all_zero(const unsigned char *p, int n)
{
	for (int i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/*
 * r: the record; a0, a1: the two ABI arguments; sp_max: the stack pointer
 * must be below it and non-zero; ret: x86-64 rax (see the top), RAX_EITHER
 * when this program cannot know how it was started. Prints
 * what is wrong; returns 1 if all is as the ABI says.
 */
#define RAX_EITHER (~0ull)    /* 0 (spawn) or a0 = argc (exec) */

static int clean(const struct regs *r, uint64_t a0, uint64_t a1, uint64_t sp_max, uint64_t ret)
{
	int ok = 1;
#ifdef __x86_64__
	static const char *name[16] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
					"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
	for (int i = 0; i < 16; i++) {
		uint64_t want = i == 0 ? ret : i == 4 ? a1 : i == 5 ? a0 : 0;
		if (i == 0 && ret == RAX_EITHER)
			want = r->gpr[0] == a0 ? a0 : 0;
		if (i != 7 && r->gpr[i] != want) {
			printf("# %s = 0x%lx, want 0x%lx\n", name[i], r->gpr[i], want);
			ok = 0;
		}
	}
	uint64_t sp = r->gpr[7];
	if (r->rflags != 0x202) {             /* IF and the always-one bit 1 */
		printf("# rflags = 0x%lx, want 0x202\n", r->rflags);
		ok = 0;
	}
	if (r->ds | r->es | r->fs | r->gs) {
		printf("# selectors ds %x es %x fs %x gs %x, want 0\n", r->ds, r->es, r->fs, r->gs);
		ok = 0;
	}
	/* FXSAVE image (SDM Vol.1 Table 10-2): FCW 0x37f, FSW 0, FTW 0 (all
	 * empty), FOP/FIP/FDP 0, MXCSR 0x1f80; bytes 28-31 (MXCSR_MASK) are
	 * the CPU's; ST0-7 and XMM0-15 (32-415) zero. */
	uint16_t fcw;
	uint32_t mxcsr;
	memcpy(&fcw, r->fx, 2);
	memcpy(&mxcsr, r->fx + 24, 4);
	if (fcw != 0x37f || mxcsr != 0x1f80 || !all_zero(r->fx + 2, 22) ||
	    !all_zero(r->fx + 32, 416 - 32)) {
		printf("# FP/SSE: fcw 0x%x mxcsr 0x%x, x87 and xmm registers %s\n", fcw, mxcsr,
		       all_zero(r->fx + 32, 416 - 32) ? "zero" : "NOT zero");
		ok = 0;
	}
#else
	(void)ret;
	for (int i = 0; i < 31; i++) {
		uint64_t want = i == 0 ? a0 : i == 1 ? a1 : 0;
		if (r->x[i] != want) {
			printf("# x%d = 0x%lx, want 0x%lx\n", i, r->x[i], want);
			ok = 0;
		}
	}
	uint64_t sp = r->sp;
	if (r->nzcv || r->fpcr || r->fpsr || r->tpidr || r->tpidrro) {
		printf("# nzcv 0x%lx fpcr 0x%lx fpsr 0x%lx tpidr_el0 0x%lx tpidrro_el0 0x%lx, want 0\n",
		       r->nzcv, r->fpcr, r->fpsr, r->tpidr, r->tpidrro);
		ok = 0;
	}
	if (!all_zero(r->v, sizeof(r->v))) {
		printf("# V0-V31 not zero\n");
		ok = 0;
	}
#endif
	if (sp == 0 || sp >= sp_max) {
		printf("# stack pointer 0x%lx, want non-zero below 0x%lx\n", sp, sp_max);
		ok = 0;
	}
	return ok;
}

/* ---- junk in every register we can reach -------------------------------- */

static unsigned char junk[VREGS_BYTES];

static void dirty(void)
{
	for (int i = 0; i < VREGS_BYTES; i++)
		junk[i] = (unsigned char)(0xa5 ^ i);
	fpctl_set(FPCTL_ROUND_UP);
	tp_raw_set(tp_raw_sample(0));
	tls_set(junk);
	vregs_hold(junk, junk + 0, 1);   /* leaves junk in every vector register */
}

/* ---- a thread -------------------------------------------------------- */

static volatile int thread_done;

void thread_main(void *fn, void *arg);   /* called from thread_entry */

void thread_main(void *fn, void *arg)
{
	thread_done = 1;
	thread_exit();
}

static void test_thread(void)
{
	static int arg;
	void *fn = (void *)0x1234;       /* only passed along, never called */
	extern char thread_entry[];

	dirty();
	long tid = __syscall(SYS_thread_create, (long)thread_entry, (long)fn, (long)&arg, 0, 0, 0);
	if (tid > 0)
		thread_join((int)tid);
	t_ok(tid > 0 && thread_done, "a thread started at an assembly entry ran");
	/* its stack: below the top thread_create gave it, which is at most
	 * the top of user space */
	t_sysinfo();
	t_ok(clean(&tentry, (uint64_t)fn, (uint64_t)&arg, t_si.user_va_limit, 0),
	     "a new thread: every register zero but its two arguments and the stack pointer; "
	     "FP control at the defaults, thread pointer 0");
}

/* ---- new programs ------------------------------------------------------ */

static int start_copy(int by_exec)
{
	char *argv[] = { "t_entryregs", by_exec ? "check-exec" : "check-spawn", NULL };
	int pid, status = -2;

	if (by_exec) {
		pid = fork();
		if (pid == 0) {
			dirty();
			exec("/tests/t_entryregs", argv);
			exit(3);
		}
	} else {
		dirty();
		pid = spawn("/tests/t_entryregs", argv);
	}
	if (pid < 0 || waitpid(pid, &status) != pid)
		status = -2;
	fpctl_set(FPCTL_DEFAULT);
	tp_raw_set(0);
	tls_set(NULL);
	return status;
}

int main(int argc, char **argv)
{
	/* argv sits on the stack above the stack pointer at entry */
	int by_exec = argc > 1 && strcmp(argv[1], "check-exec") == 0;
	if (argc > 1)
		return clean(&entry, (uint64_t)argc, (uint64_t)argv, (uint64_t)argv,
			     by_exec ? (uint64_t)argc : 0) ? 0 : 1;

	struct t_kstate before;
	t_kstate(&before);
	/* run by usertests (fork + exec), or as process 1 (booted with
	 * init=/tests/t_entryregs: made by the kernel) */
	t_ok(clean(&entry, (uint64_t)argc, (uint64_t)argv, (uint64_t)argv, RAX_EITHER),
	     "this program: every register zero but argc, argv "
	     "and the stack pointer; FP control at the defaults, thread pointer 0");
	t_ok(start_copy(1) == 0, "the same after exec from a process with junk in its vector "
	     "registers, FP control and thread-pointer registers");
	t_ok(start_copy(0) == 0, "the same in a program spawned by such a process");
	test_thread();
	t_kernel_healthy(&before, "after the entry-register tests");
	return t_done();
}
