/* schema.c - every table's key and value, written once: how each entry is
 * laid down, how it is read back and what makes it damage. See schema.h
 * for the two layers, and docs/STORAGE.md for the layouts in prose. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define NAME_LIMIT 4096 /* a text in a key longer than this is damage */

/* --- keys --- */

void id_key(keybuf *k, uint64_t id)
{
	key_reset(k);
	key_u64(k, id);
}

void rid_key(keybuf *k, uint32_t rid)
{
	key_reset(k);
	key_u32(k, rid);
}

void rid_prefix(keybuf *k, uint32_t rid)
{
	rid_key(k, rid);
}

int key_of_rid(sval k, uint32_t rid)
{
	return k.len >= 4 && key_read_u32(k.data) == rid;
}

uint32_t rid_of_key(sval k)
{
	return k.len >= 4 ? key_read_u32(k.data) : 0;
}

int profile_key_at(sval k, btime *at)
{
	if (k.len != 12)
		return 0;
	*at = key_read_time((const uint8_t *)k.data + 4);
	return 1;
}

int numbered_key(store_table tb, sval k, uint64_t *id)
{
	if (k.len != (tb == T_RESID ? 4u : 8u))
		return 0;
	*id = k.len == 4 ? key_read_u32(k.data) : key_read_u64(k.data);
	return 1;
}

void name_key(keybuf *k, const char *name)
{
	key_reset(k);
	key_str(k, name);
}

/* A claim's place in a table keyed by resource and time. */
static void rid_time_claim(keybuf *k, uint32_t rid, btime at, claim_kind kind,
			   uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void span_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	      uint64_t id)
{
	rid_time_claim(k, rid, start, kind, id);
}

void byres_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	       uint64_t id)
{
	rid_time_claim(k, rid, start, kind, id);
}

void expiry_key(keybuf *k, uint32_t rid, btime at, claim_kind kind, uint64_t id)
{
	rid_time_claim(k, rid, at, kind, id);
}

