/*
 * kernel/fs/pipe.h - pipes: a ring buffer between a read end and a write end.
 */
#ifndef KERNEL_FS_PIPE_H
#define KERNEL_FS_PIPE_H

#include "base/types.h"
#include "sched.h"

#define PIPE_SIZE 1024
/* A write of at most PIPE_BUF bytes is atomic (POSIX write(): "Write
 * requests of {PIPE_BUF} bytes or less shall not be interleaved with data
 * from other processes"): two processes writing lines to one pipe, as a
 * traced parent and child do, never mix them. 512 is POSIX's minimum. */
#define PIPE_BUF  512

struct pipe {
	char buf[PIPE_SIZE];
	size_t head;                   /* index of the oldest byte */
	size_t count;                  /* bytes in the buffer */
	unsigned readers, writers;     /* open ends */
	struct wait_queue readq, writeq;
};

struct pipe *pipe_alloc(void);     /* one reader, one writer; NULL if out of memory */
/* Sleep while empty and a writer exists; then up to n bytes, 0 when no
 * writer is left, -EINTR if the process is killed while waiting. */
long pipe_read(struct pipe *p, void *buf, size_t n);
/* Sleep while full (for n <= PIPE_BUF: until all n fit at once); all n
 * bytes, or fewer (-EPIPE if none) when the last reader goes away, -EINTR
 * if interrupted before anything was written. */
long pipe_write(struct pipe *p, const void *buf, size_t n);
void pipe_close(struct pipe *p, bool writer);

/* The ring itself, never sleeping: bytes moved (for the tests too). */
size_t pipe_put(struct pipe *p, const char *buf, size_t n);
size_t pipe_get(struct pipe *p, char *buf, size_t n);

#endif
