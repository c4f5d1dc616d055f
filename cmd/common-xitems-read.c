/* common-xitems-read.c - a whole-store file's lines read back: one
 * reader a type, each field checked as it is read (the table, which
 * says which fields a type may have, is in common-xitems.c). */
#include <stdlib.h>
#include <string.h>

#include "../lib/base64.h"
#include "common-xitems-types.h"

static const jl_value *field(rd *r, const char *key)
{
	const jl_value *v = jline_get(r->j, r->o, key);

	return v && v->kind != JL_NULL ? v : NULL;
}

static int bad(rd *r, const char *key)
{
	r->bad = r->bad ? r->bad : key;
	return 0;
}

static const char *str(rd *r, const char *key)
{
	const jl_value *v = field(r, key);

	if (!v)
		return NULL;
	if (v->kind != JL_STR) {
		bad(r, key);
		return NULL;
	}
	return arena_strndup(r->a, v->s, v->n);
}

/* An integer of [lo, hi] (a value that is not one is refused). */
static int64_t int_of(rd *r, const jl_value *v, const char *key, int64_t lo,
		      int64_t hi)
{
	if (v->kind != JL_INT || v->i < lo || v->i > hi)
		return bad(r, key);
	return v->i;
}

static int64_t num(rd *r, const char *key, int64_t lo, int64_t hi)
{
	const jl_value *v = field(r, key);

	return v ? int_of(r, v, key, lo, hi) : 0;
}

static int flag(rd *r, const char *key)
{
	const jl_value *v = field(r, key);

	if (v && v->kind != JL_TRUE && v->kind != JL_FALSE)
		bad(r, key);
	return v && v->kind == JL_TRUE;
}

static int64_t duration(rd *r, const char *key)
{
	const char *s = str(r, key);
	int64_t d = 0;

	if (s && clock_parse_duration(s, &d)) {
		berth_clear();
		bad(r, key);
	}
	return d;
}

/* An instant: RFC 3339 with its offset (a file's times mean one instant
 * wherever it is read); none is BTIME_NEVER. */
static btime instant(rd *r, const char *key)
{
	const char *s = str(r, key);
	civil_time ct;
	btime t = BTIME_NEVER;

	if (!s)
		return BTIME_NEVER;
	if (clock_parse(s, &ct) || ct.kind != CIVIL_ABSOLUTE ||
	    clock_resolve_at(&ct, "UTC", 0, &t)) {
		berth_clear();
		bad(r, key);
	}
	return t;
}

static int32_t ymd(rd *r, const char *key)
{
	const char *s = str(r, key);
	int32_t d = 0;

	if (s && berth_date_parse(key, s, &d)) {
		berth_clear();
		bad(r, key);
	}
	return d;
}

static uint64_t typed_id(rd *r, const char *key, char prefix)
{
	const char *s = str(r, key);
	char *end;
	unsigned long long n;

	if (!s)
		return 0;
	if (s[0] != prefix || s[1] < '1' || s[1] > '9' ||
	    (n = strtoull(s + 1, &end, 10), *end) || n > INT64_MAX)
		return bad(r, key);
	return n;
}

/* The members of an array value: the first's index (each next at the
 * one before's end), with *n of them. */
static size_t members(rd *r, const jl_value *v, uint32_t *n)
{
	*n = v->n;
	return (size_t)(v - r->j->v) + 1;
}

static const char **name_list(rd *r, const char *key, uint32_t *n)
{
	const jl_value *v = field(r, key);
	const char **out;
	uint32_t count;
	size_t m;

	*n = 0;
	if (!v)
		return NULL;
	if (v->kind != JL_ARR || v->n > BERTH_SERVICE_RESOURCES ||
	    !(out = arena_alloc(r->a, (v->n + 1) * sizeof *out))) {
		bad(r, key);
		return NULL;
	}
	m = members(r, v, &count);
	for (uint32_t i = 0; i < count; i++, m = r->j->v[m].end) {
		const jl_value *x = &r->j->v[m];
		if (x->kind != JL_STR) {
			bad(r, key);
			return NULL;
		}
		out[i] = arena_strndup(r->a, x->s, x->n);
	}
	*n = count;
	return out;
}

