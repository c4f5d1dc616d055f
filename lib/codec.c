#include "codec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* xxHash's implementation, compiled in from its header: a seal costs no
 * shared library at start-up. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "key.h"

/* Strings longer than this never come from valid input; a longer length
 * in a stored value means damage. */
#define STR_LIMIT (1u << 20)
#define NULL_STR  0xffffffffu

void wb_on(wbuf *w, void *buf, size_t cap)
{
	w->p = buf;
	w->len = 0;
	w->cap = cap;
	w->oom = 0;
	w->borrowed = 1;
}

void wb_free(wbuf *w)
{
	if (!w->borrowed)
		free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
	w->borrowed = 0;
}

/* Room for n more bytes. The common case, room already there, is the
 * first test and inlined: a record's fields each come through here. */
static int grow(wbuf *w, size_t n);

static inline int reserve(wbuf *w, size_t n)
{
	return w->len + n <= w->cap ? !w->oom : grow(w, n);
}

static int grow(wbuf *w, size_t n)
{
	size_t cap = w->cap ? w->cap * 2 : 256;
	uint8_t *p;

	if (w->oom)
		return 0;
	while (cap < w->len + n)
		cap *= 2;
	if (w->borrowed) {
		if ((p = malloc(cap)) && w->len)
			memcpy(p, w->p, w->len);
	} else {
		p = realloc(w->p, cap);
	}
	if (!p) {
		w->oom = 1;
		return 0;
	}
	w->p = p;
	w->cap = cap;
	w->borrowed = 0;
	return 1;
}

static void put_be(wbuf *w, uint64_t v, unsigned bytes)
{
	if (!reserve(w, bytes))
		return;
	be_put(w->p + w->len, v, bytes);
	w->len += bytes;
}

void wb_u8(wbuf *w, uint8_t v)
{
	put_be(w, v, 1);
}

void wb_u32(wbuf *w, uint32_t v)
{
	put_be(w, v, 4);
}

void wb_u64(wbuf *w, uint64_t v)
{
	put_be(w, v, 8);
}

void wb_i64(wbuf *w, int64_t v)
{
	put_be(w, (uint64_t)v, 8);
}

void wb_raw(wbuf *w, const void *p, size_t n)
{
	if (n && reserve(w, n)) {
		memcpy(w->p + w->len, p, n);
		w->len += n;
	}
}

void wb_uvar(wbuf *w, uint64_t v)
{
	uint8_t b[10];
	size_t n = 0;

	do {
		b[n++] = (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v);
	wb_raw(w, b, n);
}

void wb_svar(wbuf *w, int64_t v)
{
	wb_uvar(w, zigzag(v));
}

void wb_bytes(wbuf *w, const void *p, size_t n)
{
	wb_u32(w, (uint32_t)n);
	wb_raw(w, p, n);
}

void wb_str(wbuf *w, const char *s)
{
	if (!s)
		wb_u32(w, NULL_STR);
	else
		wb_bytes(w, s, strlen(s));
}

void rb_init(rbuf *r, const void *p, size_t n, arena *a)
{
	r->p = p;
	r->end = r->p + n;
	r->bad = 0;
	r->a = a;
	r->why[0] = '\0';
}

void rb_bad(rbuf *r, const char *fmt, ...)
{
	va_list ap;

	if (r->bad)
		return;
	r->bad = 1;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

size_t rb_left(const rbuf *r)
{
	return (size_t)(r->end - r->p);
}

static uint64_t get_be(rbuf *r, unsigned bytes)
{
	uint64_t v;

	if (r->bad)
		return 0;
	if (rb_left(r) < bytes) {
		rb_bad(r, "value ends early");
		return 0;
	}
	v = be_get(r->p, bytes);
	r->p += bytes;
	return v;
}

uint8_t rb_u8(rbuf *r)
{
	return (uint8_t)get_be(r, 1);
}

uint32_t rb_u32(rbuf *r)
{
	return (uint32_t)get_be(r, 4);
}

uint64_t rb_u64(rbuf *r)
{
	return get_be(r, 8);
}

int64_t rb_i64(rbuf *r)
{
	return (int64_t)get_be(r, 8);
}

uint64_t rb_uvar(rbuf *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; !r->bad; shift += 7) {
		uint8_t b;
		if (!rb_left(r)) {
			rb_bad(r, "value ends early");
			break;
		}
		b = *r->p++;
		/* Ten bytes at most, the tenth holding one bit; and no
		 * number in more bytes than it needs, so that one number
		 * has one encoding. */
		if (shift == 63 && b > 1) {
			rb_bad(r, "a number longer than 64 bits");
			break;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			if (!b && shift) {
				rb_bad(r,
				       "a number in more bytes than it needs");
				break;
			}
			return v;
		}
	}
	return 0;
}

int64_t rb_svar(rbuf *r)
{
	return unzigzag(rb_uvar(r));
}

const uint8_t *rb_bytes(rbuf *r, size_t *n)
{
	uint32_t len = rb_u32(r);
	const uint8_t *p = r->p;

	*n = 0;
	if (r->bad)
		return NULL;
	if (len > STR_LIMIT || rb_left(r) < len) {
		rb_bad(r, "a length of %u runs past the value", len);
		return NULL;
	}
	r->p += len;
	*n = len;
	return p;
}

const char *rb_str(rbuf *r)
{
	const uint8_t *p;
	size_t n;
	char *s;

	if (r->bad)
		return NULL;
	if (rb_left(r) >= 4 && be_get(r->p, 4) == NULL_STR) {
		r->p += 4;
		return NULL;
	}
	p = rb_bytes(r, &n);
	if (!p)
		return NULL;
	if (memchr(p, '\0', n)) {
		rb_bad(r, "a text holds a NUL byte");
		return NULL;
	}
	s = arena_strndup(r->a, (const char *)p, n);
	if (!s)
		rb_bad(r, "out of memory");
	return s;
}

void rb_end(rbuf *r)
{
	if (!r->bad && r->p != r->end)
		rb_bad(r, "%zu bytes more than the record holds", rb_left(r));
}

/* Never inlined, so that what it costs is one function's to measure (make
 * bench counts its instructions in a booking). */
__attribute__((noinline)) uint32_t seal_of(uint8_t tag, const void *key,
					   size_t klen, const void *val,
					   size_t vlen)
{
	/* The key's hash, seeded with the tag, seeds the value's: two
	 * one-shot calls, no copy to make the three one string. */
	XXH64_hash_t k = XXH3_64bits_withSeed(key, klen, tag);

	return (uint32_t)XXH3_64bits_withSeed(val, vlen, k);
}

void seal_append(wbuf *w, uint8_t tag, const void *key, size_t klen)
{
	uint32_t c;

	if (w->oom)
		return;
	c = seal_of(tag, key, klen, w->p, w->len);
	wb_u32(w, c);
}

int seal_ok(uint8_t tag, const void *key, size_t klen, const void *v,
	    size_t vlen)
{
	if (vlen < SEAL_LEN)
		return 0;
#ifdef BERTH_FUZZ_UNSEALED
	(void)tag;
	(void)key;
	(void)klen;
	return 1;
#else
	return seal_of(tag, key, klen, v, vlen - SEAL_LEN) ==
	       (uint32_t)be_get((const uint8_t *)v + vlen - SEAL_LEN, 4);
#endif
}
