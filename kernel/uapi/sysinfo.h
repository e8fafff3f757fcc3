/*
 * kernel/uapi/sysinfo.h - what sysinfo() tells a program about the machine.
 * The kernel_* addresses exist so malicious-pointer tests (SPEC section 8)
 * can aim at real kernel text, data, heap and stack.
 */
#ifndef UAPI_SYSINFO_H
#define UAPI_SYSINFO_H

struct sysinfo {
	char arch[16];                   /* "x86_64" or "aarch64" */
	unsigned long page_size;
	unsigned long user_va_limit;     /* first address above user space */
	unsigned long kernel_base;       /* where the kernel image is linked */
	unsigned long kernel_text_start, kernel_text_end;
	unsigned long kernel_data;       /* a kernel .data object */
	unsigned long kernel_heap;       /* a kmalloc'd object */
	unsigned long kernel_stack;      /* an address on the caller's kernel stack */
	unsigned long uptime_ms;
	unsigned long total_pages, free_pages;
	unsigned long heap_bytes;        /* kmalloc bytes in use: a leak check */
	unsigned int  nprocs;
	unsigned int  protection;        /* bit 0: SMAP/PAN on, bit 1: SMEP/PXN on */
	unsigned int  ncpus;
	/* Limits: one program cannot take the machine (docs/syscalls.md) */
	unsigned int  max_procs;         /* processes in all: fork/spawn beyond it is EAGAIN */
	unsigned int  max_threads_per_proc;   /* thread_create beyond it is EAGAIN */
	unsigned long max_map_bytes_per_proc; /* mmap/sbrk/exec/thread stacks beyond it: ENOMEM */
	unsigned int  oopses;            /* kernel oopses since boot (each ended a process): /bin/fuzz's oracle */
	/* Pages the kernel heap holds (in free_pages' complement). A leak
	 * check compares free_pages + heap_pages, and heap_bytes: a slab page
	 * the heap keeps because surviving objects sit on a newer page than
	 * before is not a leak, and a leaked object shows in heap_bytes. */
	unsigned long heap_pages;
};

#endif
