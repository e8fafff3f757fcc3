/*
 * t_badptr_file - malicious pointers to the file system calls (SPEC 8):
 * every class, in every direction each call uses memory, must give -1 and
 * EFAULT (ENAMETOOLONG for an over-long path), write nothing outside the
 * valid part of a buffer, and leave the kernel healthy and leak-free.
 */
#include "testlib.h"

static int fd;                  /* a file with 8 KiB of data in it */

static long c_read(void *p, unsigned long n)   { lseek(fd, 0, SEEK_SET); return read(fd, p, n); }
static long c_write(void *p, unsigned long n)  { lseek(fd, 0, SEEK_SET); return write(fd, p, n); }
static long c_conwrite(void *p, unsigned long n) { return write(1, p, n); }
static long c_fstat(void *p, unsigned long n)  { return fstat(fd, p); }
static long c_sysinfo(void *p, unsigned long n) { return sysinfo(p); }
static long c_getdents(void *p, unsigned long n)
{
	int d = open("/", O_RDONLY);
	long r = getdents(d, p, n);
	close(d);
	return r;
}

/* A pipe with data waiting, read into the bad buffer. */
static long c_pipe_read(void *p, unsigned long n)
{
	int fds[2];
	char data[64] = "pipe data";
	pipe(fds);
	write(fds[1], data, sizeof data);
	long r = read(fds[0], p, n);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long c_pipe_write(void *p, unsigned long n)
{
	int fds[2];
	pipe(fds);
	long r = write(fds[1], p, n);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static int lowest_free_fd(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

/* pipe(bad): must not leak the two descriptors it failed to return. */
static long c_pipe(void *p, unsigned long n)
{
	int before = lowest_free_fd();
	long r = pipe(p);
	int after = lowest_free_fd();
	if (after != before)
		printf("# pipe() leaked descriptors: lowest free fd %d, was %d\n", after, before);
	return after == before ? r : 0;
}

static const char *tmp = "/tmp_t_badptr";
static long c_open(void *p, unsigned long n)   { long r = open(p, O_RDWR | O_CREAT); if (r >= 0) close(r); return r; }
static long c_unlink(void *p, unsigned long n) { return unlink(p); }
static long c_mkdir(void *p, unsigned long n)  { return mkdir(p); }
static long c_chdir(void *p, unsigned long n)  { return chdir(p); }
static long c_link_old(void *p, unsigned long n) { return link(p, "/tmp_t_badptr_new"); }
static long c_link_new(void *p, unsigned long n) { return link(tmp, p); }

struct path_call { const char *name; bad_fn fn; };
static const struct path_call path_calls[] = {
	{ "open(path)", c_open }, { "unlink(path)", c_unlink }, { "mkdir(path)", c_mkdir },
	{ "chdir(path)", c_chdir }, { "link(old, ...)", c_link_old }, { "link(..., new)", c_link_new },
};
#define NPATH (int)(sizeof path_calls / sizeof path_calls[0])

static void paths(void)
{
	char ok_path[PATH_MAX];
	for (int i = 0; i < NPATH; i++) {
		const struct path_call *c = &path_calls[i];
		t_bad(c->name, c->fn, 1, BAD_SRC);
		t_err(c->fn(bad_path_unterminated(), 0), EFAULT,
		      "%s: no NUL before the end of the mapping: EFAULT", c->name);
		t_err(c->fn(bad_path_max(), 0), ENAMETOOLONG,
		      "%s: PATH_MAX bytes, no NUL: ENAMETOOLONG", c->name);
	}
	/* One byte shorter is a legal length: the answer is about the name. */
	memset(ok_path, 'a', PATH_MAX - 1);
	for (int i = 0; i < PATH_MAX - 1; i += 32)
		ok_path[i] = '/';
	ok_path[PATH_MAX - 1] = '\0';
	t_err(open(ok_path, O_RDONLY), ENOENT, "open of a PATH_MAX - 1 byte path: ENOENT");
}

static void leaks(void)
{
	struct t_kstate before;
	int fds_before = lowest_free_fd();
	t_kstate(&before);
	for (int i = 0; i < 1000; i++) {
		int fds[2];
		void *k = (void *)t_si.kernel_data;
		read(fd, NULL, 16);
		write(fd, k, 16);
		open(k, O_RDONLY);
		open(bad_path_max(), O_RDONLY);
		fstat(fd, k);
		pipe(k);
		pipe(fds);
		write(fds[1], "x", 1);          /* or the read would wait for data */
		read(fds[0], NULL, 1);
		close(fds[0]);
		close(fds[1]);
	}
	int fds_after = lowest_free_fd();
	t_ok(fds_after == fds_before, "no descriptor leaked after 1000 rounds of bad calls");
	t_kernel_healthy(&before, "1000 rounds of bad file calls");
}

int main(void)
{
	char data[8192];
	struct t_kstate start;
	t_sysinfo();
	bad_init();
	t_kstate(&start);
	memset(data, 'd', sizeof data);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC);
	t_ok(fd >= 0 && write(fd, data, sizeof data) == sizeof data, "a file with 8 KiB of data");

	t_bad("read(file, buf, n)", c_read, 16, BAD_DST | BAD_LEN);
	t_bad("read(pipe, buf, n)", c_pipe_read, 16, BAD_DST | BAD_LEN);
	t_bad("write(file, buf, n)", c_write, 16, BAD_SRC | BAD_LEN);
	t_bad("write(pipe, buf, n)", c_pipe_write, 16, BAD_SRC | BAD_LEN);
	t_bad("write(console, buf, n)", c_conwrite, 16, BAD_SRC | BAD_LEN);
	t_bad("fstat(fd, st)", c_fstat, sizeof(struct stat), BAD_DST);
	t_bad("sysinfo(si)", c_sysinfo, sizeof(struct sysinfo), BAD_DST);
	t_bad("getdents(fd, buf, n)", c_getdents, sizeof(struct dirent), BAD_DST | BAD_LEN);
	t_bad("pipe(fds)", c_pipe, 2 * sizeof(int), BAD_DST);
	paths();
	leaks();

	close(fd);
	unlink(tmp);
	unlink("/tmp_t_badptr_new");
	t_kernel_healthy(&start, "the whole test");
	return t_done();
}
