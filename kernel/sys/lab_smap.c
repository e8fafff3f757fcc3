/*
 * kernel/sys/lab_smap.c - a small device driver for lab 05 (docs/labs/05-smap.md).
 *
 * The "device" keeps a configuration (mode, threshold, the caller's
 * cookie), a name, and counters of the data fed to it. A program reaches
 * it with the demo system call (kernel/uapi/demo.h: DEMO_SMAP_*), as it
 * would reach a driver with an ioctl: every argument is a pointer into the
 * caller's memory, and each operation either reads a structure, writes a
 * structure, reads a string or reads a buffer of any length from there.
 *
 * The rule this driver keeps: a user pointer is never dereferenced. Each
 * access goes through UMA (uma/usermode_accessors.h), which checks that
 * the range is user space and carries the exception-table entry that
 * turns a fault into an exception. An exception none of these functions
 * catches reaches syscall_dispatch()'s __except and becomes -EFAULT; that
 * is safe here because every operation works on locals and changes the
 * device's state only after the last user access (nothing to undo).
 *
 * With SMAP (x86-64, Intel SDM Vol.3 4.6.1) or PAN (ARM64, Arm ARM D5.4)
 * on, a plain load or store to a user page from the kernel faults; the
 * kernel names it ("SMAP violation", "PAN violation") and kills the
 * calling process (arch/trap.c). That is what the lab's starting point
 * shows.
 */
#include "sys/lab_drivers.h"
#include "base/spinlock.h"
#include "base/string.h"
#include "uma/usermode_accessors.h"
#include "uma/probe.h"
#include "uapi/demo.h"
#include "uapi/errno.h"

static struct {
	unsigned int mode, threshold;
	uint64_t cookie;
	uint64_t calls, bytes;      /* successful state changes; bytes fed */
	uint32_t sum;               /* of the bytes fed, modulo 2^32 */
	size_t name_len;
	char name[DEMO_SMAP_NAME_MAX];
} dev = {
	.mode = DEMO_SMAP_DEFAULT_MODE,
	.threshold = DEMO_SMAP_DEFAULT_THRESHOLD,
	.name_len = sizeof(DEMO_SMAP_DEFAULT_NAME) - 1,
	.name = DEMO_SMAP_DEFAULT_NAME,
};
/* The state is shared by every process; user memory is never touched
 * with it held (a fault there would leave it held, interrupts masked). */
static struct spinlock lock = SPINLOCK_INIT("lab_smap");

static void reset(void)
{
	uint64_t f = spin_lock_irqsave(&lock);

	dev.mode = DEMO_SMAP_DEFAULT_MODE;
	dev.threshold = DEMO_SMAP_DEFAULT_THRESHOLD;
	dev.cookie = dev.calls = dev.bytes = 0;
	dev.sum = 0;
	memset(dev.name, 0, sizeof(dev.name));
	dev.name_len = strlcpy(dev.name, DEMO_SMAP_DEFAULT_NAME, sizeof(dev.name));
	spin_unlock_irqrestore(&lock, f);
}

/* FNV-1a, 32 bits: lets a test check the name without reading it back. */
static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static long query(unsigned long what)
{
	uint64_t f = spin_lock_irqsave(&lock);
	long v;

	switch (what) {
	case DEMO_SMAP_Q_MODE:      v = dev.mode; break;
	case DEMO_SMAP_Q_THRESHOLD: v = dev.threshold; break;
	case DEMO_SMAP_Q_COOKIE:    v = (long)dev.cookie; break;
	case DEMO_SMAP_Q_CALLS:     v = (long)dev.calls; break;
	case DEMO_SMAP_Q_BYTES:     v = (long)dev.bytes; break;
	case DEMO_SMAP_Q_SUM:       v = dev.sum; break;
	case DEMO_SMAP_Q_NAME_LEN:  v = (long)dev.name_len; break;
	case DEMO_SMAP_Q_NAME_HASH: v = name_hash(dev.name, dev.name_len); break;
	default:                    v = -EINVAL; break;
	}
	spin_unlock_irqrestore(&lock, f);
	return v;
}

