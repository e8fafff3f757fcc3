/*
 * kernel/sys/lab_drivers.h - the lab drivers behind the demo system call
 * (kernel/uapi/demo.h): sys_demo() in demo_driver.c hands them their ops.
 *
 *   lab_smap.c         lab 05 (docs/labs/05-smap.md): every user pointer
 *                      reached through UMA
 *   lab_doublefetch.c  lab 06 (docs/labs/06-doublefetch.md): every user
 *                      value read once
 */
#ifndef SYS_LAB_DRIVERS_H
#define SYS_LAB_DRIVERS_H

#include "base/types.h"
#include "base/compiler.h"

/* Each operation of a lab driver stays a function of its own, so that an
 * oops ("at pc 0x... (set_config+0x1c)") or a double-fetch report ("first
 * at msg+0x2c") names it, not the dispatcher. noipa, not just noinline:
 * GCC's IPA-SRA would otherwise move `cfg = *ucfg` of a starting point
 * into the caller and pass the fields (set_config.isra.0). */
#define LAB_OP __attribute__((noipa))

/* op is one of DEMO_SMAP_* / DEMO_DF_*; arg and len as the caller gave
 * them. A value or -errno. */
long lab_smap_op(int op, void __user *arg, unsigned long len);
long lab_df_op(int op, void __user *arg, unsigned long len);

/* The demo driver's race window (DEMO_SET_WINDOW): yields the CPU that
 * many times, so that on one CPU another user thread runs right there. */
void demo_race_window(void);

/* DEMO_CALLBACK (kernel/sys/callback_demo.c): fn(x) + x, fn run in user mode. */
long callback_demo_op(unsigned long x);

/* The path policy of the TOCTOU demo: only under /pub/, no "..". */
bool demo_path_allowed(const char *path);

#endif
