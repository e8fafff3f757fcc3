/*
 * kernel/proc.h - user processes.
 *
 * A process is an address space (struct mm, kernel/mm.h), open files, a
 * current directory and one or more threads. Process 1 is the first
 * program the kernel starts (/bin/sh, or /bin/usertests under test); it
 * is never killed by Ctrl-C. A process whose parent ends is freed by the
 * kernel when it ends itself (nobody can wait for it any more).
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "base/types.h"
#include "sched.h"

#define NOFILE   16          /* open files per process */
#define MAXARG   32          /* exec/spawn arguments */
#define MAXPROC  64
#define MAXTHREAD 16         /* threads per process */
#define USER_THREAD_STACK (64 * 1024)

struct file;
struct inode;
struct mm;

enum proc_state { PROC_ALIVE, PROC_ZOMBIE };

struct proc {
	int pid;
	char name[16];
	enum proc_state state;
	struct proc *parent;
	int exit_status;
	bool killed;                 /* exit at the next return to user mode */
	bool exiting;                /* proc_exit is under way: other threads just die */
	struct mm *mm;
	struct file *ofile[NOFILE];
	struct file *trace_file;     /* traced: where its system calls are logged
	                                (kernel/sys/trace.c); children inherit it */
	struct inode *cwd;
	struct thread *threads[MAXTHREAD];  /* live ones and unjoined zombies */
	struct wait_queue thread_wq; /* thread_join and proc_exit wait here */
	struct wait_queue child_exit;  /* the parent sleeps here in wait() */
	/* Signals (kernel/signal.c): handlers (SIG_DFL, SIG_IGN or a user
	 * address) with their trampolines, the pending set (bit n = signal
	 * n), the signal that killed it (for the console line) and the
	 * alarm_ms deadline on time_ns (0: none). */
	uint64_t sig_handler[32];
	uint64_t sig_restorer[32];
	uint32_t sig_pending;
	int kill_sig;
	uint64_t alarm_at;
	/* The user-mode callback (kernel/callback.c): the function drivers
	 * may ask for and the library's trampoline it returns to; 0: none. */
	uint64_t cb_fn, cb_trampoline;
};

static inline struct proc *current_proc(void)   /* NULL in a kernel thread */
{
	return current_thread()->proc;
}
struct proc *proc_find(int pid);

/* Start the program at path as a new child of parent (NULL: the kernel). */
int  proc_spawn(struct proc *parent, const char *path, char *const kargv[]);
int  proc_fork(void);
long proc_exec(const char *path, char *const kargv[]);
void proc_exit(int status) __noreturn;
struct proc *proc_wait(int pid, long *err);   /* an exited child, to proc_reap */
void proc_reap(struct proc *zombie);        /* free a zombie child (wait) */
void proc_reap_orphan(struct proc *zombie); /* no parent: queue it for proc_reap_orphans */
void proc_reap_orphans(void);
int  proc_kill(int pid);              /* SIGKILL, for the kernel's own callers */
/* kill(pid, sig): the checks of the system call (ESRCH, EPERM for process
 * 1), then signal_send. sig 0 only checks. */
int  proc_signal(int pid, int sig);
/* A fault in user mode: SIGSEGV if the process handles it (returns, the
 * handler runs on the way back to user mode); otherwise kill it with one
 * line on the console naming it, the address and the kind of fault; exit
 * status -1. */
void proc_fault_kill(const char *what, uint64_t addr, uint64_t pc);
bool proc_user_return_pending(void);   /* no lock: anything for proc_user_return? */
void proc_kill_all_but_init(void);  /* Ctrl-C: SIGINT to every process but 1 */
void proc_alarm_tick(uint64_t now);  /* timer tick: SIGALRM for alarms due */
/* The process with the smallest pid above after into *pi; false if none.
 * Sets every field but leaves the bytes of name after its NUL as they
 * were: a caller that copies *pi to user space zeroes it first. */
struct procinfo;
bool proc_info(int after, struct procinfo *pi);

/* Threads of a process (kernel/uthread.c). */
long proc_add_thread(struct proc *p, const struct trapframe *tf, struct thread **out);
/* ... and wait until they have ended; with may_give_up (exec), stop
 * waiting if the caller is killed meanwhile: false then. */
bool kill_other_threads(struct proc *p, bool may_give_up);
void proc_reap_threads(struct proc *p);
long proc_thread_create(uint64_t start, uint64_t fn, uint64_t arg);
long proc_thread_join(int tid);
void proc_thread_exit(void) __noreturn;   /* the last one ends the process */
unsigned proc_count(void);
void proc_init(void);                     /* what a fault means for a process */
/* Oopses since boot (each ended the process it met): sysinfo.oopses. */
unsigned int proc_oops_count(void);
void proc_user_return(struct trapframe *tf);   /* arch_upcalls.user_return */
/* Start process 1; when it exits under test (or with `poweroff`), finish
 * ends the run with its status, else process 1 starts again. */
void proc_start_init(const char *path, void (*finish)(int status) __noreturn);

#endif
