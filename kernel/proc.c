/*
 * kernel/proc.c - creating, ending and reaping processes.
 *
 * Life of a process: proc_spawn (or fork) creates it with a new address
 * space and one thread; the thread runs in user mode and enters the
 * kernel for system calls and interrupts; proc_exit (from exit(), a kill
 * noticed on the way back to user mode, or a fault) frees what it can on
 * its own stack and leaves a zombie; the parent's wait() frees the rest.
 */
#include "proc.h"
#include "bkl.h"
#include "mm.h"
#include "attach.h"
#include "elf.h"
#include "kcov.h"
#include "arch/arch.h"
#include "kmalloc.h"
#include "base/string.h"
#include "base/printk.h"
#include "base/cmdline.h"
#include "uapi/errno.h"
#include "fs/fs.h"
#include "arch/trap.h"
#include "vm.h"
#include "uapi/procinfo.h"
#include "signal.h"
#include "callback.h"
#include "timer.h"

static struct proc *procs[MAXPROC];
static struct proc *init_proc;
/* Pid 1 is kept for process 1, whatever the self-tests spawned before it
 * (kmain's first process; a restarted shell gets a new number). */
static int next_pid = 2;
static bool starting_init, init_pid_taken;
static char init_path[64];
/* What ends the run when process 1 exits under test (kmain's). */
static void (*init_finish)(int status) __noreturn;

unsigned proc_count(void)
{
	unsigned n = 0;
	for (int i = 0; i < MAXPROC; i++)
		n += procs[i] != NULL;
	return n;
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < MAXPROC; i++)
		if (procs[i] && procs[i]->pid == pid)
			return procs[i];
	return NULL;
}

/* A new, empty process in the table, child of parent; NULL with *err
 * -EAGAIN (MAXPROC processes: the limit) or -ENOMEM. */
static struct proc *proc_alloc(const char *name, struct proc *parent, long *err)
{
	proc_reap_orphans();   /* their slots may be all that is free */
	*err = -EAGAIN;
	for (int i = 0; i < MAXPROC; i++)
		if (!procs[i]) {
			struct proc *p = kzalloc(sizeof(*p));
			*err = -ENOMEM;
			if (!p)
				return NULL;
			p->pid = starting_init && !init_pid_taken ? 1 : next_pid++;
			init_pid_taken |= p->pid == 1;
			p->parent = parent;
			const char *base = strrchr(name, '/');
			strlcpy(p->name, base ? base + 1 : name, sizeof(p->name));
			procs[i] = p;
			return p;
		}
	return NULL;
}

/* Remove a process that never ran or has been reaped. */
static void proc_free(struct proc *p)
{
	for (int i = 0; i < MAXPROC; i++)
		if (procs[i] == p)
			procs[i] = NULL;
	if (p->mm)
		mm_put(p->mm);
	kfree(p);
}

/* Give p its first thread, starting in user mode from tf. */
static long proc_start(struct proc *p, const struct trapframe *tf)
{
	return proc_add_thread(p, tf, NULL);
}

int proc_spawn(struct proc *parent, const char *path, char *const kargv[])
{
	struct trapframe tf;
	long err;
	struct proc *p = proc_alloc(path, parent, &err);

	if (!p)
		return err;
	err = exec_image(path, kargv, &p->mm, &tf);
	if (!err) {
		if (parent)
			files_fork(p, parent);
		else
			fd_init_console(p);
		p->cwd = inode_get(parent ? parent->cwd : fs_root());
		err = proc_start(p, &tf);
		if (err) {
			files_close_all(p);
			inode_put(p->cwd);
		}
	}
	if (err) {
		proc_free(p);
		return err;
	}
	return p->pid;
}

