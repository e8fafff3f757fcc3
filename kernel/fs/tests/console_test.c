/* kernel/fs/tests/console_test.c - the console's line editing, fed through console_rx. */
#include "fs/tests/fs_test.h"
#include "console.h"

static void type(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_rx(s[i]);
}
#define TYPE(lit) type(lit, sizeof(lit) - 1)

static long line(char *buf, size_t n)
{
	long r = console_read(buf, n);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

KTEST(fs_console_line_editing)
{
	char buf[400];

	console_init();
	TYPE("ab\bc\r");                   /* backspace, CR ends the line */
	KEXPECT_EQ(line(buf, sizeof(buf)), 3);
	KEXPECT(strcmp(buf, "ac\n") == 0);
	TYPE("xy\x7f\x7f\x7fz\n");          /* DEL; one too many erases nothing */
	KEXPECT_EQ(line(buf, sizeof(buf)), 2);
	KEXPECT(strcmp(buf, "z\n") == 0);
	TYPE("one\ntwo\n");                /* two lines: one read returns one line */
	KEXPECT_EQ(line(buf, sizeof(buf)), 4);
	KEXPECT(strcmp(buf, "one\n") == 0);
	KEXPECT_EQ(line(buf, 2), 2);       /* a short read leaves the rest */
	KEXPECT(strcmp(buf, "tw") == 0);
	KEXPECT_EQ(line(buf, sizeof(buf)), 2);
	KEXPECT(strcmp(buf, "o\n") == 0);
}

KTEST(fs_console_eof_and_ctrl_c)
{
	char buf[400];

	console_init();
	TYPE("\x04");                      /* Ctrl-D on an empty line: end of file */
	KEXPECT_EQ(line(buf, sizeof(buf)), 0);
	TYPE("abc\x04");                   /* on a non-empty line: the line, no '\n' */
	KEXPECT_EQ(line(buf, sizeof(buf)), 3);
	KEXPECT(strcmp(buf, "abc") == 0);
	TYPE("\b\b\x04");                  /* erasing nothing, then end of file */
	KEXPECT_EQ(line(buf, sizeof(buf)), 0);
	TYPE("rm -rf\x03ls\n");            /* Ctrl-C drops the typed line */
	KEXPECT_EQ(line(buf, sizeof(buf)), 3);
	KEXPECT(strcmp(buf, "ls\n") == 0);

	/* A line longer than the buffer is cut, and Enter still ends it. */
	for (int i = 0; i < 300; i++)
		console_rx('a' + i % 26);
	console_rx('\n');
	long n = line(buf, sizeof(buf));
	KEXPECT(n > 100 && n < 300);
	KEXPECT_EQ(buf[n - 1], '\n');
	KEXPECT(buf[0] == 'a' && buf[1] == 'b');
	KEXPECT_EQ(console_write("# console_write ok\n", 19), 19);
}
