/* common-xitems.c - each line of a whole-store file, written and read:
 * the fields of SPEC.md where they exist (a booking reads as `show`
 * prints it), and what a copy needs beyond them (a resource's number, a
 * claim's buffer and version). Times are RFC 3339 with the resource's
 * offset, to the second, so they read back as the same instant; a
 * duration as berth writes one (1h30m). An audit record and an
 * idempotency key's answer go as their stored bytes in base64 (`record`):
 * the chain hashed those bytes, and a log is never edited; the readable
 * fields beside an audit record are for people and are not read back. */
#include <sodium.h>
#include <string.h>

#include "common-batch.h"
#include "common-xitems.h"

/* --- writing --- */

static void dur(emitter *e, const char *key, int64_t s)
{
	char buf[32];

	clock_format_duration(s, buf, sizeof buf);
	emit_str(e, key, buf);
}

static void names(emitter *e, const char *key, const char **v, uint32_t n)
{
	emit_key(e, key);
	emit_list_begin(e);
	for (uint32_t i = 0; i < n; i++)
		emit_string(e, v[i]);
	emit_end(e);
}

static void date(emitter *e, const char *key, int32_t ymd)
{
	char buf[16];

	berth_date_format(ymd, buf, sizeof buf);
	emit_str(e, key, buf);
}

static void w_store(emitter *e, const berth_xitem *it)
{
	const berth_xstore *s = &it->store;

	emit_str(e, "store_id", s->store_id);
	emit_str(e, "tz", s->tz);
	emit_key(e, "audit");
	emit_boolean(e, s->audit);
	if (s->audit_key)
		emit_str(e, "audit_key", s->audit_key);
	emit_key(e, "last_ids");
	emit_map_begin(e);
	for (int i = 0; i < BERTH_XID_COUNT; i++)
		emit_int(e, berth_xid_name(i), (int64_t)s->last[i]);
	emit_end(e);
}

static void w_resource(emitter *e, const berth_xitem *it)
{
	emit_int(e, "number", it->resource.rid);
	describe_resource_fields(e, &it->resource);
}

static void w_resid(emitter *e, const berth_xitem *it)
{
	emit_int(e, "number", it->resource.rid);
	emit_str(e, "name", it->resource.name);
}

static void w_policy(emitter *e, const berth_xitem *it)
{
	emit_str(e, "key", it->policy.key);
	emit_str(e, "value", it->policy_value);
	emit_str(e, "resource", it->policy.scope);
}

static void w_hours(emitter *e, const berth_xitem *it)
{
	const berth_hours *h = &it->hours;
	char line[200], ranges[160];

	emit_str(e, "resource", h->resource);
	if (h->date) {
		date(e, "date", h->date);
		berth_day_format(&h->day[0], ranges, sizeof ranges);
		emit_str(e, "hours", ranges);
		return;
	}
	emit_key(e, "week");
	emit_list_begin(e);
	for (int i = 0; i < 7; i++) {
		berth_day_format(&h->day[i], ranges, sizeof ranges);
		snprintf(line, sizeof line, "%s %s", berth_weekday_name(i),
			 ranges);
		emit_string(e, line);
	}
	emit_end(e);
}

static void w_holiday(emitter *e, const berth_xitem *it)
{
	const berth_holiday *h = &it->holiday;
	char id[24];

	snprintf(id, sizeof id, "d%llu", (unsigned long long)h->id);
	emit_str(e, "id", id);
	emit_str(e, "name", h->name);
	date(e, "from", h->from);
	date(e, "to", h->to);
	emit_key(e, "recurring");
	emit_boolean(e, h->recurring);
	names(e, "resources", h->resources, h->nres);
}

static void w_timeoff(emitter *e, const berth_xitem *it)
{
	const berth_timeoff *o = &it->timeoff;
	char id[24];

	snprintf(id, sizeof id, "t%llu", (unsigned long long)o->id);
	emit_str(e, "id", id);
	emit_str(e, "resource", o->resource);
	emit_time(e, "from", o->from, o->zone);
	emit_time(e, "to", o->to, o->zone);
	emit_str(e, "reason", o->reason);
}

static void w_service(emitter *e, const berth_xitem *it)
{
	const berth_service *s = &it->service;

	describe_service_fields(e, s);
}

/* A field at its default (no seats, no customer, no payment, version 1,
 * never expires...) is left out, as the catalogue's export leaves them:
 * a million bookings read back in a third less JSON. */
