/* kernel/base/cmdline.c - look words up in the kernel command line. */
#include "base/cmdline.h"
#include "base/string.h"
#include "boot/boot_info.h"

static char line[BOOT_CMDLINE_MAX];      /* the kernel's words */
static char init_args[BOOT_CMDLINE_MAX]; /* the words after " -- " */

/* As Linux does, everything after a lone "--" is for process 1. */
void cmdline_init(const char *s)
{
	strlcpy(line, s, sizeof(line));
	for (char *w = line; *w; w++)
		if (w[0] == '-' && w[1] == '-' && (w == line || w[-1] == ' ') &&
		    (w[2] == ' ' || !w[2])) {
			strlcpy(init_args, w[2] ? w + 3 : "", sizeof(init_args));
			*w = 0;
			break;
		}
}

int cmdline_init_args(char **argv, int max)
{
	static char words[BOOT_CMDLINE_MAX];
	int n = 0;

	strlcpy(words, init_args, sizeof(words));
	for (char *w = words; *w && n < max; ) {
		while (*w == ' ')
			*w++ = 0;
		if (!*w)
			break;
		argv[n++] = w;
		while (*w && *w != ' ')
			w++;
		if (*w)
			*w++ = 0;       /* ends this word even if it is the last we take */
	}
	return n;
}

const char *cmdline_get(void)
{
	return line;
}

/* Find the word that starts with key followed by `end` (' ' also matches
 * the end of the line); returns a pointer to that following char. */
static const char *find(const char *key, char end)
{
	size_t n = strlen(key);

	for (const char *w = line; *w; ) {
		while (*w == ' ')
			w++;
		if (!strncmp(w, key, n) && (w[n] == end || (end == ' ' && !w[n])))
			return w + n;
		while (*w && *w != ' ')
			w++;
	}
	return NULL;
}

bool cmdline_has(const char *flag)
{
	return find(flag, ' ') != NULL;
}

bool cmdline_value(const char *key, char *buf, size_t size)
{
	const char *v = find(key, '=');
	size_t n = 0;

	if (!v)
		return false;
	v++;
	while (v[n] && v[n] != ' ')
		n++;
	if (size) {
		n = n < size - 1 ? n : size - 1;
		memcpy(buf, v, n);
		buf[n] = 0;
	}
	return true;
}
