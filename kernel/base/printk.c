/* kernel/base/printk.c - a small printf for the console. */
#include "base/printk.h"
#include "base/string.h"
#include "base/spinlock.h"

struct outbuf {
	char *buf;          /* NULL: write to the console */
	size_t size, len;
};

static const char *line_prefix;
static bool at_line_start = true;
/* The console sits above this layer (arch/): kmain registers its output
 * routine first thing; until then output is dropped. */
static void (*console_out)(char c);

void printk_set_console(void (*putc)(char c))
{
	console_out = putc;
}

void printk_set_prefix(const char *prefix)
{
	line_prefix = prefix;
}

static void console_putc(char c)
{
	if (!console_out)
		return;
	if (at_line_start && line_prefix)
		for (const char *p = line_prefix; *p; p++)
			console_out(*p);
	console_out(c);
	at_line_start = c == '\n';
}

static void out(struct outbuf *o, char c)
{
	if (!o->buf)
		console_putc(c);
	else if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Right-justified number; left justification is done by the caller. */
static void out_num(struct outbuf *o, uint64_t v, unsigned base, bool upper,
		    bool neg, int width, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0') {   /* "-0042": the sign goes before the zeros */
		out(o, '-');
		width--;
	} else if (neg) {
		tmp[n++] = '-';
	}
	for (int w = n; w < width; w++)
		out(o, pad);
	while (n)
		out(o, tmp[--n]);
}

static int format(struct outbuf *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(o, *fmt);
			continue;
		}
		bool left = false, alt = false;
		char pad = ' ';
		int width = 0, prec = -1, lng = 0;
		size_t start = o->len;

		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			prec = 0;
			for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		if (left)
			pad = ' ';

		switch (*fmt) {
		case 'd': case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			out_num(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0,
				left ? 0 : width, pad);
			break;
		}
		case 'u': case 'x': case 'X': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			if (alt && *fmt != 'u')
				out(o, '0'), out(o, 'x');
			out_num(o, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false,
				left ? 0 : width, pad);
			break;
		}
		case 'p':
			out(o, '0'), out(o, 'x');
			out_num(o, (uintptr_t)va_arg(ap, void *), 16, false, false, 16, '0');
			break;
		case 'c':
			out(o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = prec >= 0 ? strnlen(s, prec) : strlen(s);
			for (size_t w = n; !left && w < (size_t)width; w++)
				out(o, ' ');
			for (size_t i = 0; i < n; i++)
				out(o, s[i]);
			break;
		}
		case '%':
			out(o, '%');
			break;
		default:   /* unknown conversion: print it as written */
			out(o, '%');
			out(o, *fmt);
			break;
		}
		while (left && o->len - start < (size_t)width)
			out(o, ' ');
	}
	return (int)o->len;
}

/* One whole kprintf at a time, so lines from several CPUs never mix. */
static struct spinlock console_lock = SPINLOCK_INIT("console");

int vkprintf(const char *fmt, va_list ap)
{
	struct outbuf o = { NULL, 0, 0 };

	/* This CPU is already printing: an oops or panic from inside the
	 * formatter or the UART. Print anyway; waiting would never end. */
	if (spin_held_here(&console_lock))
		return format(&o, fmt, ap);
	uint64_t flags = spin_lock_irqsave(&console_lock);
	int n = format(&o, fmt, ap);
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

/* Bytes written as they are (a process's write to the console), under the
 * same lock: a kernel line and a program's output never mix either. */
void kwrite(const char *s, size_t n)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	for (size_t i = 0; console_out && i < n; i++)
		console_out(s[i]);
	spin_unlock_irqrestore(&console_lock, flags);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vkprintf(fmt, ap);
	va_end(ap);
	return n;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	int n = format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
