/*
 * kernel/console.c - the console as a terminal: a line discipline over the
 * serial port (fds 0, 1 and 2 of every process).
 *
 * Input arrives a byte at a time from the UART receive interrupt
 * (console_rx) and is edited in a ring buffer with three counters, which
 * only grow (the index into the ring is the counter modulo RX_SIZE):
 *
 *     r <= w <= e          [r, w) lines ready for read(), [w, e) the line being typed
 *
 * Enter (CR or LF) stores '\n' and moves w to e, which makes the line
 * readable and wakes the readers. Backspace or DEL takes back one byte of
 * the line being typed. Ctrl-D on an empty line stores an end-of-file mark
 * (read returns 0 once for it); on a non-empty line it ends the line
 * without a '\n', as POSIX terminals do. Ctrl-C throws the typed line away
 * and sends SIGINT to every process but process 1 (the shell); with no
 * process groups, that is this kernel's "foreground job". Tests type with
 * demo(DEMO_CONSOLE_TYPE) (usertests/tests/t_ctrlc.c).
 *
 * console_rx runs under the big kernel lock (kernel/bkl.h), like the
 * readers: the UART's interrupt handler queues each byte (console_rx_irq)
 * and the lock's holder hands it on. A reader checks its condition and
 * sleeps holding the lock, so a line cannot arrive unseen in between.
 */
#include "console.h"
#include "arch/arch.h"
#include "base/printk.h"
#include "sched.h"
#include "proc.h"
#include "bkl.h"
#include "uapi/errno.h"

#define RX_SIZE  256
#define CTRL(c)  ((c) - '@')
#define EOF_MARK CTRL('D')   /* Ctrl-D itself is never stored as data */

static struct {
	char buf[RX_SIZE];
	uint64_t r, w, e;
	struct wait_queue readers;
} rx;

void console_init(void)
{
	uint64_t flags = arch_irq_save();

	rx.r = rx.w = rx.e = 0;
	arch_irq_restore(flags);
}

/* Echo through kprintf, so that under the self-tests the echo is a TAP
 * comment line like every other kernel message. */
static void echo(const char *s)
{
	kprintf("%s", s);
}

static void put(char c)
{
	rx.buf[rx.e++ % RX_SIZE] = c;
}

/* Make the typed line readable. */
static void commit(void)
{
	rx.w = rx.e;
	wake_up(&rx.readers);
}

/* One slot is kept back for the '\n' or end-of-file mark, so a line
 * that fills the buffer can still be ended. */
static void rx_char(char c)
{
	switch (c) {
	case '\r':
	case '\n':
		if (rx.e - rx.r < RX_SIZE)
			put('\n');
		echo("\n");
		commit();
		break;
	case CTRL('D'):
		if (rx.e == rx.w && rx.e - rx.r < RX_SIZE)
			put(EOF_MARK);
		commit();
		break;
	case '\b':
	case 0x7f:                       /* DEL: what most terminals send for Backspace */
		if (rx.e != rx.w) {
			rx.e--;
			echo("\b \b");
		}
		break;
	default:
		if (rx.e - rx.r < RX_SIZE - 1) {
			char s[2] = { c, 0 };
			put(c);
			echo(s);
		}
		break;
	}
}

/*
 * The UART's interrupt handler (CPU 0) must not wait for the big kernel
 * lock (kernel/bkl.h), so it only queues the byte here; console_rx_drain
 * runs under the lock, now or when its holder lets go. One producer (the
 * handler) and one consumer at a time (the lock's holder): the two
 * counters need only acquire/release ordering.
 */
#define IRQ_RING 64
static struct {
	char buf[IRQ_RING];
	volatile uint32_t head, tail;
} irq_ring;

void console_rx_irq(char c)
{
	uint32_t h = irq_ring.head;

	if (h - __atomic_load_n(&irq_ring.tail, __ATOMIC_ACQUIRE) < IRQ_RING) {
		irq_ring.buf[h % IRQ_RING] = c;
		__atomic_store_n(&irq_ring.head, h + 1, __ATOMIC_RELEASE);
	}
	bkl_run_or_defer(BKL_WORK_CONSOLE);
}

void console_rx_drain(void)
{
	uint32_t t = irq_ring.tail;

	while (t != __atomic_load_n(&irq_ring.head, __ATOMIC_ACQUIRE)) {
		char c = irq_ring.buf[t % IRQ_RING];
		__atomic_store_n(&irq_ring.tail, ++t, __ATOMIC_RELEASE);
		console_rx(c);
	}
}

void console_rx(char c)
{
	uint64_t flags = arch_irq_save();

	if (c == CTRL('C')) {
		rx.e = rx.w;                 /* forget the typed line */
		echo("^C\n");
		arch_irq_restore(flags);
		proc_kill_all_but_init();
		return;
	}
	rx_char(c);
	arch_irq_restore(flags);
}


/* Up to n bytes of the oldest ready line; never past its '\n'. */
static size_t take_line(char *buf, size_t n)
{
	size_t got = 0;

	while (got < n && rx.r != rx.w) {
		char c = rx.buf[rx.r % RX_SIZE];
		if (c == EOF_MARK) {
			if (got == 0)
				rx.r++;          /* consumed by this read, which returns 0 */
			break;
		}
		rx.r++;
		buf[got++] = c;
		if (c == '\n')
			break;
	}
	return got;
}

long console_read(char *buf, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t flags = arch_irq_save();
	while (rx.r == rx.w && !current_interrupted())
		sleep_on(&rx.readers);
	long got = rx.r == rx.w ? -EINTR : (long)take_line(buf, n);
	arch_irq_restore(flags);
	return got;
}

/* Whole writes, never mixed with each other or with a kernel line from
 * another CPU: both go out under printk's console lock (kwrite). */
long console_write(const char *buf, size_t n)
{
	kwrite(buf, n);
	return (long)n;
}
