/*
 * kernel/uapi/signal.h - signal numbers and the special handlers.
 *
 * The numbers are Linux's (x86-64 and ARM64 share them), SPEC section 6.
 * The system calls are kill(pid, sig), signal(sig, handler), alarm_ms(ms)
 * and sigreturn (the library's trampoline only): docs/syscalls.md,
 * "Signals". The frame a handler runs on is per architecture:
 * arch/ARCH/include/uapi/asm/sigcontext.h.
 */
#ifndef UAPI_SIGNAL_H
#define UAPI_SIGNAL_H

#define SIGINT    2      /* Ctrl-C on the console */
#define SIGKILL   9      /* cannot be caught, ignored or blocked */
#define SIGUSR1  10
#define SIGSEGV  11      /* a bad memory access in user mode */
#define SIGUSR2  12
#define SIGALRM  14      /* alarm_ms */
#define SIGTERM  15      /* kill's default */
#define SIGCHLD  17      /* a child ended; ignored by default */
#define NSIG     32      /* valid numbers are 1 .. NSIG - 1 */

/* The special handlers: plain numbers for the kernel, which compares the
 * word it was given; handler-typed for user programs, whose ulib.h
 * defines SIG_HANDLER_TYPE (sighandler_t) first, as <signal.h> does. */
#ifdef SIG_HANDLER_TYPE
#define SIG_DFL  ((SIG_HANDLER_TYPE)0)
#define SIG_IGN  ((SIG_HANDLER_TYPE)1)
#define SIG_ERR  ((SIG_HANDLER_TYPE)-1)
#else
#define SIG_DFL  0       /* the default action: SIGCHLD ignored, the rest end the process */
#define SIG_IGN  1       /* discard */
#define SIG_ERR  (-1)    /* signal()'s failure */
#endif

#endif
