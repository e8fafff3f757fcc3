/* t_file - files and directories on good input, and their plain errors. */
#include "testlib.h"

static void files(void)
{
	char buf[64];
	struct stat st;
	int fd = open("/tmp_t_file", O_RDWR | O_CREAT | O_TRUNC);
	t_ok(fd >= 3, "open O_CREAT returns a new fd (%d)", fd);
	t_ok(write(fd, "hello, world", 12) == 12, "write 12 bytes");
	t_ok(lseek(fd, 0, SEEK_CUR) == 12, "lseek SEEK_CUR is 12");
	t_ok(lseek(fd, 7, SEEK_SET) == 7, "lseek SEEK_SET 7");
	memset(buf, 0, sizeof buf);
	t_ok(read(fd, buf, sizeof buf) == 5 && !strcmp(buf, "world"), "read the rest: \"%s\"", buf);
	t_ok(read(fd, buf, sizeof buf) == 0, "read at end of file returns 0");
	t_ok(lseek(fd, -5, SEEK_END) == 7, "lseek SEEK_END -5");
	t_ok(fstat(fd, &st) == 0 && st.st_size == 12 && S_ISREG(st.st_mode), "fstat: regular, 12 bytes");
	int fd2 = dup(fd);
	t_ok(fd2 > fd, "dup returns the lowest free fd (%d)", fd2);
	t_ok(lseek(fd2, 0, SEEK_CUR) == 7, "dup shares the file offset");
	t_ok(close(fd2) == 0 && close(fd) == 0, "close both");
	t_err(close(fd), EBADF, "close of a closed fd: EBADF");
	t_err(read(fd, buf, 1), EBADF, "read of a closed fd: EBADF");
	fd = open("/tmp_t_file", O_WRONLY | O_APPEND);
	write(fd, "!", 1);
	close(fd);
	fd = open("/tmp_t_file", O_RDONLY);
	memset(buf, 0, sizeof buf);
	t_ok(read(fd, buf, sizeof buf) == 13 && !strcmp(buf, "hello, world!"), "O_APPEND appends");
	t_err(write(fd, "x", 1), EBADF, "write to an O_RDONLY fd: EBADF");
	close(fd);
	fd = open("/tmp_t_file", O_RDWR | O_TRUNC);
	t_ok(fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
	close(fd);
	t_err(open("/no/such/file", O_RDONLY), ENOENT, "open of a missing file: ENOENT");
	t_err(open("/bin", O_WRONLY), EISDIR, "open a directory for writing: EISDIR");
}

static void links(void)
{
	char buf[8] = "";
	struct stat st;
	t_ok(link("/tmp_t_file", "/tmp_t_link") == 0, "link");
	int fd = open("/tmp_t_link", O_RDWR);
	write(fd, "abc", 3);
	t_ok(fstat(fd, &st) == 0 && st.st_nlink == 2, "the linked file has 2 links");
	close(fd);
	t_err(link("/tmp_t_file", "/tmp_t_link"), EEXIST, "link to an existing name: EEXIST");
	t_ok(unlink("/tmp_t_file") == 0, "unlink the first name");
	fd = open("/tmp_t_link", O_RDONLY);
	t_ok(read(fd, buf, 3) == 3 && !memcmp(buf, "abc", 3), "the data lives on under the second name");
	close(fd);
	t_ok(unlink("/tmp_t_link") == 0, "unlink the second name");
	t_err(open("/tmp_t_link", O_RDONLY), ENOENT, "gone after the last unlink: ENOENT");
	t_err(unlink("/tmp_t_link"), ENOENT, "unlink of a missing name: ENOENT");
}

static int dir_has(const char *dir, const char *name)
{
	struct dirent ents[4];
	long n;
	int found = 0, fd = open(dir, O_RDONLY);
	while ((n = getdents(fd, ents, sizeof ents)) > 0)
		for (unsigned i = 0; i < n / sizeof ents[0]; i++)
			found |= !strcmp(ents[i].d_name, name);
	close(fd);
	return found;
}

static void dirs(void)
{
	struct stat st;
	t_ok(mkdir("/tmp_t_dir") == 0, "mkdir");
	t_err(mkdir("/tmp_t_dir"), EEXIST, "mkdir again: EEXIST");
	t_ok(chdir("/tmp_t_dir") == 0, "chdir into it");
	int fd = open("f", O_RDWR | O_CREAT);
	t_ok(fd >= 0, "create a file by a relative path");
	close(fd);
	fd = open("/tmp_t_dir/f", O_RDONLY);
	t_ok(fd >= 0, "found by its absolute path");
	close(fd);
	t_ok(dir_has(".", "f") && dir_has("/tmp_t_dir", "f"), "getdents lists it");
	t_ok(dir_has("/", "tmp_t_dir") && dir_has("/bin", "sh") && dir_has("/tests", "t_file"),
	     "getdents of / /bin /tests");
	fd = open(".", O_RDONLY);
	t_ok(fstat(fd, &st) == 0 && S_ISDIR(st.st_mode), "fstat of a directory: S_IFDIR");
	close(fd);
	t_err(chdir("f"), ENOTDIR, "chdir to a file: ENOTDIR");
	t_err(open("f/x", O_RDONLY), ENOTDIR, "a file as a path component: ENOTDIR");
	t_ok(chdir("..") == 0 && dir_has(".", "tmp_t_dir"), "chdir ..");
	t_ok(unlink("/tmp_t_dir/f") == 0, "unlink the file");
	t_ok(unlink("/tmp_t_dir") == 0 && !dir_has("/", "tmp_t_dir"), "unlink the empty directory");
}

static void console(void)
{
	t_ok(write(1, "# hello from write(1)\n", 22) == 22, "write to the console");
	struct stat st;
	t_ok(fstat(0, &st) == 0, "fstat of stdin");
}

/* Kernel memory comes back: thousands of files, directories and pipes
 * made and removed leave the heap and the free pages exactly where they
 * were (nothing this program keeps grows meanwhile: no new mappings). */
static void memory_comes_back(void)
{
	struct t_kstate before, after;
	int ok = 1, fds[2];
	char name[32];

	t_kstate(&before);
	for (int i = 0; i < 4000 && ok; i++) {
		snprintf(name, sizeof name, "/t_file_churn%d", i % 50);
		int fd = open(name, O_CREAT | O_WRONLY);
		ok = fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0 && unlink(name) == 0;
	}
	for (int i = 0; i < 64 && ok; i++) {            /* a directory grows, then empties */
		snprintf(name, sizeof name, "/t_file_many%d", i);
		ok = mkdir(name) == 0;
	}
	for (int i = 0; i < 64 && ok; i++) {
		snprintf(name, sizeof name, "/t_file_many%d", i);
		ok = unlink(name) == 0;
	}
	for (int i = 0; i < 1000 && ok; i++)
		ok = pipe(fds) == 0 && write(fds[1], "y", 1) == 1 && close(fds[0]) == 0 &&
		     close(fds[1]) == 0;
	t_kstate(&after);
	t_ok(ok, "4000 files, 64 directories and 1000 pipes made and removed");
	t_ok(after.heap_bytes == before.heap_bytes && after.free_pages == before.free_pages,
	     "the kernel's memory is back exactly: heap change %ld bytes, free pages %ld",
	     (long)(after.heap_bytes - before.heap_bytes),
	     (long)(after.free_pages - before.free_pages));
}

int main(void)
{
	files();
	links();
	dirs();
	console();
	memory_comes_back();
	return t_done();
}
