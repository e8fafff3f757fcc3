/* /bin/echo - print the arguments separated by spaces, then a newline. */
#include "ulib.h"

int main(int argc, char **argv)
{
	char line[1024];
	int n = 0;
	line[0] = '\0';
	/* Build the line first so it reaches the output in one write. */
	for (int i = 1; i < argc; i++)
		n += snprintf(line + n, n < (int)sizeof line ? sizeof line - n : 0,
			      i > 1 ? " %s" : "%s", argv[i]);
	if (n >= (int)sizeof line - 1)
		n = sizeof line - 2;
	line[n] = '\n';
	return write(1, line, n + 1) == n + 1 ? 0 : 1;
}
