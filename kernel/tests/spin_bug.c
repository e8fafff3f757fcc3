/*
 * kernel/tests/spin_bug.c - catching the spinlock checks' panics (spin_bug.h).
 */
#include "tests/spin_bug.h"
#include "base/string.h"

struct jmp_buf spin_bug_jb;
const char *spin_bug_what;
struct spinlock *spin_bug_lock;

static void caught(struct spinlock *l, const char *what)
{
	spin_bug_lock = l;
	spin_bug_what = what;
	arch_longjmp(&spin_bug_jb, 1);
}

void spin_bug_catch(void)
{
	spin_bug_what = NULL;
	spin_bug_lock = NULL;
	spin_set_bug_hook(caught);
}

bool spin_bug_says(const char *word)
{
	for (size_t n = strlen(word), i = 0; spin_bug_what && spin_bug_what[i]; i++)
		if (!strncmp(spin_bug_what + i, word, n))
			return true;
	return false;
}