int proc_fork(void)
{
	struct proc *parent = current_proc(), *child;
	struct trapframe tf = *current_thread()->utf;
	long err;
	struct thread *t;

	if (!(child = proc_alloc(parent->name, parent, &err)))
		return err;
	if (!(child->mm = mm_clone(parent->mm))) {
		proc_free(child);
		return -ENOMEM;
	}
	files_fork(child, parent);
	child->cwd = inode_get(parent->cwd);
	arch_tf_set_return(&tf, 0);            /* fork() returns 0 in the child */
	if ((err = proc_add_thread(child, &tf, &t))) {
		files_close_all(child);
		inode_put(child->cwd);
		proc_free(child);
		return err;
	}
	/* FP/SIMD registers and thread pointer too. The child cannot run
	 * before this: the kernel is not preemptive. */
	arch_user_state_fork(&t->ctx);
	signal_fork(child, parent);             /* handlers, not what is pending */
	callback_fork(child, parent);           /* the registration, not a pending one */
	t->sig_blocked = current_thread()->sig_blocked;
	return child->pid;
}

/* Replace the current program. On success the thread returns to user mode
 * at the new program's entry; the return value is argc (in x0/rax). */
long proc_exec(const char *path, char *const kargv[])
{
	struct proc *p = current_proc();
	struct thread *t = current_thread();
	struct mm *mm, *old = p->mm;
	struct trapframe tf;
	long err = exec_image(path, kargv, &mm, &tf);

	if (err)
		return err;
	/* the new program starts with one thread; if a sibling is ending the
	 * process meanwhile, it is no longer ours to replace */
	if (!kill_other_threads(p, true)) {
		mm_put(mm);
		return -EINTR;
	}
	for (int i = 0; i < MAXTHREAD; i++)
		if (p->threads[i] && p->threads[i] != t) {
			struct thread *gone = p->threads[i];
			/* out of the table first: an interrupt may send this
			 * process a signal (SIGALRM, Ctrl-C) and walk it */
			p->threads[i] = NULL;
			thread_free(gone);
		}
	p->mm = mm;
	mm_activate(mm);
	mm_put(old);
	*t->utf = tf;
	arch_user_state_reset();      /* FP/SIMD and thread pointer: a new program's */
	kcov_detach(t);               /* coverage too: its buffer was in the old program */
	signal_exec(p);               /* its handlers are gone with the old program */
	callback_exec(p);             /* and its callback */
	const char *base = strrchr(path, '/');
	strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
	strlcpy(t->name, p->name, sizeof(t->name));
	long argc = 0;
	while (kargv && kargv[argc])
		argc++;
	return argc;
}

/* What happens when process 1 ends: under test the machine powers off
 * with its verdict, otherwise a new shell starts. */
static void init_exited(int status)
{
	kprintf("init: %s exited with status %d\n", init_path, status);
	if (cmdline_has("poweroff") || cmdline_value("ktest", NULL, 0))
		init_finish(status);
	kprintf("init: starting %s again\n", init_path);
	proc_start_init(init_path, init_finish);
}

void proc_exit(int status)
{
	struct proc *p = current_proc();

	proc_detach_if_attached();            /* killed inside an attached section */
	if (p->exiting)                       /* a sibling is already ending it */
		proc_thread_exit();
	p->exiting = true;
	kill_other_threads(p, false);
	files_close_all(p);
	inode_put(p->cwd);
	p->cwd = NULL;
	vm_activate_user(0);                  /* off the page tables we free now */
	mm_put(p->mm);
	p->mm = NULL;
	/* Orphans are the kernel's: nobody will wait for them (process 1,
	 * a shell, waits only for its own commands), so each is freed when it
	 * ends, or now if it has ended. Otherwise a fork bomb's processes would
	 * keep the table full after it is over. */
	for (int i = 0; i < MAXPROC; i++)
		if (procs[i] && procs[i]->parent == p) {
			procs[i]->parent = NULL;
			if (procs[i]->state == PROC_ZOMBIE)
				proc_reap_orphan(procs[i]);
		}
	p->exit_status = status;
	p->alarm_at = 0;
	p->state = PROC_ZOMBIE;
	if (p == init_proc) {
		init_proc = NULL;
		init_exited(status);
	}
	if (p->parent) {
		signal_send(p->parent, SIGCHLD);  /* ignored unless it has a handler */
		wake_up(&p->parent->child_exit);
	}
	else
		proc_reap_orphan(p);
	thread_exit();
}

/* Free a zombie: its threads' stacks and the process. */
void proc_reap(struct proc *p)
{
	proc_reap_threads(p);
	proc_free(p);
}

static bool proc_has_thread(const struct proc *p, const struct thread *t)
{
	for (int i = 0; i < MAXTHREAD; i++)
		if (p->threads[i] == t)
			return true;
	return false;
}

