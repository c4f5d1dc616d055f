/* emit-text.c - the bytes under every format: growable buffers (with the
 * test hook that fails an allocation), UTF-8 checking, escaping and
 * integers in decimal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"

long emit_test_fail_alloc;

void *emit_realloc(void *p, size_t n)
{
	if (emit_test_fail_alloc > 0 && --emit_test_fail_alloc == 0)
		return NULL;
	return realloc(p, n ? n : 1);
}

void *emit_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return emit_realloc(p, n * size);
}

void *emit_zalloc(size_t n)
{
	void *p = emit_realloc(NULL, n);

	if (p)
		memset(p, 0, n);
	return p;
}

void emit_buf_init(struct emit_buf *b, int *failed)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = failed;
}

int emit_buf_grow(struct emit_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len)
		goto fail;
	need = b->len + extra;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = emit_realloc(b->p, cap);
	if (!p)
		goto fail;
	b->p = p;
	b->cap = cap;
	return 0;
fail:
	*b->failed = 1;
	return -1;
}

void emit_buf_free(struct emit_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static int cont(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

int emit_utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	int need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2 || c > 0xf4)
		return -1;
	if (c < 0xe0) {
		need = 2;
	} else if (c < 0xf0) {
		need = 3;
		/* Overlong forms and UTF-16 surrogates are ruled out at the
		 * second byte, so the subpart replaced is the lead alone. */
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else {
		need = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	}
	for (i = 1; i < need; i++) {
		if ((size_t)i >= n || !cont(p[i], lo, hi))
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return need;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Whether a byte of x is below 0x20, 0x7f or above, '"' or '\\'. It may
 * say yes for none (a borrow or carry across bytes), never no for one. */
static inline int has_special(uint64_t x)
{
	uint64_t quote = x ^ (ONES * '"'), bs = x ^ (ONES * '\\');

	return (((x - ONES * 0x20) | (x + ONES) | (quote - ONES) |
		 (bs - ONES) | x) & HIGHS) != 0;
}

void emit_escape(const struct emit_sink *s, const char *str, size_t n,
		 const char *const esc[128], int c1)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, run = 0;
	int k;

	if (n == 0)
		return;
	while (i < n) {
		unsigned char c;

		/* Eight bytes at a time while none can need a look: none
		 * below 0x20, none from 0x7f up, no '"' and no '\\' (the
		 * escapes any format asks for are among these). A word
		 * that might hold one goes byte by byte below. */
		while (n - i >= 8) {
			uint64_t x;
			memcpy(&x, p + i, 8);
			if (has_special(x))
				break;
			i += 8;
		}
		/* The last few bytes as one word too, padded with a byte
		 * that needs no look: a key or a short value is all tail. */
		if (n - i < 8) {
			uint64_t x = ONES * 'a';
			memcpy(&x, p + i, n - i);
			if (!has_special(x))
				i = n;
		}
		if (i >= n)
			break;
		c = p[i];

		/* Most text is plain ASCII: step over it in a tight loop. */
		while (c < 0x80 && !esc[c] && ++i < n)
			c = p[i];
		if (i == n)
			break;
		if (c < 0x80) {
			emit_put(s, str + run, i - run);
			emit_puts(s, esc[c]);
			run = ++i;
			continue;
		}
		k = emit_utf8_len(p + i, n - i);
		if (k > 0 && !(c1 && c == 0xc2 && p[i + 1] < 0xa0)) {
			i += (size_t)k;
			continue;
		}
		emit_put(s, str + run, i - run);
		if (k > 0) {
			char u[] = "\\u0080";

			u[4] = hex[p[i + 1] >> 4];
			u[5] = hex[p[i + 1] & 15];
			emit_put(s, u, 6);
			i += 2;
		} else {
			emit_put(s, "\xef\xbf\xbd", 3);
			i += (size_t)-k;
		}
		run = i;
	}
	emit_put(s, str + run, i - run);
}

size_t emit_fmt_int(char *dst, int64_t v)
{
	char tmp[20];
	/* INT64_MIN has no positive int64_t; -(v + 1) always does. */
	uint64_t u = v < 0 ? (uint64_t) - (v + 1) + 1 : (uint64_t)v;
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		dst[len++] = '-';
	while (n)
		dst[len++] = tmp[--n];
	dst[len] = '\0';
	return len;
}