static void attrs(rd *r, berth_attrs *out)
{
	const jl_value *v = field(r, "attrs");
	size_t i = 0;

	memset(out, 0, sizeof *out);
	if (!v)
		return;
	if (v->kind != JL_OBJ ||
	    (v->n && !(out->v = arena_alloc(r->a, v->n * sizeof *out->v)))) {
		bad(r, "attrs");
		return;
	}
	for (size_t m = (size_t)(v - r->j->v) + 1; m < v->end;
	     m = r->j->v[m].end) {
		const jl_value *x = &r->j->v[m];
		if (x->kind != JL_STR) {
			bad(r, "attrs");
			return;
		}
		out->v[i].key = arena_strndup(r->a, x->key, x->klen);
		out->v[i++].value = arena_strndup(r->a, x->s, x->n);
	}
	out->n = i;
}

void xr_store(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	const jl_value *last = field(r, "last_ids");

	(void)cv;
	it->store.store_id = str(r, "store_id");
	it->store.tz = str(r, "tz");
	it->store.audit = flag(r, "audit");
	it->store.audit_key = str(r, "audit_key");
	if (last && last->kind != JL_OBJ)
		r->bad = "last_ids";
	for (int i = 0; last && last->kind == JL_OBJ && i < BERTH_XID_COUNT;
	     i++) {
		const jl_value *v = jline_get(r->j, (size_t)(last - r->j->v),
					      berth_xid_name(i));
		if (v && (v->kind != JL_INT || v->i < 0))
			r->bad = "last_ids";
		else if (v)
			it->store.last[i] = (uint64_t)v->i;
	}
}

void xr_resource(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_resource *x = &it->resource;
	const char *slot;

	(void)cv;
	x->rid = (uint32_t)num(r, "number", 1, UINT32_MAX);
	x->name = str(r, "name");
	x->capacity = num(r, "capacity", 1, BERTH_CAPACITY_MAX);
	x->seats = (uint32_t)num(r, "seats", 0, BERTH_SEATS_MAX);
	x->tz = str(r, "tz");
	x->buffer = duration(r, "buffer");
	slot = str(r, "slot");
	x->slot = slot ? duration(r, "slot") : 0;
	x->location = str(r, "location");
	attrs(r, &x->attrs);
	x->created_at = field(r, "created_at") ? instant(r, "created_at") : 0;
	x->updated_at = field(r, "updated_at") ? instant(r, "updated_at") : 0;
	if (!x->capacity)
		x->capacity = x->seats ? x->seats : 1;
}

void xr_resid(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->resource.rid = (uint32_t)num(r, "number", 1, UINT32_MAX);
	it->resource.name = str(r, "name");
}

void xr_policy(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->policy.key = str(r, "key");
	it->policy_value = str(r, "value");
	it->policy.scope = str(r, "resource");
	it->policy.service = str(r, "service");
}

void xr_hours(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_hours *h = &it->hours;
	const jl_value *week = field(r, "week");
	char *specs[7];
	uint32_t count;
	size_t m;

	(void)cv;
	h->resource = str(r, "resource");
	if (!week) {
		const char *day = str(r, "hours");
		char *spec = (char *)day;
		h->date = ymd(r, "date");
		if (!day || !h->date) {
			r->bad = r->bad ? r->bad : "hours";
			return;
		}
		if (berth_hours_parse(&spec, 1, 1, h)) {
			berth_clear();
			r->bad = r->bad ? r->bad : "hours";
		}
		h->resource = str(r, "resource");
		h->date = ymd(r, "date");
		return;
	}
	if (week->kind != JL_ARR || week->n != 7) {
		r->bad = r->bad ? r->bad : "week";
		return;
	}
	m = members(r, week, &count);
	for (uint32_t i = 0; i < count; i++, m = r->j->v[m].end) {
		const jl_value *x = &r->j->v[m];
		if (x->kind != JL_STR) {
			r->bad = r->bad ? r->bad : "week";
			return;
		}
		specs[i] = arena_strndup(r->a, x->s, x->n);
	}
	if (berth_hours_parse(specs, 7, 0, h)) {
		berth_clear();
		r->bad = r->bad ? r->bad : "week";
	}
	h->resource = str(r, "resource");
}