static LAB_OP long set_config(const struct demo_smap_config __user *ucfg)
{
	struct demo_smap_config cfg;

	// LAB smap BEGIN: read the caller's struct demo_smap_config through UMA
	ReadStructFromUser(&cfg, ucfg);         /* sizeof(cfg) bytes, or it raises */
	// LAB smap STUB
	// cfg = *ucfg;
	// LAB smap END
	if (cfg.mode > DEMO_SMAP_MODE_MAX || cfg.threshold < 1 ||
	    cfg.threshold > DEMO_SMAP_THRESHOLD_MAX)
		return -EINVAL;
	uint64_t f = spin_lock_irqsave(&lock);
	dev.mode = cfg.mode;
	dev.threshold = cfg.threshold;
	dev.cookie = cfg.cookie;
	dev.calls++;
	spin_unlock_irqrestore(&lock, f);
	return 0;
}

static LAB_OP long get_stats(struct demo_smap_stats __user *ustats)
{
	struct demo_smap_stats st;

	memset(&st, 0, sizeof(st));     /* the name's tail is zeros, not stack bytes */
	uint64_t f = spin_lock_irqsave(&lock);
	st.calls = dev.calls;
	st.bytes = dev.bytes;
	st.cookie = dev.cookie;
	st.mode = dev.mode;
	st.threshold = dev.threshold;
	st.sum = dev.sum;
	st.name_len = (unsigned int)dev.name_len;
	memcpy(st.name, dev.name, sizeof(st.name));
	spin_unlock_irqrestore(&lock, f);

	// LAB smap BEGIN: give the caller its struct demo_smap_stats through UMA
	WriteStructToUser(ustats, &st);         /* all of it, or it raises */
	// LAB smap STUB
	// *ustats = st;
	// LAB smap END
	return 0;
}

static LAB_OP long set_name(const char __user *uname)
{
	char name[DEMO_SMAP_NAME_MAX];
	size_t len;

	// LAB smap BEGIN: copy the name in through UMA: each byte once, up to the NUL, at most sizeof(name)
	/* Byte by byte: a name may end just before an unmapped page, so
	 * reading ahead in bigger pieces could fault on bytes that are not
	 * part of it. Each byte is read once (docs/labs/06-doublefetch.md). */
	for (len = 0; len < sizeof(name); len++) {
		name[len] = ReadCharFromUser(uname + len);
		if (!name[len])
			break;
	}
	// LAB smap STUB
	// len = strnlen(uname, sizeof(name));
	// memcpy(name, uname, len < sizeof(name) ? len + 1 : len);
	// LAB smap END
	if (len == sizeof(name))
		return -ENAMETOOLONG;
	if (len == 0)
		return -EINVAL;
	uint64_t f = spin_lock_irqsave(&lock);
	memset(dev.name, 0, sizeof(dev.name));
	memcpy(dev.name, name, len);
	dev.name_len = len;
	dev.calls++;
	spin_unlock_irqrestore(&lock, f);
	return (long)len;
}

static LAB_OP long feed(const uint8_t __user *ubuf, size_t len)
{
	uint32_t sum = 0;

	// LAB smap BEGIN: read the len bytes at ubuf through UMA, a kernel buffer at a time
	uint8_t chunk[128];

	ProbeForRead(ubuf, len, 1);     /* the whole range is user space (Linux: access_ok) */
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		CopyFromUser(chunk, ubuf + done, n);
		for (size_t i = 0; i < n; i++)
			sum += chunk[i];
		done += n;
	}
	// LAB smap STUB
	// const uint8_t *p = ubuf;
	// for (size_t i = 0; i < len; i++)
	// 	sum += p[i];
	// LAB smap END
	/* Counted only now: a fault above left the device as it was. */
	uint64_t f = spin_lock_irqsave(&lock);
	dev.bytes += len;
	dev.sum += sum;
	dev.calls++;
	spin_unlock_irqrestore(&lock, f);
	return (long)len;
}

long lab_smap_op(int op, void __user *arg, unsigned long len)
{
	switch (op) {
	case DEMO_SMAP_RESET:
		reset();
		return 0;
	case DEMO_SMAP_SET_CONFIG:
		return set_config(arg);
	case DEMO_SMAP_GET_STATS:
		return get_stats(arg);
	case DEMO_SMAP_SET_NAME:
		return set_name(arg);
	case DEMO_SMAP_FEED:
		return feed(arg, len);
	case DEMO_SMAP_QUERY:
		return query(len);
	default:
		return -EINVAL;
	}
}