static void w_claim(emitter *e, const berth_xitem *it)
{
	const berth_claim *c = &it->claim;
	char id[24], link[24];

	berth_id_format(c->kind, c->id, id, sizeof id);
	emit_str(e, "id", id);
	emit_str(e, "resource", c->resource);
	emit_int(e, "resource_number", c->rid);
	emit_time(e, "start", c->start, c->zone);
	emit_time(e, "end", c->end, c->zone);
	if (c->buffer)
		dur(e, "buffer", c->buffer);
	if (c->quantity != 1)
		emit_int(e, "quantity", c->quantity);
	if (c->nseats) {
		emit_key(e, "seats");
		emit_list_begin(e);
		for (uint32_t i = 0; i < c->nseats; i++)
			emit_integer(e, c->seats[i]);
		emit_end(e);
	}
	if (c->customer)
		emit_str(e, "customer", c->customer);
	emit_str(e, "status", berth_claim_status_name(c));
	if (c->payment_status != PAY_NONE)
		emit_str(e, "payment_status",
			 berth_payment_name(c->payment_status));
	if (c->payment_method != METHOD_NONE)
		emit_str(e, "payment_method",
			 berth_method_name(c->payment_method));
	if (c->payment_ref)
		emit_str(e, "payment_ref", c->payment_ref);
	if (c->link) {
		berth_id_format(c->kind == CLAIM_HOLD ? CLAIM_BOOKING
						      : CLAIM_HOLD,
				c->link, link, sizeof link);
		emit_str(e, c->kind == CLAIM_HOLD ? "booking" : "hold", link);
	}
	if (c->series)
		emit_int(e, "series", (int64_t)c->series);
	if (c->version != 1)
		emit_int(e, "version", c->version);
	if (c->reschedules)
		emit_int(e, "reschedules", c->reschedules);
	if (c->attrs.n)
		emit_attrs(e, &c->attrs);
	emit_time(e, "created_at", c->created_at, c->zone);
	if (c->updated_at != c->created_at)
		emit_time(e, "updated_at", c->updated_at, c->zone);
	if (c->expires_at != BTIME_NEVER)
		emit_time(e, "expires_at", c->expires_at, c->zone);
}

static void raw(emitter *e, const berth_xitem *it)
{
	size_t n = sodium_base64_encoded_len(it->raw_len,
					     sodium_base64_VARIANT_ORIGINAL);
	char *b = malloc(n);

	if (!b) {
		emit_str(e, "record", NULL);
		return;
	}
	sodium_bin2base64(b, n, it->raw, it->raw_len,
			  sodium_base64_VARIANT_ORIGINAL);
	emit_str(e, "record", b);
	free(b);
}

static void w_idem(emitter *e, const berth_xitem *it)
{
	emit_str(e, "key", it->key);
	raw(e, it);
}

static void w_audit(emitter *e, const berth_xitem *it)
{
	const berth_audit *a = it->audit;
	char hash[BERTH_HASH_HEX];

	emit_int(e, "seq", (int64_t)it->seq);
	emit_time(e, "at", a->at, NULL);
	emit_str(e, "actor", a->actor);
	emit_str(e, "action", a->action);
	emit_str(e, "entity", a->entity);
	berth_hash_format(a->hash, hash);
	emit_str(e, "hash", hash);
	raw(e, it);
}

/* --- reading --- */

typedef struct {
	json_t *o;
	arena *a;
	const char *bad; /* the first field that did not read */
} rd;

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

static void r_store(rd *r, berth_xitem *it, berth_xcivil *cv)
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

static void r_resource(rd *r, berth_xitem *it, berth_xcivil *cv)
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

static void r_resid(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->resource.rid = (uint32_t)num(r, "number", 1, UINT32_MAX);
	it->resource.name = str(r, "name");
}

static void r_policy(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->policy.key = str(r, "key");
	it->policy_value = str(r, "value");
	it->policy.scope = str(r, "resource");
}

static void r_hours(rd *r, berth_xitem *it, berth_xcivil *cv)
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

static void r_holiday(rd *r, berth_xitem *it, berth_xcivil *cv)
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

static void r_timeoff(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	berth_timeoff *o = &it->timeoff;

	(void)cv;
	o->id = typed_id(r, "id", 't');
	o->resource = str(r, "resource");
	o->from = instant(r, "from");
	o->to = instant(r, "to");
	o->reason = str(r, "reason");
}

