/*
 * kernel/base/lab.h - what a lab's stub calls (docs/labs/README.md).
 *
 * The labs cut regions out of this very kernel (LAB <name> BEGIN ... END
 * comments) and `make lab LAB=<name>` replaces each with the stub written
 * next to it. A stub that is reached says so on the console, once per
 * place, so that a student reading the log sees which piece is missing and
 * where the handout is, instead of only a failing test:
 *
 *   LAB copy: the fault tail of a copy is not written yet (uma/copy.c:88): handout ...
 *
 * ending with the handout as a shell pattern that opens it whatever its
 * number: "docs/labs/", a star, then "-copy.md".
 *
 * In the full kernel nothing calls it: every stub sits in a comment.
 */
#ifndef KERNEL_BASE_LAB_H
#define KERNEL_BASE_LAB_H

#include "base/types.h"

void lab_missing(const char *lab, const char *what, const char *file, int line);

/* Say it once per call site; the stub then returns its clear failure. */
#define LAB_MISSING(lab, what)                                          \
	do {                                                            \
		static bool __lab_said;                                 \
		if (!__lab_said) {                                      \
			__lab_said = true;                              \
			lab_missing(lab, what, __FILE__, __LINE__);     \
		}                                                       \
	} while (0)

#endif
