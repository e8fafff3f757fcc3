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

/* Results (besides 0 and -errno). */
#define DEMO_CAUGHT           1   /* the redzone after the kernel buffer was overwritten */
#define DEMO_ESCAPED          2   /* the driver used a path it never checked */

#define DEMO_EX1_MAX       1024   /* a larger first Size is refused with -EINVAL */
#define DEMO_WINDOW_MAX    1000

/* The seed's StructWithData: Size, then the data (Data[1] is where it starts). */
struct demo_ex1 {
	unsigned int Size;
	char *Data[1];
};

#endif