void seat_key(keybuf *k, uint32_t rid, uint32_t seat, btime start,
	      claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_u32(k, seat);
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

/* Time first: `expire` finds what is due with one seek, however many
 * resources there are. */
void due_key(keybuf *k, btime at, uint32_t rid, claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_time(k, at);
	key_u32(k, rid);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void profile_key(keybuf *k, uint32_t rid, btime at)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
}

void policy_key(keybuf *k, uint32_t rid, const char *key)
{
	key_reset(k);
	key_u32(k, rid);
	key_str(k, key);
}

void audit_by_key(keybuf *k, const char *entity, uint64_t seq)
{
	key_reset(k);
	key_str(k, entity);
	key_u64(k, seq);
}

/* Reading keys back: the same fields through a bounded reader. */
static btime rk_time(rbuf *r)
{
	return (btime)(rb_u64(r) ^ 0x8000000000000000ull);
}

static const char *rk_str(rbuf *r)
{
	const uint8_t *nul;
	char *s;

	if (r->bad)
		return NULL;
	nul = memchr(r->p, '\0', rb_left(r));
	if (!nul || nul == r->p || nul - r->p > NAME_LIMIT) {
		rb_bad(r, "key text is not terminated");
		return NULL;
	}
	if (!(s = arena_strndup(r->a, (const char *)r->p,
				(size_t)(nul - r->p)))) {
		rb_bad(r, "out of memory");
		return NULL;
	}
	r->p = nul + 1;
	return s;
}

/* --- ranges --- */

static void time_in_range(rbuf *r, const char *what, btime t)
{
	if (t < TIME_FIRST || t > TIME_LAST)
		rb_bad(r, "%s %lld is outside years 0 to 9999", what,
		       (long long)t);
}

static void expiry_in_range(rbuf *r, btime t)
{
	if (t != BTIME_NEVER)
		time_in_range(r, "expiry", t);
}

static void window_in_range(rbuf *r, btime s, btime e)
{
	time_in_range(r, "start", s);
	time_in_range(r, "end", e);
	if (!r->bad && e <= s)
		rb_bad(r, "end is not after start");
}

static void quantity_in_range(rbuf *r, int64_t q)
{
	if (q < 1 || q > BERTH_CAPACITY_MAX)
		rb_bad(r, "quantity %lld is outside 1 to %d", (long long)q,
		       BERTH_CAPACITY_MAX);
}

static claim_kind kind_of(rbuf *r, uint8_t b)
{
	if (b != CLAIM_HOLD && b != CLAIM_BOOKING)
		rb_bad(r, "claim kind %u is neither hold nor booking", b);
	return b == CLAIM_BOOKING ? CLAIM_BOOKING : CLAIM_HOLD;
}

static void id_in_range(rbuf *r, uint64_t id)
{
	if (id < 1 || id > (uint64_t)INT64_MAX)
		rb_bad(r, "id %llu is out of range", (unsigned long long)id);
}

static void rid_in_range(rbuf *r, uint32_t rid)
{
	if (rid < 1)
		rb_bad(r, "resource number 0");
}

static void name_in_range(rbuf *r, const char *name)
{
	if (!r->bad && (!name || !*name || strlen(name) > BERTH_NAME_MAX))
		rb_bad(r, "resource name is missing or too long");
}

/* --- attributes, claims and resources: the records themselves --- */

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

/* Claim records. Version 1 (format 1) laid every number in 8 bytes;
 * version 2 lays each in as few bytes as it needs and times as steps from
 * the one before (an end from its start, an update and an expiry from the
 * creation), so a claim takes about a third of the room: it is stored in
 * its table, in its audit record and with its idempotency key. */
#define CLAIM_RECORD	2
#define RESOURCE_RECORD 1

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

void schema_put_claim(wbuf *w, const berth_claim *c)
{
	wb_u8(w, CLAIM_RECORD);
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
	/* status 0-3, payment 0-4, method 0-2: one byte. */
	wb_u8(w, (uint8_t)(c->status | c->payment_status << 2 |
			   c->payment_method << 5));
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
		       : ((uint64_t)(c->expires_at - c->created_at) << 1 ^
			  (uint64_t)((c->expires_at - c->created_at) >> 63)) +
			     1);
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
	get_attrs(r, &c->attrs);
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
	c->status = packed & 3;
	c->payment_status = packed >> 2 & 7;
	c->payment_method = packed >> 5 & 3;
	if (!r->bad && packed >> 7)
		rb_bad(r, "status byte %#x is unknown", packed);
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
		c->expires_at =
		    c->created_at + get_step(r, (int64_t)((x - 1) >> 1) ^
						    -(int64_t)((x - 1) & 1));
}

/* A claim's fields, after its version byte, and every number held to
 * what it can be, whichever version laid them down. */
