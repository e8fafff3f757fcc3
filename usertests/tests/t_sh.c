/* t_sh - /bin/sh runs a script: pipes, redirection, quotes, $?, cd, errors. */
#include "testlib.h"


static void check(const char *line, const char *want, int want_status)
{
	char out[512];
	int st = t_run_sh(line, out, sizeof out);
	t_ok(!strcmp(out, want) && st == want_status, "sh -c '%s'", line);
	if (strcmp(out, want) || st != want_status)
		printf("# got status %d, output [%s]\n", st, out);
}

int main(void)
{
	check("echo hello world", "hello world\n", 0);
	check("echo 'a  b' \"c d\" e'f'", "a  b c d ef\n", 0);
	check("echo one two | cat", "one two\n", 0);
	check("echo x | cat | cat | cat | cat", "x\n", 0);
	check("echo saved > /tmp_t_sh", "", 0);
	check("cat < /tmp_t_sh", "saved\n", 0);
	check("cat</tmp_t_sh|cat>/tmp_t_sh2", "", 0);
	check("cat /tmp_t_sh2", "saved\n", 0);
	check("rm /tmp_t_sh /tmp_t_sh2", "", 0);
	check("no-such-command", "sh: no-such-command: not found\n", 127);
	check("cat /no-such-file", "cat: /no-such-file: no such file or directory\n", 1);
	check("cd /tests", "", 0);
	check("cd /nowhere", "sh: cd: /nowhere: no such file or directory\n", 1);
	check("exit 7", "", 7);
	check("echo |", "sh: syntax error\n", 2);
	check("/bin/echo full path", "full path\n", 0);
	check("echo '$?' \"$?\"", "$? 0\n", 0);
	check("cat /no-such-file; echo status $?", "cat: /no-such-file: no such file or directory\nstatus 1\n", 0);
	check("echo 'a;b'; echo c", "a;b\nc\n", 0);
	check("exit 4; echo not reached", "", 4);
	check("mkdir /tmp_t_shd", "", 0);
	check("ls /tmp_t_shd", "", 0);
	check("rm /tmp_t_shd", "", 0);
	int fd = open("/tmp_t_sh_script", O_WRONLY | O_CREAT | O_TRUNC);
	const char *script = "no-such-command\necho status $?\nexit 3\n";
	write(fd, script, strlen(script));
	close(fd);
	check("sh /tmp_t_sh_script", "sh: no-such-command: not found\nstatus 127\n", 3);
	unlink("/tmp_t_sh_script");
	return t_done();
}
