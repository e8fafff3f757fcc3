/* /bin/wc [FILE...] - lines, words and bytes of each file (or of fd 0). */
#include "ulib.h"

static int count(int fd, const char *name)
{
	char buf[512];
	unsigned long lines = 0, words = 0, bytes = 0;
	int in_word = 0;
	long n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (long i = 0; i < n; i++, bytes++) {
			char c = buf[i];
			int space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
			lines += c == '\n';
			words += !space && !in_word;
			in_word = !space;
		}
	if (n < 0) {
		fprintf(2, "wc: %s: %s\n", name, strerror(errno));
		return 1;
	}
	printf("%lu %lu %lu%s%s\n", lines, words, bytes, fd ? " " : "", fd ? name : "");
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return count(0, "stdin");
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= count(fd, argv[i]);
		close(fd);
	}
	return status;
}