static void get_claim_fields(rbuf *r, unsigned version, berth_claim *c)
{
	memset(c, 0, sizeof *c);
	if (version == 1)
		get_claim_v1(r, c);
	else
		get_claim_v2(r, c);
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
	quantity_in_range(r, c->quantity);
	if (!r->bad && c->nseats && c->nseats != c->quantity)
		rb_bad(r, "%u seats for a quantity of %lld", c->nseats,
		       (long long)c->quantity);
	for (uint32_t i = 0; !r->bad && i < c->nseats; i++)
		if (c->seats[i] < 1 || c->seats[i] > BERTH_SEATS_MAX)
			rb_bad(r, "seat %u is outside 1 to %d", c->seats[i],
			       BERTH_SEATS_MAX);
	if (!r->bad && (c->status > 3 || c->payment_status > PAY_REFUNDED ||
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

static void get_claim(rbuf *r, berth_claim *c)
{
	unsigned v = rb_u8(r);

	if ((v < 1 || v > CLAIM_RECORD) && !r->bad) {
		rb_bad(r, "claim record version %u is unknown", v);
		memset(c, 0, sizeof *c);
		return;
	}
	get_claim_fields(r, v, c);
}

static int finish(rbuf *r, char *why, size_t size)
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
	put_attrs(w, &res->attrs);
	wb_i64(w, res->created_at);
	wb_i64(w, res->updated_at);
}

static void get_resource_fields(rbuf *r, berth_resource *res)
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
	get_attrs(r, &res->attrs);
	res->created_at = rb_i64(r);
	time_in_range(r, "creation time", res->created_at);
	res->updated_at = rb_i64(r);
	time_in_range(r, "update time", res->updated_at);
}

static void get_resource(rbuf *r, berth_resource *res)
{
	unsigned v = rb_u8(r);

	if (v != RESOURCE_RECORD && !r->bad)
		rb_bad(r, "resource record version %u is unknown", v);
	get_resource_fields(r, res);
}

int schema_get_resource(const void *p, size_t n, arena *a, berth_resource *out,
			char *why, size_t size)
{
	rbuf r;

	rb_init(&r, p, n, a);
	get_resource(&r, out);
	return finish(&r, why, size);
}

/* --- the tables --- */

/* What an audit record's before and after hold: a type byte, then the
 * entity's own record as bytes. */
static void put_entity(wbuf *w, entity_type type, const uint8_t *p, size_t n)
{
	wb_u8(w, (uint8_t)(p ? type : ENT_NONE));
	if (p)
		wb_bytes(w, p, n);
}

/* Decodes an entity's record into the public audit fields. */
static void get_entity(rbuf *r, audit_entry *e, int after)
{
	entity_type type = rb_u8(r);
	const uint8_t *p;
	size_t n;
	rbuf body;

	if (r->bad || type == ENT_NONE)
		return;
	if (type > ENT_POLICY) {
		rb_bad(r, "entity type %u is unknown", type);
		return;
	}
	if (e->type != ENT_NONE && e->type != type) {
		rb_bad(r, "before and after are different kinds");
		return;
	}
	e->type = type;
	if (!(p = rb_bytes(r, &n)))
		return;
	*(after ? &e->after : &e->before) = p;
	*(after ? &e->after_len : &e->before_len) = n;
	rb_init(&body, p, n, r->a);
	switch (type) {
	case ENT_CLAIM: {
		berth_claim *c = arena_alloc(r->a, sizeof *c);
		if (!c) {
			rb_bad(r, "out of memory");
			return;
		}
		get_claim(&body, c);
		*(after ? &e->a.after_claim : &e->a.before_claim) = c;
		break;
	}
	case ENT_RESOURCE: {
		berth_resource *res = arena_alloc(r->a, sizeof *res);
		if (!res) {
			rb_bad(r, "out of memory");
			return;
		}
		get_resource(&body, res);
		*(after ? &e->a.after_res : &e->a.before_res) = res;
		break;
	}
	case ENT_POLICY: {
		berth_policy *pol = arena_alloc(r->a, sizeof *pol);
		if (!pol) {
			rb_bad(r, "out of memory");
			return;
		}
		memset(pol, 0, sizeof *pol);
		pol->key = rb_str(&body);
		pol->scope = rb_str(&body);
		pol->value = rb_i64(&body);
		if (!body.bad && !pol->key)
			rb_bad(&body, "policy without a name");
		*(after ? &e->a.after_policy : &e->a.before_policy) = pol;
		break;
	}
	default:
		break;
	}
	rb_end(&body);
	if (body.bad)
		rb_bad(r, "its %s: %s", after ? "after" : "before", body.why);
}

/* The policy an audit record keeps as before and after. */
void schema_put_policy(wbuf *w, const berth_policy *p)
{
	wb_str(w, p->key);
	wb_str(w, p->scope);
	wb_i64(w, p->value);
}

/* Audit records are version 2 since the idempotency key joined them. */
#define AUDIT_RECORD 2

static void enc_audit(const void *ep, keybuf *k, wbuf *w)
{
	const audit_entry *e = ep;

	id_key(k, e->seq);
	if (!w)
		return;
	wb_u8(w, AUDIT_RECORD);
	wb_i64(w, e->a.at);
	wb_str(w, e->a.actor);
	wb_u8(w, (uint8_t)e->a.role);
	wb_str(w, e->a.source);
	wb_str(w, e->a.action);
	wb_str(w, e->a.entity);
	put_entity(w, e->type, e->before, e->before_len);
	put_entity(w, e->type, e->after, e->after_len);
	wb_str(w, e->a.reason);
	wb_str(w, e->idem_key);
}

static void dec_audit(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	audit_entry *e = ep;

	memset(e, 0, sizeof *e);
	e->seq = e->a.seq = rb_u64(k);
	id_in_range(k, e->seq);
	if (version != 1 && version != 2) {
		rb_bad(r, "audit record version %u is unknown", version);
		return;
	}
	e->a.at = rb_i64(r);
	time_in_range(r, "time", e->a.at);
	e->a.actor = rb_str(r);
	e->a.role = rb_u8(r);
	if (!r->bad && e->a.role > ROLE_SYSTEM)
		rb_bad(r, "role %u is unknown", e->a.role);
	e->a.source = rb_str(r);
	e->a.action = rb_str(r);
	e->a.entity = rb_str(r);
	if (!r->bad && (!e->a.action || !e->a.entity || !*e->a.entity))
		rb_bad(r, "no action or entity");
	get_entity(r, e, 0);
	get_entity(r, e, 1);
	e->a.reason = rb_str(r);
	if (version >= 2)
		e->idem_key = rb_str(r);
}

static void enc_claim(const void *ep, keybuf *k, wbuf *w)
{
	const claim_entry *e = ep;

	id_key(k, e->id);
	if (!w)
		return;
	schema_put_claim(w, &e->c);
}

static void dec_claim(rbuf *k, rbuf *r, unsigned version, void *ep,
		      claim_kind kind)
{
	claim_entry *e = ep;

	e->kind = kind;
	e->id = rb_u64(k);
	get_claim_fields(r, version, &e->c);
	if (!r->bad && (e->c.kind != kind || e->c.id != e->id))
		rb_bad(r, "the record is of %c%llu", e->c.kind ? 'b' : 'h',
		       (unsigned long long)e->c.id);
}

static void dec_hold(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	dec_claim(k, r, version, ep, CLAIM_HOLD);
}

static void dec_booking(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	dec_claim(k, r, version, ep, CLAIM_BOOKING);
}

static void enc_resource(const void *ep, keybuf *k, wbuf *w)
{
	const resource_entry *e = ep;

	name_key(k, e->r.name);
	if (!w)
		return;
	schema_put_resource(w, &e->r);
}

static void dec_resource(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	resource_entry *e = ep;

	(void)version;
	e->name = rk_str(k);
	get_resource_fields(r, &e->r);
	if (!r->bad && !k->bad && strcmp(e->name, e->r.name))
		rb_bad(r, "the record is of resource '%s'", e->r.name);
}

#define INDEX_RECORD 1

static void enc_resid(const void *ep, keybuf *k, wbuf *w)
{
	const resid_entry *e = ep;

	rid_key(k, e->rid);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_str(w, e->name);
}

static void dec_resid(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	resid_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->name = rb_str(r);
	name_in_range(r, e->name);
}

static void enc_span(const void *ep, keybuf *k, wbuf *w)
{
	const span_entry *e = ep;

	span_key(k, e->rid, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->end);
	wb_u32(w, (uint32_t)e->quantity);
	wb_i64(w, e->expires_at);
}

/* The rid, time, kind and id that keys of several tables share. */
static void rid_time_claim_of(rbuf *k, uint32_t *rid, btime *at,
			      claim_kind *kind, uint64_t *id)
{
	*rid = rb_u32(k);
	rid_in_range(k, *rid);
	*at = rk_time(k);
	*kind = kind_of(k, rb_u8(k));
	*id = rb_u64(k);
	id_in_range(k, *id);
}

static void dec_span(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	span_entry *e = ep;

	(void)version;
	rid_time_claim_of(k, &e->rid, &e->start, &e->kind, &e->id);
	e->end = rb_i64(r);
	e->quantity = rb_u32(r);
	e->expires_at = rb_i64(r);
	window_in_range(r, e->start, e->end);
	quantity_in_range(r, e->quantity);
	expiry_in_range(r, e->expires_at);
}

static void enc_seat(const void *ep, keybuf *k, wbuf *w)
{
	const seat_entry *e = ep;

	seat_key(k, e->rid, e->seat, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->end);
	wb_i64(w, e->expires_at);
}

static void dec_seat(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	seat_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->seat = rb_u32(k);
	if (!k->bad && (e->seat < 1 || e->seat > BERTH_SEATS_MAX))
		rb_bad(k, "seat %u is outside 1 to %d", e->seat,
		       BERTH_SEATS_MAX);
	e->start = rk_time(k);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	e->end = rb_i64(r);
	e->expires_at = rb_i64(r);
	window_in_range(r, e->start, e->end);
	expiry_in_range(r, e->expires_at);
}

static void enc_expiry(const void *ep, keybuf *k, wbuf *w)
{
	const expiry_entry *e = ep;

	expiry_key(k, e->rid, e->expires_at, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->start);
	wb_i64(w, e->end);
	wb_u32(w, (uint32_t)e->quantity);
}

static void dec_expiry(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	expiry_entry *e = ep;

	(void)version;
	rid_time_claim_of(k, &e->rid, &e->expires_at, &e->kind, &e->id);
	time_in_range(k, "expiry", e->expires_at);
	e->start = rb_i64(r);
	e->end = rb_i64(r);
	e->quantity = rb_u32(r);
	window_in_range(r, e->start, e->end);
	quantity_in_range(r, e->quantity);
}

static void enc_due(const void *ep, keybuf *k, wbuf *w)
{
	const due_entry *e = ep;

	due_key(k, e->expires_at, e->rid, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

static void dec_due(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	due_entry *e = ep;

	(void)r;
	(void)version;
	e->expires_at = rk_time(k);
	time_in_range(k, "expiry", e->expires_at);
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
}

static void enc_byres(const void *ep, keybuf *k, wbuf *w)
{
	const byres_entry *e = ep;

	byres_key(k, e->rid, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

static void dec_byres(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	byres_entry *e = ep;

	(void)r;
	(void)version;
	rid_time_claim_of(k, &e->rid, &e->start, &e->kind, &e->id);
	time_in_range(k, "start", e->start);
}

static void enc_profile(const void *ep, keybuf *k, wbuf *w)
{
	const profile_entry *e = ep;

	profile_key(k, e->rid, e->at);
	if (!w)
		return;
	/* The most numerous entries: levels and steps are small, so they
	 * take a byte or three rather than eight. */
	wb_u8(w, INDEX_RECORD);
	wb_svar(w, e->level);
	wb_svar(w, e->delta);
}

static void dec_profile(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	profile_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->at = rk_time(k);
	time_in_range(k, "instant", e->at);
	e->level = rb_svar(r);
	e->delta = rb_svar(r);
	if (r->bad)
		return;
	/* level - delta is the level before: in range too, computed only
	 * once both are known to be small. */
	if (e->level < 0 || e->level > LEVEL_MAX || e->delta == 0 ||
	    e->delta < -LEVEL_MAX || e->delta > LEVEL_MAX ||
	    e->level - e->delta < 0 || e->level - e->delta > LEVEL_MAX)
		rb_bad(r, "level %lld after a step of %lld is out of range",
		       (long long)e->level, (long long)e->delta);
}

static void enc_policy(const void *ep, keybuf *k, wbuf *w)
{
	const policy_entry *e = ep;

	policy_key(k, e->rid, e->key);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->value);
}

static void dec_policy(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	policy_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	e->key = rk_str(k);
	e->value = rb_i64(r);
	if (!r->bad && (e->value < 0 || e->value > POLICY_MAX))
		rb_bad(r, "value %lld is out of range", (long long)e->value);
}

static void enc_idem(const void *ep, keybuf *k, wbuf *w)
{
	const idem_entry *e = ep;

	name_key(k, e->key);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_bytes(w, e->request, e->request_len);
	wb_bytes(w, e->result_bytes, e->result_len);
}

static void dec_idem(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	idem_entry *e = ep;
	rbuf body;

	(void)version;
	e->key = rk_str(k);
	e->request = rb_bytes(r, &e->request_len);
	e->result_bytes = rb_bytes(r, &e->result_len);
	if (r->bad)
		return;
	rb_init(&body, e->result_bytes, e->result_len, r->a);
	get_claim(&body, &e->result);
	rb_end(&body);
	if (body.bad)
		rb_bad(r, "its result: %s", body.why);
}

static void enc_audit_by(const void *ep, keybuf *k, wbuf *w)
{
	const audit_by_entry *e = ep;

	audit_by_key(k, e->entity, e->seq);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

static void dec_audit_by(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	audit_by_entry *e = ep;

	(void)r;
	(void)version;
	e->entity = rk_str(k);
	e->seq = rb_u64(k);
	id_in_range(k, e->seq);
}

typedef struct {
	uint8_t tag;	   /* in every seal of the table: never renumber */
	const char *name;  /* as `check` lists it */
	const char *label; /* as a message names it */
	size_t fixed;	   /* a fixed value length, seal included; 0: varies */
	unsigned versions; /* record versions this berth reads: 1..versions */
	void (*enc)(const void *e, keybuf *k, wbuf *w);
	void (*dec)(rbuf *k, rbuf *v, unsigned version, void *out);
} codec;

static const codec codecs[T_COUNT] = {
    [T_META] = {1, "meta", "store meta", 0, 1, NULL, NULL},
    [T_RESOURCE] = {2, "resource", "resource", 0, 1, enc_resource,
		    dec_resource},
    [T_RESID] = {3, "resid", "resource number", 0, 1, enc_resid, dec_resid},
    [T_HOLD] = {4, "hold", "hold", 0, CLAIM_RECORD, enc_claim, dec_hold},
    [T_BOOKING] = {5, "booking", "booking", 0, CLAIM_RECORD, enc_claim,
		   dec_booking},
    [T_SPAN] = {6, "span", "span index", 1 + 8 + 4 + 8 + SEAL_LEN, 1, enc_span,
		dec_span},
    [T_PROFILE] = {7, "profile", "usage profile", 0, 1, enc_profile,
		   dec_profile},
    [T_SEAT] = {8, "seat", "seat index", 1 + 8 + 8 + SEAL_LEN, 1, enc_seat,
		dec_seat},
    [T_EXPIRY] = {9, "expiry", "expiry index", 1 + 8 + 8 + 4 + SEAL_LEN, 1,
		  enc_expiry, dec_expiry},
    [T_POLICY] = {10, "policy", "policy", 1 + 8 + SEAL_LEN, 1, enc_policy,
		  dec_policy},
    [T_IDEM] = {11, "idem", "idempotency key", 0, 1, enc_idem, dec_idem},
    [T_AUDIT] = {12, "audit", "audit record", 0, AUDIT_RECORD, enc_audit,
		 dec_audit},
    [T_AUDIT_BY] = {13, "audit_by", "audit index", 1 + SEAL_LEN, 1,
		    enc_audit_by, dec_audit_by},
    [T_DUE] = {14, "due", "due index", 1 + SEAL_LEN, 1, enc_due, dec_due},
    [T_BYRES] = {15, "byres", "resource list", 1 + SEAL_LEN, 1, enc_byres,
		 dec_byres},
};

const char *schema_label(store_table tb)
{
	return codecs[tb].label;
}

const char *schema_table(store_table tb)
{
	return codecs[tb].name;
}

int schema_derived(store_table tb)
{
	switch (tb) {
	case T_SPAN:
	case T_SEAT:
	case T_EXPIRY:
	case T_DUE:
	case T_BYRES:
	case T_PROFILE:
	case T_RESID:
	case T_AUDIT_BY:
		return 1;
	default:
		return 0;
	}
}

uint8_t schema_tag(store_table tb)
{
	return codecs[tb].tag;
}

/* Format 1 stored some values bare: a resource number's name as its
 * bytes, a policy as 8 bytes; the records had the layouts they have now,
 * unsealed. Only the tables that are not rebuilt from others are read. */
static int decode_format1(store_table tb, rbuf *kr, rbuf *vr, void *out)
{
	const codec *cd = &codecs[tb];

	switch (tb) {
	case T_RESID: {
		resid_entry *e = out;
		e->rid = rb_u32(kr);
		rid_in_range(kr, e->rid);
		if (!vr->bad &&
		    !(e->name = arena_strndup(vr->a, (const char *)vr->p,
					      rb_left(vr)))) {
			rb_bad(vr, "out of memory");
			return -1;
		}
		vr->p = vr->end;
		name_in_range(vr, e->name);
		return 0;
	}
	case T_POLICY: {
		policy_entry *e = out;
		e->rid = rb_u32(kr);
		e->key = rk_str(kr);
		e->value = rb_i64(vr);
		if (!vr->bad && (e->value < 0 || e->value > POLICY_MAX))
			rb_bad(vr, "value %lld is out of range",
			       (long long)e->value);
		return 0;
	}
	case T_RESOURCE:
	case T_HOLD:
	case T_BOOKING:
	case T_IDEM:
	case T_AUDIT: {
		unsigned version = rb_u8(vr);
		if (!vr->bad && version != 1) {
			rb_bad(vr, "record version %u in a format-1 store",
			       version);
			return -1;
		}
		cd->dec(kr, vr, version, out);
		return 0;
	}
	default:
		rb_bad(vr, "format 1 is read only by berth upgrade, which "
			   "rebuilds this table");
		return -1;
	}
}

int schema_decode(store_table tb, unsigned format, sval k, sval v, arena *a,
		  void *out, char *why, size_t size)
{
	const codec *cd = &codecs[tb];
	rbuf kr, vr;
	unsigned version;

	rb_init(&kr, k.data, k.len, a);
	if (format == 1) {
		rb_init(&vr, v.data, v.len, a);
		decode_format1(tb, &kr, &vr, out);
		goto done;
	}
	if (!cd->dec) {
		snprintf(why, size, "has no decoder");
		return -1;
	}
	if (cd->fixed && v.len != cd->fixed) {
		snprintf(why, size, "value is %zu bytes, want %zu", v.len,
			 cd->fixed);
		return -1;
	}
	if (v.len < 1 + SEAL_LEN) {
		snprintf(why, size,
			 "value is %zu bytes, too short to hold "
			 "anything",
			 v.len);
		return -1;
	}
	if (!seal_ok(cd->tag, k.data, k.len, v.data, v.len)) {
		snprintf(why, size, "checksum does not match");
		return -1;
	}
	rb_init(&vr, v.data, v.len - SEAL_LEN, a);
	version = rb_u8(&vr);
	if (version < 1 || version > cd->versions) {
		snprintf(why, size,
			 "record version %u is unknown to this berth (newer?)",
			 version);
		return -1;
	}
	cd->dec(&kr, &vr, version, out);
done:
	rb_end(&kr);
	if (kr.bad) {
		snprintf(why, size, "key: %s", kr.why);
		return -1;
	}
	return finish(&vr, why, size);
}

void schema_key(store_table tb, const void *e, keybuf *k)
{
	codecs[tb].enc(e, k, NULL);
}

void schema_encode(store_table tb, const void *e, keybuf *k, wbuf *v)
{
	codecs[tb].enc(e, k, v);
	seal_append(v, codecs[tb].tag, k->b, k->len);
}
