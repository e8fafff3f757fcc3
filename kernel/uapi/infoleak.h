/*
 * kernel/uapi/infoleak.h - the test-only info-leak detector switch:
 *     long infoleak(int op)        (__syscall(SYS_infoleak, op, ...))
 *
 * While the detector is on, the kernel fills every new heap block and the
 * unused part of each kernel stack at system-call entry with
 * INFOLEAK_POISON, and reports on the console every copy to user memory
 * that carries a run of those bytes: kernel memory nobody initialised,
 * leaking to the user (uma/infoleak.h, docs/detectors.md). Booting with
 * `infoleak` on the command line turns it on from the start.
 */
#ifndef UAPI_INFOLEAK_H
#define UAPI_INFOLEAK_H

/* The poison byte. Not 0x00 or 0xff (common data), not the heap's
 * use-after-free pattern 0x6b or the redzone's 0xfd. Fuzzers should
 * avoid generating it: user data made of it looks like a leak. */
#define INFOLEAK_POISON 0xbd

#define IL_OFF    0   /* stop checking and poisoning; returns the previous state (0 off, 1 on) */
#define IL_ON     1   /* start; returns the previous state */
#define IL_COUNT  2   /* the number of leaks reported since boot or IL_RESET */
#define IL_RESET  3   /* set that count back to 0; returns 0 */

#endif