static void r_service(rd *r, berth_xitem *it, berth_xcivil *cv)
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
}

static void r_hold(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	r_claim(r, it, cv, 1);
}

static void r_booking(rd *r, berth_xitem *it, berth_xcivil *cv)
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

static void r_idem(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->key = str(r, "key");
	r_raw(r, it);
}

static void r_audit(rd *r, berth_xitem *it, berth_xcivil *cv)
{
	(void)cv;
	it->seq = (uint64_t)num(r, "seq", 1, INT64_MAX);
	r_raw(r, it);
}

/* --- the table --- */

#define FIELDS(...)                                                            \
	(const char *const[])                                                  \
	{                                                                      \
		"type", __VA_ARGS__, NULL                                      \
	}
#define CLAIM_FIELDS                                                           \
	"id", "resource", "resource_number", "start", "end", "buffer",         \
	    "quantity", "seats", "customer", "status", "payment_status",       \
	    "payment_method", "payment_ref", "series", "version",              \
	    "reschedules", "attrs", "created_at", "updated_at", "expires_at"

/* Each type: its name in the file, its writer and reader, and every
 * field a line of it may have: one a line does not know is refused, so
 * that what a newer berth wrote is never dropped unseen. */
static const struct xtype {
	const char *name;
	berth_xtype type;
	int hold; /* a claim line: 1 hold, 0 booking, -1 another type */
	void (*write)(emitter *e, const berth_xitem *it);
	void (*read)(rd *r, berth_xitem *it, berth_xcivil *cv);
	const char *const *fields;
} xtypes[] = {
    {"store", BERTH_X_STORE, -1, w_store, r_store,
     FIELDS("store_id", "tz", "audit", "audit_key", "last_ids")},
    {"resource", BERTH_X_RESOURCE, -1, w_resource, r_resource,
     FIELDS("number", "name", "capacity", "seats", "tz", "buffer", "slot",
	    "location", "attrs", "created_at", "updated_at")},
    {"removed_resource", BERTH_X_RESID, -1, w_resid, r_resid,
     FIELDS("number", "name")},
    {"policy", BERTH_X_POLICY, -1, w_policy, r_policy,
     FIELDS("key", "value", "resource")},
    {"hours", BERTH_X_HOURS, -1, w_hours, r_hours,
     FIELDS("resource", "date", "hours", "week")},
    {"holiday", BERTH_X_HOLIDAY, -1, w_holiday, r_holiday,
     FIELDS("id", "name", "from", "to", "recurring", "resources")},
    {"timeoff", BERTH_X_TIMEOFF, -1, w_timeoff, r_timeoff,
     FIELDS("id", "resource", "from", "to", "reason")},
    {"service", BERTH_X_SERVICE, -1, w_service, r_service,
     FIELDS("name", "duration", "buffer", "price", "resources", "created_at",
	    "updated_at")},
    {"hold", BERTH_X_CLAIM, 1, w_claim, r_hold,
     FIELDS(CLAIM_FIELDS, "booking")},
    {"booking", BERTH_X_CLAIM, 0, w_claim, r_booking,
     FIELDS(CLAIM_FIELDS, "hold")},
    {"idempotency", BERTH_X_IDEM, -1, w_idem, r_idem, FIELDS("key", "record")},
    {"audit", BERTH_X_AUDIT, -1, w_audit, r_audit,
     FIELDS("seq", "at", "actor", "action", "entity", "hash", "record")},
};
#define NXTYPES (sizeof xtypes / sizeof *xtypes)

static const struct xtype *type_of(const berth_xitem *it)
{
	for (size_t i = 0; i < NXTYPES; i++)
		if (xtypes[i].type == it->type &&
		    (xtypes[i].hold < 0 ||
		     xtypes[i].hold == (it->claim.kind == CLAIM_HOLD)))
			return &xtypes[i];
	return NULL;
}

const char *xitem_type_name(const berth_xitem *it)
{
	const struct xtype *x = type_of(it);

	return x ? x->name : NULL;
}

void xitem_describe(emitter *e, const berth_xitem *it)
{
	const struct xtype *x = type_of(it);

	if (!x)
		return;
	emit_record_begin(e);
	emit_str(e, "type", x->name);
	x->write(e, it);
	emit_record_end(e);
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
	for (i = 0; i < NXTYPES && strcmp(xtypes[i].name, type); i++)
		;
	if (i == NXTYPES) {
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
