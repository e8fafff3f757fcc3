/*
 * /bin/ls [-l] [PATH...] - list the names in each directory (default ".").
 * -l adds the type (d directory, - file, p pipe, c device) and the size.
 */
#include "ulib.h"

static int long_format;

static char type_char(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFREG: return '-';
	case S_IFIFO: return 'p';
	case S_IFCHR: return 'c';
	default:      return '?';
	}
}

/* One line for `name`, found at `path`. */
static void show(const char *path, const char *name)
{
	struct stat st;
	int fd;
	if (!long_format) {
		printf("%s\n", name);
		return;
	}
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		printf("?          ? %s (%s)\n", name, strerror(errno));
	} else {
		printf("%c %10lu %s%s\n", type_char(st.st_mode), st.st_size, name,
		       S_ISDIR(st.st_mode) ? "/" : "");
	}
	if (fd >= 0)
		close(fd);
}

static int list(const char *path)
{
	struct dirent ents[8];
	struct stat st;
	char full[PATH_MAX];
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(2, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		show(path, path);
		return 0;
	}
	long n;
	while ((n = getdents(fd, ents, sizeof ents)) > 0) {
		for (unsigned i = 0; i < n / sizeof ents[0]; i++) {
			const char *name = ents[i].d_name;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				continue;
			snprintf(full, sizeof full, "%s/%s", path, name);
			show(full, name);
		}
	}
	if (n < 0)
		fprintf(2, "ls: %s: %s\n", path, strerror(errno));
	close(fd);
	return n < 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	if (argc > 1 && !strcmp(argv[1], "-l"))
		long_format = 1, i++;
	if (i == argc)
		return list(".");
	for (; i < argc; i++)
		status |= list(argv[i]);
	return status;
}
