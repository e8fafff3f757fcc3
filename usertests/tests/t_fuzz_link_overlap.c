/*
 * t_fuzz_link_overlap.c - found by /bin/fuzz -s 1 on x86_64 (double fetch):
 *
 *     link("/tmp/fuzz/a", "a")
 *
 * where the compiler had merged the literal "a" into the tail of
 * "/tmp/fuzz/a", so the two paths shared their last bytes. sys_link copied
 * each path on its own and so read those user bytes twice: the double-fetch
 * detector (uma/doublefetch.h) reported it. A kernel that reads each user
 * byte once takes the second path's shared bytes from its copy of the first.
 * The overlap is made explicit here, with the detector on, in a directory
 * of its own (not /bin/fuzz's, which may exist while it runs: make soak).
 */
#include "testlib.h"
#include "dfdetect.h"

#define DIR "/tmp/t_fuzz_link"

static long df(int op)
{
	return __syscall(SYS_dfdetect, op, 0, 0, 0, 0, 0);
}

int main(void)
{
	static const char p[] = DIR "/ab";
	const char *ab = p + strlen(DIR) + 1, *b = ab + 1;   /* "ab", "b": cwd is DIR */
	struct t_kstate before;

	t_kstate(&before);
	mkdir(DIR);
	int fd = open(p, O_CREAT | O_WRONLY);
	close(fd);
	chdir(DIR);
	long was = df(DF_ON), count = df(DF_COUNT);
	t_ok(link(p, ab) == -1 && errno == EEXIST, "link(\"%s\", its own tail \"%s\"): EEXIST", p, ab);
	struct stat st;
	t_ok(link(p, b) == 0 && (fd = open(DIR "/b", O_RDONLY)) >= 0 && fstat(fd, &st) == 0 &&
	     st.st_nlink == 2, "link(\"%s\", its tail \"%s\") made a second name of the file", p, b);
	close(fd);
	t_ok(df(DF_COUNT) == count, "no double fetch (%ld reported)", df(DF_COUNT) - count);
	if (!was)
		df(DF_OFF);
	chdir("/");
	unlink(DIR "/ab");
	unlink(DIR "/b");
	unlink(DIR);
	t_kernel_healthy(&before, "link with overlapping paths");
	return t_done();
}
