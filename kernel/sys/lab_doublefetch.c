/*
 * kernel/sys/lab_doublefetch.c - a driver for lab 06 (docs/labs/06-doublefetch.md).
 *
 * Three operations (kernel/uapi/demo.h: DEMO_DF_*), each of which checks a
 * value that lives in user memory and then uses it:
 *
 *   DEMO_DF_MSG     a length, checked against the kernel buffer, then the
 *                   copy of that many bytes;
 *   DEMO_DF_SUBMIT  a request holding a pointer to a command: the command
 *                   is checked (no ADMIN from user space), then run;
 *   DEMO_DF_STAT    a path, checked (under /pub/, no ".."), then opened.
 *
 * Every user access here is UMA, so no pointer can hurt the kernel. What
 * UMA cannot do is make two reads of the same user bytes agree: another
 * thread of the caller can change them in between (a double fetch,
 * Jurczyk and Coldwind's "Bochspwn", 2013). The rule this driver keeps: each
 * user value is fetched ONCE into kernel memory (captured), and both the
 * check and the use work on the capture. The double-fetch detector
 * (uma/doublefetch.h) watches for any second read of the same bytes.
 *
 * Between check and use each operation opens the demo driver's race
 * window (DEMO_SET_WINDOW, kernel/sys/demo_driver.c): on one CPU that is
 * where the caller's other thread gets to run.
 */
#include "sys/lab_drivers.h"
#include "base/lab.h"
#include "sys/syscall.h"
#include "fs/file.h"
#include "fs/inode.h"
#include "kmalloc.h"
#include "redzone.h"
#include "base/string.h"
#include "uma/usermode_accessors.h"
#include "uapi/demo.h"
#include "uapi/fs.h"

static LAB_OP long msg(struct demo_df_msg __user *umsg)
{
	char *volatile buf = kmalloc_redzone(DEMO_DF_MSG_MAX, "lab_doublefetch message");
	volatile long ret = 0;

	if (!buf)
		return -ENOMEM;
	__try {
		// LAB doublefetch BEGIN: DEMO_DF_MSG: fetch len once; check it and copy exactly that many bytes
		ULONG len = ReadULongFromUser(&umsg->len);      /* the only read of len */
		if (len > DEMO_DF_MSG_MAX) {
			ret = -EINVAL;
			__leave;
		}
		demo_race_window();
		CopyFromUser(buf, umsg->data, len);
		ret = len;
		// LAB doublefetch STUB
		// LAB_MISSING("doublefetch", "DEMO_DF_MSG's single fetch of len");
		// if (ReadULongFromUser(&umsg->len) > DEMO_DF_MSG_MAX) {   /* fetch 1: the check */
		// 	ret = -EINVAL;
		// 	__leave;
		// }
		// demo_race_window();
		// ULONG len = ReadULongFromUser(&umsg->len);      /* fetch 2: the use */
		// /* A real driver would copy all len bytes, over whatever follows its
		//  * buffer in the heap. This one stops inside the redzone, which
		//  * reports the overflow, so that the kernel survives the lab. */
		// CopyFromUser(buf, umsg->data, len < DEMO_DF_MSG_MAX + REDZONE_BYTES ? len : DEMO_DF_MSG_MAX + REDZONE_BYTES);
		// ret = len;
		// LAB doublefetch END
	} __except (UmaExceptionFilter(UserMode)) {
		ret = -EFAULT;
	}
	kfree_redzone(buf);             /* names an overflow on the console */
	return ret;
}

static bool cmd_allowed(unsigned int op)
{
	return op != DEMO_DF_CMD_ADMIN;         /* the kernel's own, never a user's */
}

static long run_cmd(const struct demo_df_cmd *c)
{
	switch (c->op) {
	case DEMO_DF_CMD_ECHO:
		return c->arg;
	case DEMO_DF_CMD_ADD:
		return c->arg + 1000L;
	case DEMO_DF_CMD_ADMIN:                 /* reached only by a command nobody checked */
		return DEMO_DF_ADMIN_RAN;
	default:
		return -EINVAL;
	}
}

static LAB_OP long submit(const struct demo_df_req __user *ureq)
{
	struct demo_df_cmd cmd;

	// LAB doublefetch BEGIN: DEMO_DF_SUBMIT: capture the request, then the command it points to, once each; check and run the captures
	struct demo_df_req req;

	ReadStructFromUser(&req, ureq);         /* the pointer, once */
	if (req.version != 1)
		return -EINVAL;
	ReadStructFromUser(&cmd, (const struct demo_df_cmd __user *)(uintptr_t)req.cmd);
	if (!cmd_allowed(cmd.op))               /* checks the command that will run */
		return -EPERM;
	demo_race_window();
	// LAB doublefetch STUB
	// LAB_MISSING("doublefetch", "DEMO_DF_SUBMIT's single capture of the request and its command");
	// if (ReadULongFromUser(&ureq->version) != 1)
	// 	return -EINVAL;
	// const struct demo_df_cmd __user *ucmd =
	// 	(const struct demo_df_cmd __user *)(uintptr_t)ReadULong64FromUser(&ureq->cmd);
	// if (!cmd_allowed(ReadULongFromUser(&ucmd->op)))   /* the check reads the command... */
	// 	return -EPERM;
	// demo_race_window();
	// ucmd = (const struct demo_df_cmd __user *)(uintptr_t)ReadULong64FromUser(&ureq->cmd);
	// ReadStructFromUser(&cmd, ucmd);                  /* ...the use reads it again */
	// LAB doublefetch END
	return run_cmd(&cmd);
}

/* The use: open the file the way open() does and give its size. */
static long file_size(const char *path)
{
	struct file *f;
	struct stat st;
	long err = fs_open(fs_cwd(), path, O_RDONLY, &f);

	if (err < 0)
		return err;
	file_stat(f, &st);
	file_close(f);
	return (long)st.st_size;
}

static LAB_OP long stat_path(const char __user *upath)
{
	char *path = kmalloc(PATH_MAX);
	long ret;

	if (!path)
		return -ENOMEM;
	// LAB doublefetch BEGIN: DEMO_DF_STAT: capture the path once; check the capture and open it
	ret = copy_path_from_user(path, upath);         /* the only fetch */
	if (ret)
		goto out;
	if (!demo_path_allowed(path)) {
		ret = -EPERM;
		goto out;
	}
	demo_race_window();
	ret = file_size(path);
	// LAB doublefetch STUB
	// LAB_MISSING("doublefetch", "DEMO_DF_STAT's single capture of the path");
	// ret = copy_path_from_user(path, upath);         /* fetch 1: to check */
	// if (ret)
	// 	goto out;
	// if (!demo_path_allowed(path)) {
	// 	ret = -EPERM;
	// 	goto out;
	// }
	// demo_race_window();
	// ret = copy_path_from_user(path, upath);         /* fetch 2: to use, like passing upath on */
	// if (ret)
	// 	goto out;
	// ret = file_size(path);
	// LAB doublefetch END
out:
	kfree(path);
	return ret;
}

long lab_df_op(int op, void __user *arg, unsigned long len)
{
	(void)len;
	switch (op) {
	case DEMO_DF_MSG:
		return msg(arg);
	case DEMO_DF_SUBMIT:
		return submit(arg);
	case DEMO_DF_STAT:
		return stat_path(arg);
	default:
		return -EINVAL;
	}
}
