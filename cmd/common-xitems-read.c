/* common-xitems-read.c - a whole-store file's lines read back: one
 * reader a type, each field checked as it is read (the table, which
 * says which fields a type may have, is in common-xitems.c). */
#include <sodium.h>
#include <string.h>

#include "common-batch.h"
#include "common-xitems-types.h"

static json_t *field(rd *r, const char *key)
{
	json_t *v = json_object_get(r->o, key);

	return v && !json_is_null(v) ? v : NULL;
}

static const char *str(rd *r, const char *key)
{
	json_t *v = field(r, key);

	if (!v)
		return NULL;
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		r->bad = r->bad ? r->bad : key;
		return NULL;
	}
	return arena_strdup(r->a, json_string_value(v));
}

static int64_t num(rd *r, const char *key, int64_t lo, int64_t hi)
{
	json_t *v = field(r, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi) {
		r->bad = r->bad ? r->bad : key;
		return 0;
	}
	return json_integer_value(v);
}

static int flag(rd *r, const char *key)
{
	json_t *v = field(r, key);

	if (v && !json_is_boolean(v))
		r->bad = r->bad ? r->bad : key;
	return v && json_is_true(v);
}

static int64_t duration(rd *r, const char *key)
{
	const char *s = str(r, key);
	int64_t d = 0;

	if (s && clock_parse_duration(s, &d)) {
		berth_clear();
		r->bad = r->bad ? r->bad : key;
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
		r->bad = r->bad ? r->bad : key;
	}
	return t;
}

static int32_t ymd(rd *r, const char *key)
{
	const char *s = str(r, key);
	int32_t d = 0;

	if (s && berth_date_parse(key, s, &d)) {
		berth_clear();
		r->bad = r->bad ? r->bad : key;
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
	    (n = strtoull(s + 1, &end, 10), *end) || n > INT64_MAX) {
		r->bad = r->bad ? r->bad : key;
		return 0;
	}
	return n;
}

static const char **name_list(rd *r, const char *key, uint32_t *n)
{
	json_t *v = field(r, key), *x;
	const char **out;
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	if (!json_is_array(v) || json_array_size(v) > BERTH_SERVICE_RESOURCES ||
	    !(out =
		  arena_alloc(r->a, (json_array_size(v) + 1) * sizeof *out))) {
		r->bad = r->bad ? r->bad : key;
		return NULL;
	}
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x)) {
			r->bad = r->bad ? r->bad : key;
			return NULL;
		}
		out[i] = arena_strdup(r->a, json_string_value(x));
	}
	*n = (uint32_t)json_array_size(v);
	return out;
}

static void attrs(rd *r, berth_attrs *out)
{
	json_t *v = field(r, "attrs"), *x;
	const char *key;
	size_t i = 0;

	memset(out, 0, sizeof *out);
	if (!v)
		return;
	if (!json_is_object(v) ||
	    (json_object_size(v) &&
	     !(out->v =
		   arena_alloc(r->a, json_object_size(v) * sizeof *out->v)))) {
		r->bad = r->bad ? r->bad : "attrs";
		return;
	}
	json_object_foreach(v, key, x)
	{
		if (!json_is_string(x)) {
			r->bad = r->bad ? r->bad : "attrs";
			return;
		}
		out->v[i].key = arena_strdup(r->a, key);
		out->v[i++].value = arena_strdup(r->a, json_string_value(x));
	}
	out->n = i;
}

void xr_store(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	json_t *last = field(r, "last_ids");

	(void)cv;
	it->store.store_id = str(r, "store_id");
	it->store.tz = str(r, "tz");
	it->store.audit = flag(r, "audit");
	it->store.audit_key = str(r, "audit_key");
	if (last && !json_is_object(last))
		r->bad = "last_ids";
	for (int i = 0; last && json_is_object(last) && i < BERTH_XID_COUNT;
	     i++) {
		json_t *v = json_object_get(last, berth_xid_name(i));
		if (v && (!json_is_integer(v) || json_integer_value(v) < 0))
			r->bad = "last_ids";
		else if (v)
			it->store.last[i] = (uint64_t)json_integer_value(v);
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
	json_t *week = field(r, "week"), *x;
	char *specs[7];
	size_t i;

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
	if (!json_is_array(week) || json_array_size(week) != 7) {
		r->bad = r->bad ? r->bad : "week";
		return;
	}
	json_array_foreach(week, i, x)
	{
		if (!json_is_string(x)) {
			r->bad = r->bad ? r->bad : "week";
			return;
		}
		specs[i] = arena_strdup(r->a, json_string_value(x));
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
	json_t *seats = field(r, "seats"), *x;
	size_t i;

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
		if (!json_is_array(seats) ||
		    json_array_size(seats) > BERTH_SEATS_MAX ||
		    !(c->seats =
			  arena_alloc(r->a, (json_array_size(seats) + 1) *
						sizeof *c->seats))) {
			r->bad = r->bad ? r->bad : "seats";
			return;
		}
		json_array_foreach(seats, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) < 1 ||
			    json_integer_value(x) > BERTH_SEATS_MAX) {
				r->bad = r->bad ? r->bad : "seats";
				return;
			}
			c->seats[i] = (uint32_t)json_integer_value(x);
		}
		c->nseats = (uint32_t)json_array_size(seats);
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

static void r_raw(rd *r, berth_xitem *it)
{
	const char *b64 = str(r, "record");
	size_t n;
	uint8_t *out;

	if (!b64 || !(out = arena_alloc(r->a, strlen(b64) + 1)) ||
	    sodium_base642bin(out, strlen(b64) + 1, b64, strlen(b64), NULL, &n,
			      NULL, sodium_base64_VARIANT_ORIGINAL)) {
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

berth_status xitem_read(const char *line, arena *a, berth_xitem *it,
			berth_xcivil *cv)
{
	json_error_t jerr;
	rd r = {NULL, a, NULL};
	const char *type, *key;
	json_t *v;
	berth_status st = BERTH_OK;
	size_t i;

	memset(it, 0, sizeof *it);
	memset(cv, 0, sizeof *cv);
	r.o = batch_json_loads(line, &jerr);
	if (!r.o || !json_is_object(r.o)) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"not a JSON object: %.80s",
				r.o ? "another JSON value" : jerr.text);
		goto out;
	}
	if (!(type = str(&r, "type"))) {
		st = berth_fail(BERTH_INVALID_ARGUMENT, "no \"type\"");
		goto out;
	}
	for (i = 0; i < nxtypes && strcmp(xtypes[i].name, type); i++)
		;
	if (i == nxtypes) {
		st = berth_fail(BERTH_INVALID_ARGUMENT, "unknown type '%.40s'",
				type);
		goto out;
	}
	json_object_foreach(r.o, key, v)
	{
		const char *const *f = xtypes[i].fields;
		while (*f && strcmp(*f, key))
			f++;
		if (!*f) {
			st = berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "%s: unknown field '%.40s'", type, key),
			    key, NULL);
			goto out;
		}
	}
	it->type = xtypes[i].type;
	xtypes[i].read(&r, it, cv);
	if (r.bad)
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "%s: field '%s' does not read", type, r.bad),
		    r.bad, NULL);
out:
	batch_json_done(r.o);
	return st;
}
