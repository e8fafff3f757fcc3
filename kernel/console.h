/*
 * kernel/console.h - the console as a terminal: fds 0, 1 and 2.
 *
 * Output goes straight to the serial port. Input arrives one byte at a
 * time from the UART's receive interrupt (console_rx) and is edited into
 * lines: backspace erases, Enter ends the line, Ctrl-D on an empty line is
 * end of file, Ctrl-C kills every process but process 1 (the shell).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "base/types.h"

void console_init(void);
void console_rx_irq(char c);                  /* the UART's interrupt handler */
void console_rx_drain(void);                  /* under the BKL: what it queued */
void console_rx(char c);                      /* under the BKL: one byte typed */
long console_read(char *buf, size_t n);       /* sleeps for a line; 0 at end of file */
long console_write(const char *buf, size_t n);

#endif
