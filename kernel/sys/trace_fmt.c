/*
 * kernel/sys/trace_fmt.c - how `trace` prints one system call: its name,
 * each argument by the kind kernel/uapi/syscall_table.h gives it, the
 * result with its errno name (kernel/uapi/errno_table.h), and the time.
 *
 * User memory is read through UMA inside __try, each byte at most once and
 * only the bytes shown: a path or argv string up to STR_SHOWN characters,
 * a write() buffer up to BUF_SHOWN bytes. A pointer that faults anywhere
 * in what would be shown is printed as its address instead.
 */
#include "sys/trace.h"
#include "base/printk.h"
#include "uma/usermode_accessors.h"
#include "uapi/fs.h"
#include "uapi/mman.h"
#include "base/nospec.h"

#define STR_SHOWN  64   /* characters of a path or an argv string */
#define BUF_SHOWN  32   /* bytes of a buffer the call reads */
#define ARGV_SHOWN 8    /* strings of an argv */

/* The kinds of the table's "returns" and argument columns. */
enum kind {
	K_INT, K_UINT, K_LONG, K_SIZE, K_FD, K_PID, K_PTR, K_PATH, K_ARGV,
	K_BUF_IN, K_BUF_OUT, K_OFLAGS, K_PROT, K_MFLAGS, K_WHENCE, K_NORETURN,
};

struct call_desc {
	const char *name;       /* NULL: no system call has this number */
	uint8_t ret, nargs;
	uint8_t kind[6];
};

