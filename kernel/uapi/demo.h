/*
 * kernel/uapi/demo.h - operations of the deliberately buggy demo driver
 * (kernel/sys/demo_driver.c), reached with the demo() system call:
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

/*
 * The seed's races, made runnable (docs/races.md, usertests/bin/racedemo).
 * Each UNSAFE op reads a value from user memory twice, the way the seed's
 * Example 1 does; its twin reads it once and works on the copy.
 */
#define DEMO_EX1_UNSAFE       7   /* arg: struct demo_ex1 *. Example 1 as written: read Size,
                                     allocate Size bytes, read Size AGAIN and copy that many bytes
                                     from Data. DEMO_CAUGHT if the heap redzone saw an overflow */
#define DEMO_EX1_UMA          8   /* arg: struct demo_ex1 *. The seed's UMA version: read Size once,
                                     allocate, copy that many bytes from arg, set the copy's Size */
#define DEMO_SET_WINDOW       9   /* test-only knob: len = how many times the driver yields the CPU
                                     between the two reads (0..DEMO_WINDOW_MAX); returns the old
                                     value. Global, not per process: set it back to 0 when done */
#define DEMO_TOCTOU_UNSAFE   10   /* arg: a path. Check that it is allowed (under /pub/, no ".."),
                                     then fetch it from user memory AGAIN to use it. 0 if the path
                                     used was allowed, DEMO_ESCAPED if not, -EPERM if refused */
#define DEMO_TOCTOU_FIXED    11   /* arg: a path. Capture it once, check and use the capture */

/*
 * A driver that runs user code the right way (kernel/sys/callback_demo.c,
 * docs/syscalls.md "User-mode callbacks"): it asks user mode to run the
 * function registered with callback_register and finishes with its result.
 */
#define DEMO_CALLBACK        12   /* len: x. Returns fn(x) + x (modulo 2^64), fn the registered
                                     callback run in user mode. EINVAL (none registered), EBUSY
                                     (called from inside a callback), EFAULT (no room for the
                                     frame on the user stack) */

/*
 * A keyboard for tests: the console cannot be typed on during `make test`
 * (the serial port's input is /dev/null), so this op hands one byte to the
 * console's line discipline exactly as the UART receive interrupt does
 * (kernel/console.c console_rx). t_ctrlc types Ctrl-C with it.
 */
#define DEMO_CONSOLE_TYPE    13   /* len's low byte arrives on the console as if typed; 0 */

/*
 * An information leak for the info-leak detector (docs/detectors.md): a
 * struct with a hole, filled field by field on the kernel stack and
 * copied out whole, hole and all. The fixed form clears it first.
 */
#define DEMO_LEAK_PADDING    14   /* arg: struct demo_leak *, len: x. Writes { x, x * 3, x + 1,
                                     sizeof } and the 4 bytes of padding after id: whatever
                                     the kernel stack held there (THE BUG). 0, EFAULT */
#define DEMO_LEAK_FIXED      15   /* the same with the struct memset to 0 first: padding 0 */

/* Results (besides 0 and -errno). */
#define DEMO_CAUGHT           1   /* the redzone after the kernel buffer was overwritten */
#define DEMO_ESCAPED          2   /* the driver used a path it never checked */

#define DEMO_EX1_MAX       1024   /* a larger first Size is refused with -EINVAL */
#define DEMO_WINDOW_MAX    1000

/* 4 bytes of padding after id (offset 4), so that value is 8-aligned. */
struct demo_leak {
	unsigned int id;                /* offset 0 */
	unsigned long long value;       /* offset 8 */
	unsigned int flags;             /* offset 16 */
	unsigned int size;              /* offset 20: sizeof(struct demo_leak), 24 */
};
#define DEMO_LEAK_HOLE_OFF    4
#define DEMO_LEAK_HOLE_LEN    4

/* The seed's StructWithData: Size, then the data (Data[1] is where it starts). */
struct demo_ex1 {
	unsigned int Size;
	char *Data[1];
};

/*
 * Lab 05 (smap, docs/labs/05-smap.md): a small device driver, kernel/sys/
 * lab_smap.c, with a configuration, a name, a data feed and statistics.
 * Every user pointer it is given must be reached through UMA: a good
 * pointer works, a bad one (unmapped, read-only, kernel) gives EFAULT.
 */
#define DEMO_SMAP_RESET      20   /* back to the defaults below, counters 0; returns 0 */
#define DEMO_SMAP_SET_CONFIG 21   /* arg: const struct demo_smap_config *. 0, EINVAL (mode or
                                     threshold out of range: nothing changes), EFAULT */
