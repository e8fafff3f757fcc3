/*
 * kernel/uapi/procinfo.h - one process, as procinfo() reports it (for ps).
 * Laid out with no padding: every byte the kernel copies out is a field
 * it set.
 */
#ifndef UAPI_PROCINFO_H
#define UAPI_PROCINFO_H

struct procinfo {
	int pid;
	int ppid;                    /* 0: no parent (process 1, an orphan) */
	int state;                   /* PI_RUNNING or PI_ZOMBIE */
	int nthreads;                /* live threads */
	unsigned long mapped_bytes;  /* its areas: program, heap, stacks, mmap */
	char name[16];
};

#define PI_RUNNING 0
#define PI_ZOMBIE  1

#endif