/* Zombies without a parent are freed by the idle thread's next pass. */
static struct proc *orphan_zombies[MAXPROC];

void proc_reap_orphan(struct proc *p)
{
	for (int i = 0; i < MAXPROC; i++)
		if (!orphan_zombies[i]) {
			orphan_zombies[i] = p;
			return;
		}
}

void proc_reap_orphans(void)
{
	for (int i = 0; i < MAXPROC; i++)
		if (orphan_zombies[i] && !proc_has_thread(orphan_zombies[i], current_thread())) {
			proc_reap(orphan_zombies[i]);
			orphan_zombies[i] = NULL;
		}
}

/*
 * Wait for a child (pid > 0: that child) to exit and return it, a zombie
 * holding its exit status, still to be freed with proc_reap(); NULL with
 * *err = -ECHILD (no such child) or -EINTR (we are being killed).
 * Freeing is left to the caller so that sys_wait can deliver the status
 * first: a bad status pointer then costs nothing (the child can still be
 * waited for). Nothing can take the zombie in between: the kernel is not
 * preemptive and delivering the status does not sleep (kernel/sched.h).
 */
struct proc *proc_wait(int pid, long *err)
{
	struct proc *me = current_proc();

	for (;;) {
		bool have_child = false;
		uint64_t f = arch_irq_save();
		for (int i = 0; i < MAXPROC; i++) {
			struct proc *c = procs[i];
			if (!c || c->parent != me || (pid > 0 && c->pid != pid))
				continue;
			have_child = true;
			if (c->state != PROC_ZOMBIE)
				continue;
			arch_irq_restore(f);
			return c;
		}
		if (!have_child || current_interrupted()) {
			arch_irq_restore(f);
			*err = have_child ? -EINTR : -ECHILD;
			return NULL;
		}
		sleep_on(&me->child_exit);
		arch_irq_restore(f);
	}
}

int proc_signal(int pid, int sig)
{
	struct proc *p;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	p = proc_find(pid);
	if (!p || p->state == PROC_ZOMBIE)
		return -ESRCH;
	/* Process 1 is the system's: no other process may signal it (it would
	 * power the machine off under test). The kernel itself still can. */
	if (p == init_proc && current_proc() && current_proc() != p)
		return -EPERM;
	if (sig)                              /* 0: only the checks above */
		signal_send(p, sig);
	return 0;
}

int proc_kill(int pid)
{
	return proc_signal(pid, SIGKILL);
}

bool proc_info(int after, struct procinfo *pi)
{
	struct proc *best = NULL;
	uint64_t f = arch_irq_save();

	for (int i = 0; i < MAXPROC; i++)
		if (procs[i] && procs[i]->pid > after && (!best || procs[i]->pid < best->pid))
			best = procs[i];
	if (best) {
		pi->pid = best->pid;
		pi->ppid = best->parent ? best->parent->pid : 0;
		pi->state = best->state == PROC_ZOMBIE ? PI_ZOMBIE : PI_RUNNING;
		pi->nthreads = 0;
		for (int i = 0; i < MAXTHREAD; i++)
			pi->nthreads += best->threads[i] && best->threads[i]->state != THREAD_ZOMBIE;
		pi->mapped_bytes = best->mm ? best->mm->mapped : 0;
		strlcpy(pi->name, best->name, sizeof(pi->name));
	}
	arch_irq_restore(f);
	return best != NULL;
}

void proc_kill_all_but_init(void)
{
	for (int i = 0; i < MAXPROC; i++)
		if (procs[i] && procs[i] != init_proc && procs[i]->state == PROC_ALIVE)
			signal_send(procs[i], SIGINT);
}

/* From the timer tick: SIGALRM to each process whose alarm_ms is due. The
 * clock is read only when some alarm is armed. */
void proc_alarm_tick(uint64_t now)
{
	for (int i = 0; i < MAXPROC; i++) {
		struct proc *p = procs[i];
		if (!p || !p->alarm_at || p->state != PROC_ALIVE)
			continue;
		if (!now)
			now = time_ns();
		if (p->alarm_at <= now) {
			p->alarm_at = 0;
			signal_send(p, SIGALRM);
		}
	}
}

