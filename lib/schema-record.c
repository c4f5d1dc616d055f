/* schema-record.c - the records: claims (versions 1 to 3) and resources,
 * as their tables, audit records and idempotency keys keep them, and the
 * range of every number a stored value may hold. */
#include <stdio.h>
#include <string.h>

#include "schema-codec.h"

/* --- ranges --- */

void time_in_range(rbuf *r, const char *what, btime t)
{
	if (t < TIME_FIRST || t > TIME_LAST)
		rb_bad(r, "%s %lld is outside years 0 to 9999", what,
		       (long long)t);
}

void expiry_in_range(rbuf *r, btime t)
{
	if (t != BTIME_NEVER)
		time_in_range(r, "expiry", t);
}

void window_in_range(rbuf *r, btime s, btime e)
{
	time_in_range(r, "start", s);
	time_in_range(r, "end", e);
	if (!r->bad && e <= s)
		rb_bad(r, "end is not after start");
}

void quantity_in_range(rbuf *r, int64_t q)
{
	if (q < 1 || q > BERTH_CAPACITY_MAX)
		rb_bad(r, "quantity %lld is outside 1 to %d", (long long)q,
		       BERTH_CAPACITY_MAX);
}

claim_kind kind_of(rbuf *r, uint8_t b)
{
	if (b != CLAIM_HOLD && b != CLAIM_BOOKING)
		rb_bad(r, "claim kind %u is neither hold nor booking", b);
	return b == CLAIM_BOOKING ? CLAIM_BOOKING : CLAIM_HOLD;
}

void id_in_range(rbuf *r, uint64_t id)
{
	if (id < 1 || id > (uint64_t)INT64_MAX)
		rb_bad(r, "id %llu is out of range", (unsigned long long)id);
}

void rid_in_range(rbuf *r, uint32_t rid)
{
	if (rid < 1)
		rb_bad(r, "resource number 0");
}

void name_in_range(rbuf *r, const char *name)
{
	if (!r->bad && (!name || !*name || strlen(name) > BERTH_NAME_MAX))
		rb_bad(r, "resource name is missing or too long");
}

/* --- attributes, claims and resources: the records themselves --- */

void schema_put_attrs(wbuf *w, const berth_attrs *a)
{
	wb_u32(w, (uint32_t)a->n);
	for (size_t i = 0; i < a->n; i++) {
		wb_str(w, a->v[i].key);
		wb_str(w, a->v[i].value);
	}
}

void schema_get_attrs(rbuf *r, berth_attrs *a)
{
	uint32_t n = rb_u32(r);

	a->n = 0;
	a->v = NULL;
	/* Each pair takes at least 8 bytes: a count beyond that is damage. */
	if (r->bad)
		return;
	if (n > rb_left(r) / 8 || n > 64) {
		rb_bad(r, "%u attributes", n);
		return;
	}
	if (n && !(a->v = arena_alloc(r->a, n * sizeof *a->v))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		a->v[i].key = rb_str(r);
		a->v[i].value = rb_str(r);
		if (!r->bad && (!a->v[i].key || !a->v[i].value))
			rb_bad(r, "an attribute without a name or value");
	}
	a->n = r->bad ? 0 : n;
}

/* A text in a compact record: its length plus one, 0 for none. */
static void put_vstr(wbuf *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	wb_uvar(w, s ? n + 1 : 0);
	wb_raw(w, s, n);
}

static const char *get_vstr(rbuf *r)
{
	uint64_t n = rb_uvar(r);
	char *s;

	if (r->bad || n == 0)
		return NULL;
	if (--n > rb_left(r)) {
		rb_bad(r, "a length of %llu runs past the value",
		       (unsigned long long)n);
		return NULL;
	}
	if (memchr(r->p, '\0', n)) {
		rb_bad(r, "a text holds a NUL byte");
		return NULL;
	}
	if (!(s = arena_strndup(r->a, (const char *)r->p, n)))
		rb_bad(r, "out of memory");
	r->p += n;
	return s;
}

/* Claim records. Version 1 (format 1) laid every number in 8 bytes;
 * version 2 lays each in as few bytes as it needs and times as steps from
 * the one before (an end from its start, an update and an expiry from the
 * creation), so a claim takes about a third of the room: it is stored in
 * its table, in its audit record and with its idempotency key. Version 3
 * adds the buffer after the claim, last. */
/* Whether a claim has what only version 4 can say: a service, a price
 * or an amount paid. Every other claim is written as version 3, the very
 * bytes a berth of format 8 wrote, so that the audit chain (which hashes
 * a claim as this encoder writes it) and `check`'s byte-for-byte
 * comparisons hold for the records of before without rewriting them. */
