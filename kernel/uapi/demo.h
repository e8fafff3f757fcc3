/*
 * kernel/uapi/demo.h - operations of the deliberately buggy demo driver
 * (kernel/demo_driver.c), reached with the demo() system call:
 *     long demo(int op, void *arg, unsigned long len)
 * DIRECT ops touch user memory the wrong way (a plain pointer, no UMA);
 * UMA ops do the same job through the accessors.
 */
#ifndef UAPI_DEMO_H
#define UAPI_DEMO_H

#define DEMO_DIRECT_READ      1   /* return the byte at arg, read directly */
#define DEMO_DIRECT_WRITE     2   /* store len's low byte at arg, directly */
#define DEMO_DIRECT_EXEC      3   /* call the function at arg (a user page) */
#define DEMO_UMA_READ         4   /* return the byte at arg via ReadUCharFromUser */
#define DEMO_UMA_WRITE        5   /* store len's low byte at arg via WriteUCharToUser */
#define DEMO_UMA_EXEC_CHECK   6   /* refuse to run user code: -EPERM (what a correct driver does) */

#endif