static bool describe_current(char *buf, size_t size)
{
	struct proc *p = current_proc();

	if (p)
		ksnprintf(buf, size, "pid %d (%s)", p->pid, p->name);
	return p != NULL;
}

/* A kernel bug met while serving the process ends it (arch/trap.c). The
 * code that oopsed never resumes, so its __try frames are dead: a raise
 * on the way out must not jump into them (after a stack overflow they
 * are on a stack that has been left for good). */
static unsigned int oopses;       /* sysinfo's count: a fuzzer's oracle */

unsigned int proc_oops_count(void)
{
	return oopses;
}

static void __noreturn oops_exit(void)
{
	if (!bkl_held())              /* an oops outside the kernel proper */
		bkl_enter();
	oopses++;                     /* under the BKL: one writer at a time */
	current_thread()->uma.seh_top = NULL;
	proc_exit(-1);
}

/* Has proc_user_return anything to do? Read without the big kernel lock:
 * a flag another CPU sets just after this look is seen at the next way
 * through the kernel (the setter kicks this CPU: thread_kick). */
bool proc_user_return_pending(void)
{
	struct thread *t = current_thread();

	return t->attached || t->killed || sched_need_resched() ||
	       (t->proc && (t->proc->killed || signal_pending_for(t)));
}

/* The arch calls this (arch_upcalls.user_return) just before returning to
 * user mode, interrupts masked: end the thread or the process if it was
 * killed, deliver the signals this thread takes (kernel/signal.c: tf may
 * now enter a handler), and switch threads if the tick asked. */
void proc_user_return(struct trapframe *tf)
{
	struct thread *t = current_thread();

	if (t->attached)
		panic("ATTACHED_RETURN_TO_USER: %s (tid %d) returns to user mode attached to pid %d "
		      "(kernel/attach.h)", t->name, t->tid, t->attached_pid);
	for (;;) {
		if (t->killed) {               /* a sibling thread ends the process */
			arch_irq_enable();
			proc_thread_exit();
		}
		if (t->proc && t->proc->killed) {
			if (t->proc->kill_sig && !t->proc->exiting)
				kprintf("pid %d (%s): killed by %s\n", t->proc->pid, t->proc->name,
					signal_name(t->proc->kill_sig));
			arch_irq_enable();
			proc_exit(-1);
		}
		if (t->proc)
			signal_deliver(tf);    /* may end the process, or enter a handler */
		if (!sched_need_resched())
			return;
		yield();
	}
}

/* A fault in user mode enters the kernel here (arch/trap.c): under the
 * big kernel lock, like every way in (kernel/bkl.h). */
static void user_fault(const char *what, uint64_t addr, uint64_t pc)
{
	bkl_enter();
	proc_fault_kill(what, addr, pc);
	bkl_exit();
}

/* What a fault means for the process that met it (arch/trap.h), and
 * who frees zombies nobody waits for. */
void proc_init(void)
{
	sched_set_idle_work(proc_reap_orphans);
	trap_set_task_ops(&(const struct trap_task_ops){
		.describe = describe_current, .user_fault = user_fault, .oops_exit = oops_exit,
	});
}

void proc_fault_kill(const char *what, uint64_t addr, uint64_t pc)
{
	struct proc *p = current_proc();

	if (signal_fault(SIGSEGV))        /* its handler runs instead */
		return;

	kprintf("pid %d (%s): killed: %s at address %p (pc %p)\n", p->pid, p->name, what,
		(void *)addr, (void *)pc);
	arch_irq_enable();
	proc_exit(-1);
}

void proc_start_init(const char *path, void (*finish)(int status) __noreturn)
{
	char *argv[MAXARG + 1] = { (char *)path };   /* NULL-terminated */
	int pid;

	cmdline_init_args(argv + 1, MAXARG - 1);   /* "init=/bin/usertests -- -r 5" */
	strlcpy(init_path, path, sizeof(init_path));
	init_finish = finish;
	starting_init = true;
	pid = proc_spawn(NULL, path, argv);
	starting_init = false;
	if (pid < 0)
		panic("init: cannot start %s (error %d)", path, pid);
	init_proc = proc_find(pid);
}