static int claim_needs_v4(const berth_claim *c)
{
	return c->service || c->has_price || c->has_paid;
}

/* Money as a uvar: 0 for none, else one more than the hundredths. */
static void put_money(wbuf *w, int has, int64_t v)
{
	wb_uvar(w, has ? (uint64_t)v + 1 : 0);
}

static int64_t get_money(rbuf *r, int *has)
{
	uint64_t x = rb_uvar(r);

	*has = x != 0;
	if (!r->bad && x > (uint64_t)BERTH_PRICE_MAX + 1)
		rb_bad(r, "an amount of %llu hundredths is out of range",
		       (unsigned long long)(x - 1));
	return r->bad || !x ? 0 : (int64_t)(x - 1);
}

void schema_put_claim(wbuf *w, const berth_claim *c)
{
	int v4 = claim_needs_v4(c);

	wb_u8(w, v4 ? CLAIM_RECORD : 3);
	wb_u8(w, (uint8_t)c->kind);
	wb_uvar(w, c->id);
	wb_uvar(w, c->rid);
	put_vstr(w, c->resource);
	wb_svar(w, c->start);
	wb_uvar(w, (uint64_t)(c->end - c->start));
	wb_uvar(w, (uint64_t)c->quantity);
	wb_uvar(w, c->nseats);
	for (uint32_t i = 0; i < c->nseats; i++)
		wb_uvar(w, c->seats[i]);
	put_vstr(w, c->customer);
	/* status 0-5, payment 0-4, method 0-2: one byte. The status's low
	 * two bits come first and its third (attended, no_show: format 8)
	 * last, in the bit that was always 0, so that every record written
	 * before reads as it did. */
	wb_u8(w, (uint8_t)((c->status & 3) | c->payment_status << 2 |
			   c->payment_method << 5 | (c->status >> 2) << 7));
	put_vstr(w, c->payment_ref);
	wb_uvar(w, c->link);
	wb_uvar(w, c->series);
	wb_uvar(w, (uint64_t)c->version);
	wb_uvar(w, (uint64_t)c->reschedules);
	wb_uvar(w, c->attrs.n);
	for (size_t i = 0; i < c->attrs.n; i++) {
		put_vstr(w, c->attrs.v[i].key);
		put_vstr(w, c->attrs.v[i].value);
	}
	wb_svar(w, c->created_at);
	wb_svar(w, c->updated_at - c->created_at);
	/* 0: never expires; else one more than the zigzagged step. */
	wb_uvar(w, c->expires_at == BTIME_NEVER
		       ? 0
		       : zigzag(c->expires_at - c->created_at) + 1);
	wb_uvar(w, (uint64_t)c->buffer);
	if (v4) {
		put_vstr(w, c->service);
		put_money(w, c->has_price, c->price);
		put_money(w, c->has_paid, c->amount_paid);
	}
}

/* Version 1's fields, after its version byte: every number in full. */
static void get_claim_v1(rbuf *r, berth_claim *c)
{
	c->kind = rb_u8(r);
	c->id = rb_u64(r);
	c->rid = rb_u32(r);
	c->resource = rb_str(r);
	c->start = rb_i64(r);
	c->end = rb_i64(r);
	c->quantity = rb_i64(r);
	c->nseats = rb_u32(r);
	if (!r->bad && c->nseats > rb_left(r) / 4) {
		rb_bad(r, "%u seats in a shorter value", c->nseats);
		return;
	}
	if (c->nseats && !(c->seats = arena_alloc(r->a, c->nseats * 4))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; !r->bad && i < c->nseats; i++)
		c->seats[i] = rb_u32(r);
	c->customer = rb_str(r);
	c->status = rb_u8(r);
	c->payment_status = rb_u8(r);
	c->payment_method = rb_u8(r);
	c->payment_ref = rb_str(r);
	c->link = rb_u64(r);
	c->series = rb_u64(r);
	c->version = rb_i64(r);
	c->reschedules = rb_i64(r);
	schema_get_attrs(r, &c->attrs);
	c->created_at = rb_i64(r);
	c->updated_at = rb_i64(r);
	c->expires_at = rb_i64(r);
}

/* A step that may be added to a time without overflowing: anything
 * larger is damage however it would end. */
#define STEP_MAX (TIME_LAST - TIME_FIRST)

