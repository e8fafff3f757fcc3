/*
 * usertests/lib/printf.c - the printf family.
 *
 * One formatter writes characters into a "sink": a caller's buffer for
 * snprintf, or a small stack buffer flushed to a file descriptor for
 * printf/fprintf. Nothing is buffered across calls, so output never sits
 * in memory when a program forks, execs or is killed.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%, a width (digits or '*'), the
 * flags '-' (left-justify) and '0' (pad with zeros), the length modifiers
 * l, ll and z. No floating point (see ulib.h).
 *
 * A printf or fprintf call holds __ulib_print_lock from its first to its
 * last write(), so output of one call longer than the local buffer is not
 * cut in two by another thread's output.
 */
#include "ulib.h"

struct ulock __ulib_print_lock;

struct sink {
	char *buf;              /* snprintf: the caller's buffer; fd: local */
	size_t size, len;       /* capacity, characters stored */
	size_t total;           /* characters produced (the return value) */
	int fd;                 /* -1 for snprintf */
};

static void flush(struct sink *s)
{
	if (s->fd >= 0 && s->len) {
		write(s->fd, s->buf, s->len);
		s->len = 0;
	}
}

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->fd >= 0 && s->len == s->size)
		flush(s);
	if (s->len + (s->fd < 0) < s->size)   /* snprintf keeps room for NUL */
		s->buf[s->len++] = c;
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* Emit str (len chars) in a field of width: spaces left or right, or zeros
 * after the sign for numbers. */
static void field(struct sink *s, const char *str, int len, int width,
		  bool left, bool zero)
{
	int fill = width > len ? width - len : 0;
	if (left) {
		while (len--) put(s, *str++);
		pad(s, ' ', fill);
		return;
	}
	if (zero && *str == '-') {
		put(s, *str++);
		len--;
	}
	pad(s, zero ? '0' : ' ', fill);
	while (len--)
		put(s, *str++);
}

/* Digits of v in base into the end of tmp; returns the first character. */
static char *utoa(unsigned long long v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;
	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	return p;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	char tmp[32], *end = tmp + sizeof tmp, *p;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		bool left = false, zero = false;
		int width = 0, lng = 0;
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
			*fmt == '-' ? (left = true) : (zero = true);
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0)
				left = true, width = -width;
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		zero = zero && !left;
		unsigned long long u;
		switch (*fmt) {
		case 'd': case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
				      lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
			p = utoa(u, 10, false, end);
			if (v < 0)
				*--p = '-';
			field(s, p, end - p, width, left, zero);
			break;
		}
		case 'u': case 'x': case 'X':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			p = utoa(u, *fmt == 'u' ? 10 : 16, *fmt == 'X', end);
			field(s, p, end - p, width, left, zero);
			break;
		case 'p':
			p = utoa((uintptr_t)va_arg(ap, void *), 16, false, end);
			*--p = 'x';
			*--p = '0';
			field(s, p, end - p, width, left, false);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			field(s, str, strlen(str), width, left, false);
			break;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			field(s, tmp, 1, width, left, false);
			break;
		case '%':
			put(s, '%');
			break;
		case '\0':      /* a lone '%' at the end */
			return;
		default:        /* unknown: print it as written */
			put(s, '%');
			put(s, *fmt);
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size, .fd = -1 };
	format(&s, fmt, ap);
	if (size)
		buf[s.len] = '\0';
	return (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vfprintf(int fd, const char *fmt, va_list ap)
{
	char local[256];
	struct sink s = { .buf = local, .size = sizeof local, .fd = fd };
	ulock_acquire(&__ulib_print_lock);
	format(&s, fmt, ap);
	flush(&s);
	ulock_release(&__ulib_print_lock);
	return (int)s.total;
}

int fprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

/* puts writes the string and a newline in one system call when it fits,
 * so lines from different processes do not interleave mid-line. */
int puts(const char *s)
{
	return printf("%s\n", s) < 0 ? -1 : 1;
}
