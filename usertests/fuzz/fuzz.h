/*
 * usertests/fuzz/fuzz.h - /bin/fuzz, a system-call fuzzer (docs/fuzzing.md).
 *
 *   table.c   the system calls, from kernel/uapi/syscall_table.h, and
 *             the ones kept out (with why)
 *   gen.c     arguments by kind: fds, pids, paths, every pointer class
 *             of SPEC section 8, sizes, flags
 *   prog.c    programs: generate, mutate, the corpus, coverage bits
 *   exec.c    the executor: a child that runs a batch of programs on
 *             worker threads and reports through a pipe
 *   oracle.c  what counts as a finding, checked after every batch
 *   repro.c   minimise a finding and print it as a usertests C program
 *   main.c    options, the master loop, TAP and the summary
 */
#ifndef FUZZ_H
#define FUZZ_H

#include "ulib.h"
#include "fuzzrt.h"

#define MAX_CALLS    24          /* per program */
#define MAX_THREADS  3           /* a program's calls are dealt out to 1..3 threads */
#define BATCH        32          /* programs per executor: a fork and the checks are costly */
#define PROG_MS      1000        /* a program is cut short after this */
#define HANG_MS      10000       /* no progress for this long: the hang oracle */

#include "syscalls.h"             /* SYS_kcov_enable, SYS_infoleak, ... */
#include "infoleak.h"             /* IL_COUNT */

/* Argument kinds, exactly the words of syscall_table.h */
enum kind { K_NONE, K_INT, K_UINT, K_LONG, K_SIZE, K_FD, K_PID, K_PTR, K_PATH, K_ARGV,
	    K_BUF_IN, K_BUF_OUT, K_OFLAGS, K_PROT, K_MFLAGS, K_WHENCE };
/* What a call returns, as the table says */
enum ret { R_NORETURN, R_INT, R_FD, R_PID, R_SIZE, R_PTR };

struct scdesc {
	int nr;
	const char *name;
	int nargs;
	unsigned char kind[6];
	unsigned char ret;
	const char *out;         /* not NULL: kept out of the fuzz, and why */
};
extern struct scdesc sctab[];
extern const int nsctab;
const struct scdesc *sc_find(int nr);

/* One argument, kept symbolic so that it can be mutated and printed. */
enum atype {
	A_CONST,                 /* val */
	A_FD, A_PID, A_TID, A_MAP,   /* slot val of fz_fd/fz_pid/fz_tid/fz_map */
	A_PTR,                   /* pointer class cls, offset val */
	A_PATH,                  /* path number val of paths[] */
	A_ARGV,                  /* cls: 0 ok, 1 bad element, 2 unterminated */
};
enum pclass {
	PC_VALID, PC_NULL, PC_M1, PC_NONCANON, PC_TTBR1, PC_TAGGED, PC_KTEXT, PC_KDATA,
	PC_KHEAP, PC_KSTACK, PC_LIMIT, PC_STRADDLE, PC_RO, PC_NONE, PC_HOLE, PC_RACE,
	PC_TEXT, PC_PATHMAX, PC_UNTERM, PC_THREADFN, PC_HANDLER, PC_CALLBACK,
	PC_SIGTRAMP, PC_CBTRAMP, NPCLASS
};
struct arg {
	unsigned char type, cls;
	unsigned long val;
};
struct call {
	int nr;
	struct arg a[6];
};
struct prog {
	int ncalls, nthreads;
	struct call c[MAX_CALLS];
};

/* gen.c */
extern const char *const fz_paths[];
extern const int fz_npaths;
void gen_call(struct call *c);
void gen_arg(struct call *c, int i);
long arg_value(const struct arg *a);           /* resolve in the executor */
int arg_print(char *buf, int n, const struct arg *a);   /* a C expression */
int prog_uses_race(const struct prog *p);

/* prog.c */
unsigned long rnd(void);
unsigned rnd_n(unsigned n);                    /* 0..n-1 */
void rnd_seed(unsigned long seed);
void prog_gen(struct prog *p);
void prog_mutate(struct prog *p);
#define COVER_BITS (1u << 16)
extern unsigned char cover_map[COVER_BITS / 8];
extern unsigned long cover_total;
int cover_add(unsigned idx);                   /* 1 if the bit was new */
extern unsigned long pc_total;                 /* distinct kernel PCs seen (hashed) */
void corpus_init(void);
void corpus_add(const struct prog *p);
int corpus_size(void);
const struct prog *corpus_pick(void);

/* exec.c: run progs[0..n) in a fresh executor child; what came back */
struct result {
	int started, finished;   /* programs */
	unsigned long calls;
	int newbits[BATCH];      /* coverage bits each program found first */
	int status;              /* the executor's wait status */
	int hung;                /* no progress for HANG_MS: killed */
	int kcov;                /* coverage was on */
};
void exec_batch(const struct prog *progs, int n, struct result *res);
extern int fz_verbose;

/* oracle.c */
enum { O_OOPS = 1, O_HANG = 2, O_DEATH = 4, O_LEAK = 8, O_DFETCH = 16, O_ILEAK = 32,
       O_KCHECK = 64 };
extern const char *const oracle_names[];
#define NORACLES 7
void oracle_init(void);
int oracle_check(const struct result *res, char *why, int n);
void oracle_rebase(void);

/* table.c */
void table_init(void);
void table_print(void);

/* repro.c */
void repro_report(const struct prog *progs, int n, int mask, unsigned long seed);
void repro_print(const struct prog *progs, int n, unsigned long seed, const char *why);
int run_and_check(const struct prog *progs, int n, char *why, int whyn);

#endif