#define KIND(kind, type, name) K_##kind
#define SYSCALL(nr, name, stub, ret, rtype, nargs, ...) \
	[nr] = { #name, K_##ret, nargs, { SC_MAP##nargs(KIND, __VA_ARGS__) } },
static const struct call_desc calls[NSYSCALLS] = {
#include "uapi/syscall_table.h"
};
#undef SYSCALL
#undef KIND

static const struct { const char *name, *text; } errnos[] = {
#define ERRNO(value, name, text) [value] = { #name, text },
#include "uapi/errno_table.h"
#undef ERRNO
};

static const struct call_desc *desc(uint64_t nr)
{
	if (nr >= NSYSCALLS)
		return NULL;
	nr = array_index_nospec(nr, NSYSCALLS);   /* a user's number: Spectre v1 (base/nospec.h) */
	return calls[nr].name ? &calls[nr] : NULL;
}

/* Append to the line; what does not fit is cut. */
static void __printf(2, 3) add(struct trace_line *l, const char *fmt, ...)
{
	size_t room = sizeof(l->buf) - l->len;
	va_list ap;

	va_start(ap, fmt);
	size_t n = (size_t)kvsnprintf(l->buf + l->len, room, fmt, ap);
	va_end(ap);
	l->len += n < room ? n : room - 1;
}

static void add_ptr(struct trace_line *l, uint64_t p)
{
	if (p)
		add(l, "0x%lx", (unsigned long)p);
	else
		add(l, "NULL");
}

/* Bytes as a C string literal: "hi\n", then ... if there was more. */
static void add_quoted(struct trace_line *l, const char *s, size_t n, bool more)
{
	add(l, "\"");
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n')
			add(l, "\\n");
		else if (c == '\t')
			add(l, "\\t");
		else if (c == '"' || c == '\\')
			add(l, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			add(l, "%c", c);
		else
			add(l, "\\x%02x", (unsigned)(unsigned char)c);
	}
	add(l, "%s", more ? "\"..." : "\"");
}

/* The string at u into buf, each byte read once, at most max of them:
 * its length (max if no NUL came by then), or -1 if it faulted. */
static long fetch_string(char *buf, size_t max, const char __user *u)
{
	volatile long len = -1;

	__try {
		size_t i = 0;
		while (i < max && (buf[i] = ReadCharFromUser(u + i)))
			i++;
		len = (long)i;
	} __except (UmaExceptionFilter(UserMode)) {
		len = -1;
	}
	return len;
}

static void add_string(struct trace_line *l, const char __user *u)
{
	char s[STR_SHOWN];
	long n = u ? fetch_string(s, sizeof(s), u) : -1;

	if (n < 0)
		add_ptr(l, (__force uintptr_t)u);
	else
		add_quoted(l, s, (size_t)n, n == STR_SHOWN);
}

/* ["sh", "-c", ...]: the pointers first, each read once, then each string. */
static void add_argv(struct trace_line *l, char *const __user *uargv)
{
	const char __user *s[ARGV_SHOWN + 1];
	volatile int n = -1;

	if (!uargv) {
		add(l, "NULL");
		return;
	}
	__try {
		int i = 0;
		while (i <= ARGV_SHOWN && (s[i] = (__force const char __user *)
					   ReadPointerFromUser((PVOID __user *)&uargv[i])))
			i++;
		n = i;
	} __except (UmaExceptionFilter(UserMode)) {
		n = -1;
	}
	if (n < 0) {
		add_ptr(l, (__force uintptr_t)uargv);
		return;
	}
	add(l, "[");
	for (int i = 0; i < n && i < ARGV_SHOWN; i++) {
		add(l, "%s", i ? ", " : "");
		add_string(l, s[i]);
	}
	add(l, "%s", n > ARGV_SHOWN ? ", ...]" : "]");
}

/* A buffer the call will read (write's data): its first bytes. */
static void add_buffer(struct trace_line *l, const void __user *u, unsigned long n)
{
	char b[BUF_SHOWN];
	size_t shown = n < BUF_SHOWN ? n : BUF_SHOWN;
	volatile bool ok = false;

	if (u) {
		__try {
			CopyFromUser(b, u, shown);
			ok = true;
		} __except (UmaExceptionFilter(UserMode)) {
			ok = false;
		}
	}
	if (ok)
		add_quoted(l, b, shown, n > shown);
	else
		add_ptr(l, (__force uintptr_t)u);
}

struct flag {
	unsigned bit;
	const char *name;
};
static const struct flag open_flags[] = {
	{ O_CREAT, "O_CREAT" }, { O_TRUNC, "O_TRUNC" }, { O_APPEND, "O_APPEND" }, { 0, NULL } };
static const struct flag prot_flags[] = {
	{ PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" }, { PROT_EXEC, "PROT_EXEC" },
	{ 0, NULL } };
static const struct flag map_flags[] = {
	{ MAP_PRIVATE, "MAP_PRIVATE" }, { MAP_FIXED, "MAP_FIXED" },
	{ MAP_ANONYMOUS, "MAP_ANONYMOUS" }, { 0, NULL } };

/* "A|B|0x100": the names of the bits set, then any others in hex, each
 * after a '|' unless it is the first thing printed. */
static void add_flags(struct trace_line *l, unsigned v, const struct flag *f, bool first)
{
	for (; f->name; f++)
		if (v & f->bit) {
			add(l, "%s%s", first ? "" : "|", f->name);
			v &= ~f->bit;
			first = false;
		}
	if (v)
		add(l, "%s0x%x", first ? "" : "|", v);
	else if (first)
		add(l, "0");
}

static void add_open_flags(struct trace_line *l, unsigned v)
{
	static const char *const access[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	add(l, "%s", access[v & O_ACCMODE]);
	add_flags(l, v & ~O_ACCMODE, open_flags, false);
}

static void add_prot(struct trace_line *l, unsigned v)
{
	if (v == PROT_NONE)
		add(l, "PROT_NONE");
	else
		add_flags(l, v, prot_flags, true);
}

static void add_whence(struct trace_line *l, int v)
{
	static const char *const names[] = { [SEEK_SET] = "SEEK_SET", [SEEK_CUR] = "SEEK_CUR",
					     [SEEK_END] = "SEEK_END" };

	if (v >= 0 && v < (int)(sizeof(names) / sizeof(names[0])))
		add(l, "%s", names[v]);
	else
		add(l, "%d", v);
}

/* Argument i of the call, printed by its kind. */
static void add_arg(struct trace_line *l, unsigned kind, const struct syscall_args *a, int i)
{
	uint64_t v = a->arg[i];

	switch (kind) {
	case K_INT: case K_FD: case K_PID: add(l, "%d", (int)v); break;
	case K_UINT:    add(l, "%u", (unsigned)v); break;
	case K_LONG:    add(l, "%ld", (long)v); break;
	case K_SIZE:    add(l, "%lu", (unsigned long)v); break;
	case K_PATH:    add_string(l, arg_ptr(a, i)); break;
	case K_ARGV:    add_argv(l, arg_ptr(a, i)); break;
	case K_BUF_IN:  add_buffer(l, arg_ptr(a, i), i < 5 ? arg_ulong(a, i + 1) : 0); break;
	case K_OFLAGS:  add_open_flags(l, (unsigned)v); break;
	case K_PROT:    add_prot(l, (unsigned)v); break;
	case K_MFLAGS:  add_flags(l, (unsigned)v, map_flags, true); break;
	case K_WHENCE:  add_whence(l, (int)v); break;
	default:        add_ptr(l, v); break;     /* K_PTR, K_BUF_OUT */
	}
}

void trace_format_call(struct trace_line *l, int pid, const struct syscall_args *a)
{
	const struct call_desc *c = desc(a->nr);

	add(l, "[pid %d] ", pid);
	if (!c) {       /* no such call: its number and all six registers */
		add(l, "syscall_%ld(", (long)a->nr);
		for (int i = 0; i < 6; i++)
			add(l, "%s0x%lx", i ? ", " : "", (unsigned long)a->arg[i]);
		return;
	}
	add(l, "%s(", c->name);
	for (int i = 0; i < c->nargs; i++) {
		add(l, "%s", i ? ", " : "");
		add_arg(l, c->kind[i], a, i);
	}
}

/* A cut line still ends the line. */
static void end_line(struct trace_line *l)
{
	if (l->len == sizeof(l->buf) - 1)
		l->buf[l->len - 1] = '\n';
}

void trace_format_result(struct trace_line *l, uint64_t nr, long r, uint64_t ns)
{
	const struct call_desc *c = desc(nr);
	long err = -r;

	if (r < 0 && r >= -4095 && err < (long)(sizeof(errnos) / sizeof(errnos[0])) &&
	    errnos[err].name)
		add(l, ") = -1 %s (%s)", errnos[err].name, errnos[err].text);
	else if (r < 0 && r >= -4095)
		add(l, ") = -1 (error %ld)", err);
	else if (c && c->ret == K_PTR)
		add(l, ") = 0x%lx", (unsigned long)r);
	else
		add(l, ") = %ld", r);
	add(l, " <%lu.%06lu>\n", (unsigned long)(ns / 1000000000), (unsigned long)(ns / 1000 % 1000000));
	end_line(l);
}

bool trace_never_returns(uint64_t nr)
{
	const struct call_desc *c = desc(nr);

	return c && c->ret == K_NORETURN;
}

void trace_format_noreturn(struct trace_line *l)
{
	add(l, ") = ?\n");
	end_line(l);
}
