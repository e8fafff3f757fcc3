/*
 * kernel/uapi/dfdetect.h - the test-only double-fetch detector switch:
 *     long dfdetect(int op)        (__syscall(SYS_dfdetect, op, ...))
 *
 * While the detector is on, the kernel remembers which user bytes each
 * system call has read through UMA and reports, on the console, a system
 * call that reads the same bytes twice (uma/doublefetch.h explains why
 * that matters). Booting with `doublefetch` on the command line turns it
 * on from the start.
 */
#ifndef UAPI_DFDETECT_H
#define UAPI_DFDETECT_H

#define DF_OFF    0   /* stop recording; returns the previous state (0 off, 1 on) */
#define DF_ON     1   /* start recording; returns the previous state */
#define DF_COUNT  2   /* the number of double fetches reported since boot or DF_RESET */
#define DF_RESET  3   /* set that count back to 0; returns 0 */

#endif
