/* kernel/uapi/fs.h - open flags, lseek, struct stat and struct dirent. */
#ifndef UAPI_FS_H
#define UAPI_FS_H

#define O_RDONLY  0x000
#define O_WRONLY  0x001
#define O_RDWR    0x002
#define O_ACCMODE 0x003
#define O_CREAT   0x040
#define O_TRUNC   0x200
#define O_APPEND  0x400

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define S_IFMT   0170000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFREG  0100000
#define S_IFIFO  0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

#define PATH_MAX 256   /* bytes, including the NUL: a 256-byte path is ENAMETOOLONG */
#define NAME_MAX 63    /* one path component */

struct stat {
	unsigned long st_size;
	unsigned int  st_mode;
	unsigned int  st_ino;
	unsigned int  st_nlink;
	unsigned int  st_reserved;
};

struct dirent {
	unsigned int d_ino;
	unsigned int d_type;          /* S_IFDIR / S_IFREG / ... >> 12 */
	char d_name[NAME_MAX + 1];
};

#endif
