/* kernel/fs/tests/pipe_test.c - the pipe ring wraps around; ends close properly. */
#include "fs/tests/fs_test.h"
#include "fs/pipe.h"
#include "kmalloc.h"

KTEST(fs_pipe_ring_wraps)
{
	struct pipe *p = pipe_alloc();
	char *in = kmalloc(2 * PIPE_SIZE), *out = kmalloc(2 * PIPE_SIZE);

	KASSERT(p && in && out);
	for (int i = 0; i < 2 * PIPE_SIZE; i++)
		in[i] = (char)(i * 7 + 1);
	/* Move the head near the end, then write across the wrap point. */
	KEXPECT_EQ(pipe_put(p, in, PIPE_SIZE - 10), PIPE_SIZE - 10);
	KEXPECT_EQ(pipe_get(p, out, PIPE_SIZE - 10), PIPE_SIZE - 10);
	KEXPECT(memcmp(in, out, PIPE_SIZE - 10) == 0);
	KEXPECT_EQ(p->head, PIPE_SIZE - 10);
	KEXPECT_EQ(pipe_put(p, in, 100), 100);
	KEXPECT_EQ(pipe_get(p, out, 30), 30);
	KEXPECT_EQ(pipe_get(p, out + 30, 200), 70);     /* only what is there */
	KEXPECT(memcmp(in, out, 100) == 0);
	/* Full: a put stops at PIPE_SIZE; everything comes back in order. */
	KEXPECT_EQ(pipe_put(p, in, 2 * PIPE_SIZE), PIPE_SIZE);
	KEXPECT_EQ(pipe_put(p, in, 1), 0);
	KEXPECT_EQ(pipe_get(p, out, 2 * PIPE_SIZE), PIPE_SIZE);
	KEXPECT(memcmp(in, out, PIPE_SIZE) == 0);
	KEXPECT_EQ(pipe_get(p, out, 1), 0);
	pipe_close(p, true);
	pipe_close(p, false);
	kfree(in);
	kfree(out);
}

KTEST(fs_pipe_files_and_ends)
{
	struct pipe *p = pipe_alloc();
	struct file *r = file_alloc(FILE_PIPE, O_RDONLY, NULL);
	struct file *w = file_alloc(FILE_PIPE, O_WRONLY, NULL);
	char buf[16];
	struct stat st;

	KASSERT(p && r && w);
	r->pipe = w->pipe = p;
	KEXPECT_EQ(fst_write(w, "ping"), 4);
	KEXPECT_EQ(fst_read(r, buf, sizeof(buf)), 4);
	KEXPECT(strcmp(buf, "ping") == 0);
	KEXPECT_EQ(file_read(w, buf, 1), -EBADF);
	KEXPECT_EQ(file_write(r, "x", 1), -EBADF);
	KEXPECT_EQ(file_lseek(r, 0, SEEK_SET), -ESPIPE);
	file_stat(r, &st);
	KEXPECT_EQ(st.st_mode & S_IFMT, S_IFIFO);

	/* Data written before the writer closes is still read; then 0. */
	fst_write(w, "last");
	struct file *w2 = file_dup(w);
	file_close(w);
	file_close(w2);
	KEXPECT_EQ(p->writers, 0);
	KEXPECT_EQ(fst_read(r, buf, sizeof(buf)), 4);
	KEXPECT_EQ(fst_read(r, buf, sizeof(buf)), 0);
	file_close(r);   /* both ends gone: the pipe is freed */

	/* Writing with no reader left: -EPIPE. */
	p = pipe_alloc();
	KASSERT(p);
	pipe_close(p, false);
	KEXPECT_EQ(pipe_write(p, "x", 1), -EPIPE);
	pipe_close(p, true);
}
