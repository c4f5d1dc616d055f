/* emit-width.c - how wide text is on a terminal, and how wide the terminal
 * is, for the table emitter. The text is always UTF-8 (stored text is
 * checked on the way in, and the table shows it escaped), whatever the
 * user's locale says, so its width is what a UTF-8 locale's wcwidth says:
 * 山田太郎 is eight columns, not four. The locale is used as a value
 * (newlocale, uselocale around the calls), never set for the process, so
 * nothing else in berth changes behaviour under it. */
#define _GNU_SOURCE
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "emit-private.h"

/* A UTF-8 locale to ask wcwidth under: C.UTF-8 (in every glibc since
 * 2.35, and in musl), else the user's own when it is UTF-8. (locale_t)0
 * when there is none; then every code point counts one column, as before. */
static locale_t utf8_locale(void)
{
	static locale_t loc;
	static int tried;
	locale_t l;

	if (tried)
		return loc;
	tried = 1;
	if ((l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0))) {
		loc = l;
		return loc;
	}
	if ((l = newlocale(LC_CTYPE_MASK, "", (locale_t)0))) {
		const char *cs = nl_langinfo_l(CODESET, l);
		if (cs && strcmp(cs, "UTF-8") == 0)
			loc = l;
		else
			freelocale(l);
	}
	return loc;
}

static unsigned decode(const unsigned char *p, int len)
{
	unsigned cp;

	if (len == 1)
		return p[0];
	cp = p[0] & (0x7f >> len);
	for (int i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

/* Width of the code point of `len` bytes at p, under loc (current). */
static size_t cp_width(const unsigned char *p, int len, locale_t loc)
{
	int w;

	if (len <= 0)
		return 1; /* an ill-formed byte, shown as U+FFFD */
	if (len == 1)
		return 1; /* the table escapes ASCII controls before this */
	if (!loc)
		return 1;
	w = wcwidth((wchar_t)decode(p, len));
	return w < 0 ? 1 : (size_t)w;
}

size_t emit_cut(const char *s, size_t n, size_t maxw, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	locale_t loc = (locale_t)0, old = (locale_t)0;
	size_t i = 0, w = 0;

	while (i < n) {
		int len;
		size_t cw;

		if (p[i] < 0x80) {
			if (w + 1 > maxw)
				break;
			w++;
			i++;
			continue;
		}
		if (!loc && !old && (loc = utf8_locale()))
			old = uselocale(loc);
		len = emit_utf8_len(p + i, n - i);
		cw = cp_width(p + i, len, loc);
		if (w + cw > maxw)
			break;
		w += cw;
		i += len < 0 ? (size_t)-len : (size_t)len;
	}
	if (old)
		uselocale(old);
	*width = w;
	return i;
}

/* Nearly every cell is ASCII from end to end (ids, times, names), a
 * column a byte: that part is measured a word at a time, and only what
 * follows the first byte from 0x80 up is decoded. */
size_t emit_width(const char *s, size_t n)
{
	size_t i = 0, w;

	for (; n - i >= 8; i += 8) {
		uint64_t x;

		memcpy(&x, s + i, 8);
		if (x & UINT64_C(0x8080808080808080))
			break;
	}
	while (i < n && !(s[i] & 0x80))
		i++;
	if (i == n)
		return n;
	emit_cut(s + i, n - i, SIZE_MAX, &w);
	return i + w;
}

/* The width to fit a table to: 0 (never cut) unless the stream is a
 * terminal. Then COLUMNS, as the shell and ls(1) honour it, else what the
 * terminal says. A pipe or a file always gets every character. */
size_t emit_term_width(FILE *f)
{
	struct winsize ws;
	const char *cols;
	int fd = f ? fileno(f) : -1;

	if (fd < 0 || !isatty(fd))
		return 0;
	if ((cols = getenv("COLUMNS")) && *cols) {
		char *end;
		long v = strtol(cols, &end, 10);
		if (!*end && v > 0 && v < 100000)
			return (size_t)v;
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}
