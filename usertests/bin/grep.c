/*
 * /bin/grep TEXT [FILE...] - print the lines that contain TEXT (a fixed
 * string, no patterns), from each file or fd 0. Exit status 0 if a line
 * matched, 1 if none did, 2 on an error, as POSIX grep.
 */
#include "ulib.h"

static int has(const char *line, const char *text)
{
	size_t n = strlen(text);

	for (; *line; line++)
		if (!strncmp(line, text, n))
			return 1;
	return !n;
}

/* Lines longer than the buffer are cut into pieces and matched apart. */
static int search(int fd, const char *text, const char *prefix)
{
	char buf[512], line[256];
	int len = 0, found = 0;
	long n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (long i = 0; i < n; i++) {
			if (buf[i] != '\n' && len < (int)sizeof line - 1) {
				line[len++] = buf[i];
				continue;
			}
			line[len] = 0;
			if (has(line, text)) {
				printf("%s%s\n", prefix, line);
				found = 1;
			}
			len = 0;
			if (buf[i] != '\n')
				line[len++] = buf[i];
		}
	line[len] = 0;
	if (len && has(line, text)) {
		printf("%s%s\n", prefix, line);
		found = 1;
	}
	return n < 0 ? -1 : found;
}

int main(int argc, char **argv)
{
	char prefix[PATH_MAX + 2];
	int found = 0, error = 0;

	if (argc < 2) {
		fprintf(2, "usage: grep TEXT [FILE...]\n");
		return 2;
	}
	if (argc == 2)
		return search(0, argv[1], "") > 0 ? 0 : 1;
	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		snprintf(prefix, sizeof prefix, argc > 3 ? "%s:" : "", argv[i]);
		int r = fd < 0 ? -1 : search(fd, argv[1], prefix);
		if (r < 0) {
			fprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
			error = 1;
		}
		found |= r > 0;
		if (fd >= 0)
			close(fd);
	}
	return error ? 2 : found ? 0 : 1;
}