static int64_t get_step(rbuf *r, int64_t v)
{
	if (!r->bad && (v < -STEP_MAX || v > STEP_MAX))
		rb_bad(r, "a step of %lld in time", (long long)v);
	return r->bad ? 0 : v;
}

/* Version 2's fields, after its version byte. */
static void get_claim_v2(rbuf *r, berth_claim *c)
{
	uint64_t n, x;
	unsigned packed;

	c->kind = rb_u8(r);
	c->id = rb_uvar(r);
	n = rb_uvar(r);
	if (!r->bad && n > UINT32_MAX)
		rb_bad(r, "resource number %llu", (unsigned long long)n);
	c->rid = (uint32_t)n;
	c->resource = get_vstr(r);
	c->start = rb_svar(r);
	time_in_range(r, "start", c->start);
	c->end = c->start + get_step(r, (int64_t)rb_uvar(r));
	x = rb_uvar(r);
	c->quantity = x > BERTH_CAPACITY_MAX ? 0 : (int64_t)x;
	n = rb_uvar(r);
	if (!r->bad && n > rb_left(r)) {
		rb_bad(r, "%llu seats in a shorter value",
		       (unsigned long long)n);
		return;
	}
	c->nseats = r->bad ? 0 : (uint32_t)n;
	if (c->nseats && !(c->seats = arena_alloc(r->a, c->nseats * 4))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; !r->bad && i < c->nseats; i++) {
		x = rb_uvar(r);
		c->seats[i] = x > BERTH_SEATS_MAX ? 0 : (uint32_t)x;
	}
	c->customer = get_vstr(r);
	packed = rb_u8(r);
	c->status = (int)((packed & 3) | (packed >> 7) << 2);
	c->payment_status = packed >> 2 & 7;
	c->payment_method = packed >> 5 & 3;
	c->payment_ref = get_vstr(r);
	c->link = rb_uvar(r);
	c->series = rb_uvar(r);
	x = rb_uvar(r);
	c->version = x > VERSION_MAX ? -1 : (int64_t)x;
	x = rb_uvar(r);
	c->reschedules = x > VERSION_MAX ? -1 : (int64_t)x;
	n = rb_uvar(r);
	if (!r->bad && (n > 64 || n > rb_left(r) / 2)) {
		rb_bad(r, "%llu attributes", (unsigned long long)n);
		return;
	}
	if (!r->bad && n &&
	    !(c->attrs.v = arena_alloc(r->a, n * sizeof *c->attrs.v))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (size_t i = 0; !r->bad && i < n; i++) {
		c->attrs.v[i].key = get_vstr(r);
		c->attrs.v[i].value = get_vstr(r);
		if (!r->bad && (!c->attrs.v[i].key || !c->attrs.v[i].value))
			rb_bad(r, "an attribute without a name or value");
	}
	c->attrs.n = r->bad ? 0 : n;
	c->created_at = rb_svar(r);
	time_in_range(r, "creation time", c->created_at);
	c->updated_at = c->created_at + get_step(r, rb_svar(r));
	x = rb_uvar(r);
	if (x == 0)
		c->expires_at = BTIME_NEVER;
	else
		c->expires_at = c->created_at + get_step(r, unzigzag(x - 1));
}

/* A claim's fields, after its version byte, and every number held to
 * what it can be, whichever version laid them down. */
void get_claim_fields(rbuf *r, unsigned version, berth_claim *c)
{
	memset(c, 0, sizeof *c);
	if (version == 1)
		get_claim_v1(r, c);
	else
		get_claim_v2(r, c);
	/* Version 3 adds the buffer; earlier claims had none. */
	if (version >= 3) {
		uint64_t b = rb_uvar(r);
		c->buffer = b > POLICY_MAX ? -1 : (int64_t)b;
	}
	/* Version 4 adds the service, its price and the amount paid. */
	if (version >= 4) {
		c->service = get_vstr(r);
		c->price = get_money(r, &c->has_price);
		c->amount_paid = get_money(r, &c->has_paid);
		if (!r->bad && c->service &&
		    (!*c->service || strlen(c->service) > BERTH_NAME_MAX))
			rb_bad(r, "service name is empty or too long");
	}
	if (r->bad) {
		c->nseats = 0;
		c->attrs.n = 0;
		return;
	}
	c->kind = kind_of(r, (uint8_t)c->kind);
	id_in_range(r, c->id);
	rid_in_range(r, c->rid);
	name_in_range(r, c->resource);
	window_in_range(r, c->start, c->end);
	if (!r->bad && (c->buffer < 0 || c->end > TIME_LAST - c->buffer))
		rb_bad(r, "buffer %lld out of range", (long long)c->buffer);
	quantity_in_range(r, c->quantity);
	if (!r->bad && c->nseats && c->nseats != c->quantity)
		rb_bad(r, "%u seats for a quantity of %lld", c->nseats,
		       (long long)c->quantity);
	for (uint32_t i = 0; !r->bad && i < c->nseats; i++)
		if (c->seats[i] < 1 || c->seats[i] > BERTH_SEATS_MAX)
			rb_bad(r, "seat %u is outside 1 to %d", c->seats[i],
			       BERTH_SEATS_MAX);
	if (!r->bad && (c->status > (c->kind == CLAIM_HOLD ? HOLD_EXPIRED
							   : BOOKING_NO_SHOW) ||
			c->payment_status > PAY_REFUNDED ||
			c->payment_method > METHOD_ONLINE))
		rb_bad(r, "status %d, payment %d or method %d is unknown",
		       c->status, c->payment_status, c->payment_method);
	/* Changes add one to both: far from overflowing, whatever is read. */
	if (!r->bad && (c->version < 1 || c->version > VERSION_MAX ||
			c->reschedules < 0 || c->reschedules > VERSION_MAX))
		rb_bad(r, "version %lld or reschedules %lld out of range",
		       (long long)c->version, (long long)c->reschedules);
	time_in_range(r, "creation time", c->created_at);
	time_in_range(r, "update time", c->updated_at);
	expiry_in_range(r, c->expires_at);
	if (r->bad)
		c->nseats = 0;
}

void get_claim(rbuf *r, berth_claim *c)
{
	unsigned v = rb_u8(r);

	if ((v < 1 || v > CLAIM_RECORD) && !r->bad) {
		rb_bad(r, "claim record version %u is unknown", v);
		memset(c, 0, sizeof *c);
		return;
	}
	get_claim_fields(r, v, c);
}

int finish(rbuf *r, char *why, size_t size)
{
	rb_end(r);
	if (!r->bad)
		return 0;
	snprintf(why, size, "%s", r->why);
	return -1;
}

int schema_get_claim(const void *p, size_t n, arena *a, berth_claim *out,
		     char *why, size_t size)
{
	rbuf r;

	rb_init(&r, p, n, a);
	get_claim(&r, out);
	return finish(&r, why, size);
}

void schema_put_resource(wbuf *w, const berth_resource *res)
{
	wb_u8(w, RESOURCE_RECORD);
	wb_u32(w, res->rid);
	wb_str(w, res->name);
	wb_i64(w, res->capacity);
	wb_u32(w, res->seats);
	wb_str(w, res->tz);
	wb_i64(w, res->buffer);
	wb_i64(w, res->slot);
	wb_str(w, res->location);
	schema_put_attrs(w, &res->attrs);
	wb_i64(w, res->created_at);
	wb_i64(w, res->updated_at);
}

void get_resource_fields(rbuf *r, berth_resource *res)
{
	memset(res, 0, sizeof *res);
	res->rid = rb_u32(r);
	rid_in_range(r, res->rid);
	res->name = rb_str(r);
	name_in_range(r, res->name);
	res->capacity = rb_i64(r);
	res->seats = rb_u32(r);
	if (!r->bad &&
	    (res->capacity < 1 || res->capacity > BERTH_CAPACITY_MAX ||
	     res->seats > BERTH_SEATS_MAX ||
	     (res->seats && res->capacity != (int64_t)res->seats)))
		rb_bad(r, "capacity %lld with %u seats is out of range",
		       (long long)res->capacity, res->seats);
	res->tz = rb_str(r);
	if (!r->bad && (!res->tz || !*res->tz))
		rb_bad(r, "no time zone");
	res->buffer = rb_i64(r);
	res->slot = rb_i64(r);
	if (!r->bad && (res->buffer < 0 || res->slot < 0 ||
			res->buffer > POLICY_MAX || res->slot > POLICY_MAX))
		rb_bad(r, "buffer or slot out of range");
	res->location = rb_str(r);
	schema_get_attrs(r, &res->attrs);
	res->created_at = rb_i64(r);
	time_in_range(r, "creation time", res->created_at);
	res->updated_at = rb_i64(r);
	time_in_range(r, "update time", res->updated_at);
}

void get_resource(rbuf *r, berth_resource *res)
{
	unsigned v = rb_u8(r);

	if (v != RESOURCE_RECORD && !r->bad)
		rb_bad(r, "resource record version %u is unknown", v);
	get_resource_fields(r, res);
}