void xr_holiday(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_holiday *h = &it->holiday;

	(void)cv;
	h->id = typed_id(r, "id", 'd');
	h->name = str(r, "name");
	h->from = ymd(r, "from");
	h->to = field(r, "to") ? ymd(r, "to") : h->from;
	h->recurring = flag(r, "recurring");
	h->resources = name_list(r, "resources", &h->nres);
}

void xr_timeoff(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_timeoff *o = &it->timeoff;

	(void)cv;
	o->id = typed_id(r, "id", 't');
	o->resource = str(r, "resource");
	o->from = instant(r, "from");
	o->to = instant(r, "to");
	o->reason = str(r, "reason");
}

void xr_service(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_service *s = &it->service;
	const char *price;

	(void)cv;
	s->name = str(r, "name");
	s->duration = duration(r, "duration");
	s->buffer = field(r, "buffer") ? duration(r, "buffer") : -1;
	s->price = -1;
	if ((price = str(r, "price")) && berth_price_parse(price, &s->price)) {
		berth_clear();
		r->bad = r->bad ? r->bad : "price";
	}
	s->resources = name_list(r, "resources", &s->nres);
	s->created_at = field(r, "created_at") ? instant(r, "created_at") : 0;
	s->updated_at = field(r, "updated_at") ? instant(r, "updated_at") : 0;
}

static int method_of(const char *s, int *out)
{
	for (int m = METHOD_NONE; m <= METHOD_ONLINE; m++)
		if (!strcmp(s, berth_method_name(m))) {
			*out = m;
			return 0;
		}
	return -1;
}

static void r_claim(rd *r, berth_xitem *it, berth_xcivil *cv, int hold)
{
	berth_claim *c = &it->claim;
	const char *s;
	const jl_value *seats = field(r, "seats");

	(void)cv;
	c->kind = hold ? CLAIM_HOLD : CLAIM_BOOKING;
	c->id = typed_id(r, "id", hold ? 'h' : 'b');
	c->resource = str(r, "resource");
	c->rid = (uint32_t)num(r, "resource_number", 1, UINT32_MAX);
	c->start = instant(r, "start");
	c->end = instant(r, "end");
	c->buffer = duration(r, "buffer");
	c->quantity = field(r, "quantity")
			  ? num(r, "quantity", 1, BERTH_CAPACITY_MAX)
			  : 1;
	if (seats) {
		uint32_t count;
		size_t m;
		if (seats->kind != JL_ARR || seats->n > BERTH_SEATS_MAX ||
		    !(c->seats = arena_alloc(r->a, (seats->n + 1) *
						       sizeof *c->seats))) {
			r->bad = r->bad ? r->bad : "seats";
			return;
		}
		m = members(r, seats, &count);
		for (uint32_t i = 0; i < count; i++, m = r->j->v[m].end) {
			const jl_value *x = &r->j->v[m];
			if (x->kind != JL_INT || x->i < 1 ||
			    x->i > BERTH_SEATS_MAX) {
				r->bad = r->bad ? r->bad : "seats";
				return;
			}
			c->seats[i] = (uint32_t)x->i;
		}
		c->nseats = count;
	}
	c->customer = str(r, "customer");
	if (!(s = str(r, "status")) || berth_status_parse(hold, s, &c->status))
		r->bad = r->bad ? r->bad : "status";
	if ((s = str(r, "payment_status")) &&
	    berth_payment_parse(s, &c->payment_status))
		r->bad = r->bad ? r->bad : "payment_status";
	if ((s = str(r, "payment_method")) && method_of(s, &c->payment_method))
		r->bad = r->bad ? r->bad : "payment_method";
	c->payment_ref = str(r, "payment_ref");
	c->link = typed_id(r, hold ? "booking" : "hold", hold ? 'b' : 'h');
	c->series = (uint64_t)num(r, "series", 0, INT64_MAX);
	c->version = field(r, "version") ? num(r, "version", 0, INT64_MAX) : 1;
	c->reschedules = num(r, "reschedules", 0, INT64_MAX);
	attrs(r, &c->attrs);
	c->created_at = field(r, "created_at") ? instant(r, "created_at") : 0;
	c->updated_at = field(r, "updated_at") ? instant(r, "updated_at") : 0;
	c->expires_at = instant(r, "expires_at");
	c->service = str(r, "service");
	if ((s = str(r, "price"))) {
		c->has_price = 1;
		if (berth_price_parse(s, &c->price)) {
			berth_clear();
			r->bad = r->bad ? r->bad : "price";
		}
	}
	if ((s = str(r, "amount_paid"))) {
		c->has_paid = 1;
		if (berth_price_parse(s, &c->amount_paid)) {
			berth_clear();
			r->bad = r->bad ? r->bad : "amount_paid";
		}
	}
}