#define DEMO_SMAP_GET_STATS  22   /* arg: struct demo_smap_stats *: filled whole. 0, EFAULT */
#define DEMO_SMAP_SET_NAME   23   /* arg: const char *, 1..DEMO_SMAP_NAME_MAX-1 characters and a
                                     NUL. The length; EINVAL (empty), ENAMETOOLONG (no NUL in
                                     DEMO_SMAP_NAME_MAX bytes), EFAULT. Nothing changes on error */
#define DEMO_SMAP_FEED       24   /* arg: bytes, len: how many. Adds them to the counters; returns
                                     len; EFAULT (and nothing counted) if any byte is bad */
#define DEMO_SMAP_QUERY      25   /* len: DEMO_SMAP_Q_*: one value of the state, no pointer */

#define DEMO_SMAP_Q_MODE       0
#define DEMO_SMAP_Q_THRESHOLD  1
#define DEMO_SMAP_Q_COOKIE     2
#define DEMO_SMAP_Q_CALLS      3  /* successful SET_CONFIG, SET_NAME and FEED calls since RESET */
#define DEMO_SMAP_Q_BYTES      4  /* bytes fed since RESET */
#define DEMO_SMAP_Q_SUM        5  /* their sum, modulo 2^32 */
#define DEMO_SMAP_Q_NAME_LEN   6
#define DEMO_SMAP_Q_NAME_HASH  7  /* FNV-1a (32 bits) of the name's characters */

#define DEMO_SMAP_MODE_MAX        2
#define DEMO_SMAP_THRESHOLD_MAX   1000   /* threshold: 1..this */
#define DEMO_SMAP_NAME_MAX        32     /* with the NUL */
/* After DEMO_SMAP_RESET: */
#define DEMO_SMAP_DEFAULT_MODE      1
#define DEMO_SMAP_DEFAULT_THRESHOLD 10
#define DEMO_SMAP_DEFAULT_NAME      "lab0"

struct demo_smap_config {
	unsigned int mode;              /* 0..DEMO_SMAP_MODE_MAX */
	unsigned int threshold;         /* 1..DEMO_SMAP_THRESHOLD_MAX */
	unsigned long long cookie;      /* anything: the caller's tag, given back in the stats */
};

/* No padding anywhere: every byte the driver writes is a field. */
struct demo_smap_stats {
	unsigned long long calls, bytes, cookie;
	unsigned int mode, threshold;
	unsigned int sum;               /* of the bytes fed, modulo 2^32 */
	unsigned int name_len;
	char name[DEMO_SMAP_NAME_MAX];  /* NUL-terminated, zeros after it */
};

/*
 * Lab 06 (doublefetch, docs/labs/06-doublefetch.md): a driver,
 * kernel/sys/lab_doublefetch.c, that must read each user value once.
 * DEMO_SET_WINDOW opens its race window too.
 */
#define DEMO_DF_MSG          30   /* arg: struct demo_df_msg *. Checks len <= DEMO_DF_MSG_MAX, copies
                                     len bytes of data into a DEMO_DF_MSG_MAX-byte kernel buffer.
                                     Returns the bytes copied; EINVAL (len too big), EFAULT */
#define DEMO_DF_SUBMIT       31   /* arg: struct demo_df_req *. Reads the command it points to,
                                     refuses DEMO_DF_CMD_ADMIN (EPERM), runs the others: returns
                                     the command's result (demo_df_cmd); EINVAL (unknown op), EFAULT */
#define DEMO_DF_STAT         32   /* arg: a path. Only paths under /pub/ without ".." (else EPERM);
                                     returns the size of that file; ENOENT..., EFAULT */

#define DEMO_DF_MSG_MAX      32

struct demo_df_msg {
	unsigned int len;               /* bytes of data that count */
	unsigned int flags;             /* unused: 0 */
	char data[64];
};

#define DEMO_DF_CMD_ECHO      1     /* result: arg */
#define DEMO_DF_CMD_ADD       2     /* result: arg + 1000 */
#define DEMO_DF_CMD_ADMIN     3     /* never from user space: the driver must refuse it */
#define DEMO_DF_ADMIN_RAN     0xad  /* what an ADMIN command that ran anyway returns */

struct demo_df_cmd {
	unsigned int op;                /* DEMO_DF_CMD_* */
	unsigned int arg;
};

/* The command is reached through a pointer in the request: carried as a
 * 64-bit number, the way Linux's ioctls carry user pointers (u64_to_user_ptr). */
struct demo_df_req {
	unsigned int version;           /* 1 */
	unsigned int flags;             /* 0 */
	unsigned long long cmd;         /* const struct demo_df_cmd * */
};

#endif
