/*
 * kernel/fs/pipe.c - pipes.
 *
 * The bytes live in a ring of PIPE_SIZE: head is the oldest byte, count
 * how many there are, so "empty" and "full" need no wasted slot. A reader
 * sleeps on readq while the ring is empty, a writer on writeq while it is
 * full; each wakes the other after moving bytes.
 *
 * The sleep loops mask interrupts (kernel/sched.h): Ctrl-C kills processes
 * from the UART interrupt and wakes them, and that wake-up must not fall
 * between our check of `killed` and sleep_on().
 */
#include "fs/pipe.h"
#include "proc.h"
#include "kmalloc.h"
#include "base/string.h"
#include "uapi/errno.h"
#include "sched.h"
#include <asm/cpu.h>


struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (p)
		p->readers = p->writers = 1;
	return p;
}

size_t pipe_put(struct pipe *p, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n && p->count < PIPE_SIZE) {
		size_t tail = (p->head + p->count) % PIPE_SIZE;
		p->buf[tail] = buf[done++];
		p->count++;
	}
	return done;
}

size_t pipe_get(struct pipe *p, char *buf, size_t n)
{
	size_t done = 0;

	while (done < n && p->count > 0) {
		buf[done++] = p->buf[p->head];
		p->head = (p->head + 1) % PIPE_SIZE;
		p->count--;
	}
	return done;
}

long pipe_read(struct pipe *p, void *buf, size_t n)
{
	uint64_t flags = arch_irq_save();

	while (p->count == 0 && p->writers > 0 && !current_interrupted())
		sleep_on(&p->readq);
	arch_irq_restore(flags);
	if (p->count == 0 && p->writers > 0)
		return -EINTR;
	size_t got = pipe_get(p, buf, n);
	if (got)
		wake_up(&p->writeq);
	return (long)got;
}

long pipe_write(struct pipe *p, const void *buf, size_t n)
{
	size_t done = 0, room = n <= PIPE_BUF ? n : 1;   /* what must fit before we write */

	while (done < n) {
		uint64_t flags = arch_irq_save();
		while (PIPE_SIZE - p->count < room && p->readers > 0 && !current_interrupted())
			sleep_on(&p->writeq);
		arch_irq_restore(flags);
		if (p->readers == 0)
			return done ? (long)done : -EPIPE;
		if (PIPE_SIZE - p->count < room)
			return done ? (long)done : -EINTR;
		done += pipe_put(p, (const char *)buf + done, n - done);
		wake_up(&p->readq);
	}
	return (long)done;
}

void pipe_close(struct pipe *p, bool writer)
{
	if (writer) {
		p->writers--;
		wake_up(&p->readq);    /* a reader waiting for data now sees the end */
	} else {
		p->readers--;
		wake_up(&p->writeq);   /* a writer waiting for room now gets -EPIPE */
	}
	if (p->readers == 0 && p->writers == 0)
		kfree(p);
}
