/*
 * usertests/lib/fuzzrt.h - what /bin/fuzz (usertests/fuzz/) and the
 * reproducers it prints (usertests/tests/t_fuzz_*.c) share: the pages the
 * pointer classes of SPEC section 8 point into, the resource slots that
 * carry fds, pids, thread ids and mappings from one call to the next, and
 * the scratch directory. A reproducer is then only its calls, written with
 * the expressions below (FZ.straddle + FZ.ps - 3), never raw addresses.
 * docs/fuzzing.md explains the whole fuzzer.
 */
#ifndef FUZZRT_H
#define FUZZRT_H

#include "ulib.h"

#define FZ_DIR      "/tmp/fuzz"   /* every name a program makes is under it */
#define FZ_VALID_PAGES 4
#define FZ_SLOTS    8             /* fds, pids, tids, mappings: each a ring of 8 */

struct fz_arena {
	struct sysinfo si;           /* kernel text, data, heap, stack addresses */
	unsigned long ps;            /* page size */
	unsigned char *valid;        /* FZ_VALID_PAGES read-write pages of data */
	unsigned char *straddle;     /* a read-write page; the next one is unmapped */
	unsigned char *ro;           /* a read-only page */
	unsigned char *none;         /* a PROT_NONE page */
	unsigned char *hole;         /* an unmapped page between two mapped ones */
	unsigned char *race;         /* unmapped and mapped again by a racer thread */
	unsigned char *pathmax;      /* PATH_MAX bytes, no NUL, ending at a hole */
	unsigned char *unterm;       /* 16 bytes, no NUL, ending at a hole */
	char **argv_ok;              /* {"echo", "fuzz", NULL} */
	char **argv_bad;             /* {"echo", <unmapped>, NULL} */
	char **argv_unterm;          /* pointers up to the end of a mapping, no NULL */
	unsigned long noncanon;      /* the first address no user walk reaches */
};
extern struct fz_arena FZ;

/* Resource slots: each call that makes an fd, a child, a thread or a
 * mapping keeps it in the next slot of its ring (fz_keep). */
extern long fz_fd[FZ_SLOTS], fz_pid[FZ_SLOTS], fz_tid[FZ_SLOTS], fz_map[FZ_SLOTS];

void fz_arena_init(void);        /* map the pages above (once) */
void fz_fill(unsigned seed);     /* FZ.valid: known bytes, never FZ_POISON */
void fz_slots_reset(void);
/* After system call nr (with its arguments) returned r: keep what it made.
 * fork's child ends here at once (status 0). */
long fz_keep(long nr, long r, const long *args);
/* One system call with its arguments resolved: __syscall, then fz_keep. */
long fz_call(long nr, const long *a);
/* The end of a program: close its fds (but `keep`), unmap its mappings,
 * kill and wait for its children, empty the slots. The next one starts afresh. */
void fz_prog_end(int keep);
/* Remove FZ_DIR and everything under it (depth-first; unlink takes empty
 * dirs), whatever a program made of it. */
void fz_scratch_clean(void);

/* Harmless targets the fuzzer may hand to the kernel as code pointers. */
void fz_thread_start(void *fn, void *arg);       /* ends its thread at once */
void fz_handler(int sig);                        /* does nothing */
long fz_callback(long arg, void *frame);         /* returns arg */
extern char __sigreturn_trampoline[], __callback_trampoline[];

/* The racer: a thread that unmaps and maps FZ.race again and again. */
void fz_racer_start(void);
void fz_racer_stop(void);

/* The byte the info-leak detector fills kernel memory with. No byte the
 * fuzzer writes may be it, or the detector would report our own data
 * coming back. */
#include "infoleak.h"
#define FZ_POISON INFOLEAK_POISON

#endif
