#include "record.h"

#include "key.h"

#include <stdlib.h>
#include <string.h>

/* Strings longer than this never come from valid input; a longer length
 * in a stored value means damage. */
#define STR_LIMIT (1u << 20)
#define NULL_STR 0xffffffffu

void wb_free(wbuf *w)
{
	free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
}

static int reserve(wbuf *w, size_t n)
{
	if (w->oom)
		return 0;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		uint8_t *p;
		while (cap < w->len + n)
			cap *= 2;
		if (!(p = realloc(w->p, cap))) {
			w->oom = 1;
			return 0;
		}
		w->p = p;
		w->cap = cap;
	}
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

void wb_bytes(wbuf *w, const void *p, size_t n)
{
	wb_u32(w, (uint32_t)n);
	if (n && reserve(w, n)) {
		memcpy(w->p + w->len, p, n);
		w->len += n;
	}
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
}

static uint64_t get_be(rbuf *r, unsigned bytes)
{
	uint64_t v;

	if (r->bad || (size_t)(r->end - r->p) < bytes) {
		r->bad = 1;
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

const uint8_t *rb_bytes(rbuf *r, size_t *n)
{
	uint32_t len = rb_u32(r);
	const uint8_t *p = r->p;

	if (r->bad || len > STR_LIMIT || (size_t)(r->end - r->p) < len) {
		r->bad = 1;
		*n = 0;
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
	if ((size_t)(r->end - r->p) >= 4 && r->p[0] == 0xff &&
	    r->p[1] == 0xff && r->p[2] == 0xff && r->p[3] == 0xff) {
		r->p += 4;
		return NULL;
	}
	p = rb_bytes(r, &n);
	if (!p)
		return NULL;
	if (memchr(p, '\0', n)) {
		r->bad = 1;
		return NULL;
	}
	s = arena_strndup(r->a, (const char *)p, n);
	if (!s)
		r->bad = 1;
	return s;
}

static void put_attrs(wbuf *w, const berth_attrs *a)
{
	wb_u32(w, (uint32_t)a->n);
	for (size_t i = 0; i < a->n; i++) {
		wb_str(w, a->v[i].key);
		wb_str(w, a->v[i].value);
	}
}

static void get_attrs(rbuf *r, berth_attrs *a)
{
	uint32_t n = rb_u32(r);

	a->n = 0;
	a->v = NULL;
	/* Each pair takes at least 8 bytes: a count beyond that is damage. */
	if (r->bad || n > (size_t)(r->end - r->p) / 8) {
		r->bad = 1;
		return;
	}
	if (n && !(a->v = arena_alloc(r->a, n * sizeof *a->v))) {
		r->bad = 1;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		a->v[i].key = rb_str(r);
		a->v[i].value = rb_str(r);
		if (!a->v[i].key || !a->v[i].value)
			r->bad = 1;
	}
	a->n = r->bad ? 0 : n;
}

static berth_status done(rbuf *r, const char *what)
{
	if (r->bad || r->p != r->end)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "a stored %s record is damaged", what);
	return BERTH_OK;
}

void record_put_claim(wbuf *w, const berth_claim *c)
{
	wb_u8(w, RECORD_VERSION);
	wb_u8(w, (uint8_t)c->kind);
	wb_u64(w, c->id);
	wb_u32(w, c->rid);
	wb_str(w, c->resource);
	wb_i64(w, c->start);
	wb_i64(w, c->end);
	wb_i64(w, c->quantity);
	wb_u32(w, c->nseats);
	for (uint32_t i = 0; i < c->nseats; i++)
		wb_u32(w, c->seats[i]);
	wb_str(w, c->customer);
	wb_u8(w, (uint8_t)c->status);
	wb_u8(w, (uint8_t)c->payment_status);
	wb_u8(w, (uint8_t)c->payment_method);
	wb_str(w, c->payment_ref);
	wb_u64(w, c->link);
	wb_u64(w, c->series);
	wb_i64(w, c->version);
	wb_i64(w, c->reschedules);
	put_attrs(w, &c->attrs);
	wb_i64(w, c->created_at);
	wb_i64(w, c->updated_at);
	wb_i64(w, c->expires_at);
}

berth_status record_get_claim(const void *p, size_t n, arena *a,
			      berth_claim *c)
{
	rbuf r;

	memset(c, 0, sizeof *c);
	rb_init(&r, p, n, a);
	if (rb_u8(&r) != RECORD_VERSION)
		r.bad = 1;
	c->kind = rb_u8(&r) == CLAIM_BOOKING ? CLAIM_BOOKING : CLAIM_HOLD;
	c->id = rb_u64(&r);
	c->rid = rb_u32(&r);
	c->resource = rb_str(&r);
	c->start = rb_i64(&r);
	c->end = rb_i64(&r);
	c->quantity = rb_i64(&r);
	c->nseats = rb_u32(&r);
	if (c->nseats > (size_t)(r.end - r.p) / 4)
		r.bad = 1;
	else if (c->nseats && !(c->seats = arena_alloc(a, c->nseats * 4)))
		r.bad = 1;
	for (uint32_t i = 0; !r.bad && i < c->nseats; i++)
		c->seats[i] = rb_u32(&r);
	c->customer = rb_str(&r);
	c->status = rb_u8(&r);
	c->payment_status = rb_u8(&r);
	c->payment_method = rb_u8(&r);
	c->payment_ref = rb_str(&r);
	c->link = rb_u64(&r);
	c->series = rb_u64(&r);
	c->version = rb_i64(&r);
	c->reschedules = rb_i64(&r);
	get_attrs(&r, &c->attrs);
	c->created_at = rb_i64(&r);
	c->updated_at = rb_i64(&r);
	c->expires_at = rb_i64(&r);
	if (!c->resource || c->status > 5 || c->payment_status > PAY_REFUNDED ||
	    c->payment_method > METHOD_ONLINE)
		r.bad = 1;
	if (r.bad)
		c->nseats = 0;
	return done(&r, "claim");
}

void record_put_resource(wbuf *w, const berth_resource *res)
{
	wb_u8(w, RECORD_VERSION);
	wb_u32(w, res->rid);
	wb_str(w, res->name);
	wb_i64(w, res->capacity);
	wb_u32(w, res->seats);
	wb_str(w, res->tz);
	wb_i64(w, res->buffer);
	wb_i64(w, res->slot);
	wb_str(w, res->location);
	put_attrs(w, &res->attrs);
	wb_i64(w, res->created_at);
	wb_i64(w, res->updated_at);
}

berth_status record_get_resource(const void *p, size_t n, arena *a,
				 berth_resource *res)
{
	rbuf r;

	memset(res, 0, sizeof *res);
	rb_init(&r, p, n, a);
	if (rb_u8(&r) != RECORD_VERSION)
		r.bad = 1;
	res->rid = rb_u32(&r);
	res->name = rb_str(&r);
	res->capacity = rb_i64(&r);
	res->seats = rb_u32(&r);
	res->tz = rb_str(&r);
	res->buffer = rb_i64(&r);
	res->slot = rb_i64(&r);
	res->location = rb_str(&r);
	get_attrs(&r, &res->attrs);
	res->created_at = rb_i64(&r);
	res->updated_at = rb_i64(&r);
	if (!res->name || !res->tz || res->capacity < 1)
		r.bad = 1;
	return done(&r, "resource");
}