void xr_hold(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	r_claim(r, it, cv, 1);
}

void xr_booking(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	r_claim(r, it, cv, 0);
}

/* The stored bytes, decoded from the line's base64 straight into the
 * arena (a record is the longest text of a line: not copied first). */
static void r_raw(rd *r, berth_xitem *it)
{
	const jl_value *v = field(r, "record");
	size_t n;
	uint8_t *out;

	if (!v || v->kind != JL_STR ||
	    !(out = arena_alloc(r->a, (size_t)v->n / 4 * 3 + 3)) ||
	    base64_decode(v->s, v->n, out, &n)) {
		r->bad = r->bad ? r->bad : "record";
		return;
	}
	it->raw = out;
	it->raw_len = n;
}

void xr_idem(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->key = str(r, "key");
	r_raw(r, it);
}

void xr_audit(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->seq = (uint64_t)num(r, "seq", 1, INT64_MAX);
	r_raw(r, it);
}

void xr_customer(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->key = str(r, "id");
	r_raw(r, it);
}

void xr_waitlist(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->seq = typed_id(r, "id", 'w');
	r_raw(r, it);
}

berth_status xitem_read(jline *j, const char *line, size_t len, arena *a,
			berth_xitem *it, berth_xcivil *cv)
{
	rd r = {j, 0, a, NULL};
	const char *type;
	int rc;
	size_t i;

	memset(it, 0, sizeof *it);
	memset(cv, 0, sizeof *cv);
	if ((rc = jline_read(j, line, len)) == -2)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	if (rc || j->v[0].kind != JL_OBJ)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "not a JSON object: %.80s",
				  rc ? j->err : "another JSON value");
	if (!(type = str(&r, "type")))
		return berth_fail(BERTH_INVALID_ARGUMENT, "no \"type\"");
	for (i = 0; i < nxtypes && strcmp(xtypes[i].name, type); i++)
		;
	if (i == nxtypes)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "unknown type '%.40s'", type);
	for (size_t m = 1; m < j->v[0].end; m = j->v[m].end) {
		const jl_value *v = &j->v[m];
		const char *const *f = xtypes[i].fields;
		char key[41];
		while (*f && (strlen(*f) != v->klen || memcmp(*f, v->key, v->klen)))
			f++;
		if (*f)
			continue;
		snprintf(key, sizeof key, "%.*s",
			 (int)(v->klen < 40 ? v->klen : 40), v->key);
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "%s: unknown field '%s'", type, key),
		    key, NULL);
	}
	it->type = xtypes[i].type;
	xtypes[i].read(&r, it, cv);
	if (r.bad)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "%s: field '%s' does not read", type, r.bad),
		    r.bad, NULL);
	return BERTH_OK;
}
