/* common-changes.c - an audit record's `changes`: what the change did, in
 * one short line a person reads in a table (status pending->confirmed,
 * payment none->paid), where before and after hold the whole entity
 * twice. Only the fields that differ are named; a new entity is named by
 * what identifies it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common-changes.h"

struct line {
	char *p;
	size_t size, len;
};

static void add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= l->size)
		return;
	if (l->len && l->len + 2 < l->size) {
		memcpy(l->p + l->len, ", ", 3);
		l->len += 2;
	}
	va_start(ap, fmt);
	n = vsnprintf(l->p + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < l->size - l->len ? (size_t)n
						       : l->size - l->len - 1;
}

/* A time as the table shows one: 2026-06-15 20:00 in the claim's zone. */
static const char *when(btime t, const char *zone, char *buf, size_t size)
{
	char full[CLOCK_TIME_MAX];

	if (t == BTIME_NEVER || !clock_format(t, zone, full, sizeof full) ||
	    strlen(full) < 16) {
		snprintf(buf, size, "-");
		return buf;
	}
	snprintf(buf, size, "%.10s %.5s", full, full + 11);
	return buf;
}

static void seats(const berth_claim *c, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < c->nseats && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%" PRIu32,
				       i ? "," : "", c->seats[i]);
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static int attrs_same(const berth_attrs *a, const berth_attrs *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!same(a->v[i].key, b->v[i].key) ||
		    !same(a->v[i].value, b->v[i].value))
			return 0;
	return 1;
}

static void claim(struct line *l, const berth_claim *b, const berth_claim *a)
{
	char x[64], y[64], sb[256], sa[256];

	if (!b) {
		add(l, "%s %s", a->resource,
		    when(a->start, a->zone, x, sizeof x));
		seats(a, sa, sizeof sa);
		if (a->nseats)
			add(l, "seats %s", sa);
		else
			add(l, "quantity %" PRId64, a->quantity);
		if (a->customer)
			add(l, "%s", a->customer);
		add(l, "%s", berth_claim_status_name(a));
		return;
	}
	if (strcmp(berth_claim_status_name(b), berth_claim_status_name(a)))
		add(l, "status %s->%s", berth_claim_status_name(b),
		    berth_claim_status_name(a));
	if (a->kind == CLAIM_BOOKING && b->payment_status != a->payment_status)
		add(l, "payment %s->%s", berth_payment_name(b->payment_status),
		    berth_payment_name(a->payment_status));
	if (!same(b->payment_ref, a->payment_ref))
		add(l, "ref %s", or_dash(a->payment_ref));
	if (a->has_paid &&
	    (!b->has_paid || b->amount_paid != a->amount_paid)) {
		char money[32];
		berth_price_format(a->amount_paid, money, sizeof money);
		add(l, "paid %s", money);
	}
	if (b->start != a->start)
		add(l, "start %s->%s", when(b->start, b->zone, x, sizeof x),
		    when(a->start, a->zone, y, sizeof y));
	if (b->end != a->end)
		add(l, "end %s->%s", when(b->end, b->zone, x, sizeof x),
		    when(a->end, a->zone, y, sizeof y));
	seats(b, sb, sizeof sb);
	seats(a, sa, sizeof sa);
	if (strcmp(sb, sa))
		add(l, "seats %s->%s", or_dash(sb), or_dash(sa));
	else if (b->quantity != a->quantity)
		add(l, "quantity %" PRId64 "->%" PRId64, b->quantity,
		    a->quantity);
	if (!same(b->customer, a->customer))
		add(l, "customer %s->%s", or_dash(b->customer),
		    or_dash(a->customer));
	if (!attrs_same(&b->attrs, &a->attrs))
		add(l, "attrs");
}

static void resource(struct line *l, const berth_resource *b,
		     const berth_resource *a)
{
	if (!b) {
		add(l, "capacity %" PRId64, a->capacity);
		if (a->seats)
			add(l, "seats %" PRIu32, a->seats);
		add(l, "tz %s", a->tz);
		return;
	}
	if (b->capacity != a->capacity)
		add(l, "capacity %" PRId64 "->%" PRId64, b->capacity,
		    a->capacity);
	if (b->seats != a->seats)
		add(l, "seats %" PRIu32 "->%" PRIu32, b->seats, a->seats);
	if (!same(b->tz, a->tz))
		add(l, "tz %s->%s", b->tz, a->tz);
	if (b->buffer != a->buffer)
		add(l, "buffer");
	if (b->slot != a->slot)
		add(l, "slot");
	if (!same(b->location, a->location))
		add(l, "location %s->%s", or_dash(b->location),
		    or_dash(a->location));
	if (!attrs_same(&b->attrs, &a->attrs))
		add(l, "attrs");
}

/* A service's optional duration or price, or "-" when it has none. */
static const char *svc_opt(int64_t v, int price, char *buf, size_t size)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else if (price)
		berth_price_format(v, buf, size);
	else
		clock_format_duration(v, buf, size);
	return buf;
}

static int same_names(const berth_service *b, const berth_service *a)
{
	if (b->nres != a->nres)
		return 0;
	for (uint32_t i = 0; i < a->nres; i++)
		if (strcmp(b->resources[i], a->resources[i]))
			return 0;
	return 1;
}

static void service(struct line *l, const berth_service *b,
		    const berth_service *a)
{
	char x[32], y[32];

	if (!b) {
		add(l, "duration %s", svc_opt(a->duration, 0, y, sizeof y));
		return;
	}
	if (b->duration != a->duration)
		add(l, "duration %s->%s", svc_opt(b->duration, 0, x, sizeof x),
		    svc_opt(a->duration, 0, y, sizeof y));
	if (b->buffer != a->buffer)
		add(l, "buffer %s->%s", svc_opt(b->buffer, 0, x, sizeof x),
		    svc_opt(a->buffer, 0, y, sizeof y));
	if (b->price != a->price)
		add(l, "price %s->%s", svc_opt(b->price, 1, x, sizeof x),
		    svc_opt(a->price, 1, y, sizeof y));
	if (!same_names(b, a))
		add(l, "resources");
}

static const char *value(const berth_policy *p, char *buf, size_t size)
{
	if (p->is_duration)
		clock_format_duration(p->value, buf, size);
	else
		snprintf(buf, size, "%" PRId64, p->value);
	return buf;
}

static void policy(struct line *l, const berth_policy *b,
		   const berth_policy *a)
{
	char x[32], y[32];

	if (!b)
		add(l, "%s %s", a->key, value(a, y, sizeof y));
	else if (b->value != a->value)
		add(l, "%s %s->%s", a->key, value(b, x, sizeof x),
		    value(a, y, sizeof y));
}

/* Hours replaced: each day whose hours differ, mon 09:00-17:00->10:00-18:00
 * (a dated exception's one day as hours ...). New hours are named by the
 * entity itself (hours/RESOURCE[/DATE]): nothing more to say of them. */
static void hours(struct line *l, const berth_hours *b, const berth_hours *a)
{
	char x[160], y[160];

	if (!b)
		return;
	if (b->ndays != a->ndays || b->date != a->date) {
		add(l, "hours changed");
		return;
	}
	for (int i = 0; i < a->ndays && i < 7; i++) {
		berth_day_format(&b->day[i], x, sizeof x);
		berth_day_format(&a->day[i], y, sizeof y);
		if (strcmp(x, y))
			add(l, "%s %s->%s",
			    a->ndays == 1 ? "hours" : berth_weekday_name(i), x,
			    y);
	}
}

/* A customer's fields that changed, named, not shown: the line is for
 * seeing what an edit did, and contact data is personal. */
static int same_text(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

static void customer(struct line *l, const berth_customer *b,
		     const berth_customer *a)
{
	if (!b)
		return;
	if (!same_text(b->name, a->name))
		add(l, "name changed");
	if (!same_text(b->email, a->email))
		add(l, "email changed");
	if (!same_text(b->phone, a->phone))
		add(l, "phone changed");
	for (size_t i = 0; i < a->attrs.n; i++) {
		size_t j;
		for (j = 0; j < b->attrs.n &&
			    strcmp(b->attrs.v[j].key, a->attrs.v[i].key);
		     j++)
			;
		if (j == b->attrs.n ||
		    strcmp(b->attrs.v[j].value, a->attrs.v[i].value))
			add(l, "%s changed", a->attrs.v[i].key);
	}
	if (b->attrs.n > a->attrs.n)
		add(l, "attributes removed");
}

/* A waitlist entry: its status, and the hold or booking it came to. */
static void waitlist(struct line *l, const berth_waitlist *b,
		     const berth_waitlist *a)
{
	char id[24];

	if (b && b->status != a->status)
		add(l, "status %s->%s", berth_waitlist_status_name(b->status),
		    berth_waitlist_status_name(a->status));
	if (a->offer && (!b || b->offer != a->offer)) {
		berth_id_format(CLAIM_HOLD, a->offer, id, sizeof id);
		add(l, "offer %s", id);
	}
	if (a->booking && (!b || b->booking != a->booking)) {
		berth_id_format(CLAIM_BOOKING, a->booking, id, sizeof id);
		add(l, "booking %s", id);
	}
}

const char *audit_changes(const berth_audit *r, char *buf, size_t size)
{
	struct line l = {buf, size, 0};

	if (!size)
		return NULL;
	buf[0] = '\0';
	if (r->after_claim)
		claim(&l, r->before_claim, r->after_claim);
	else if (r->after_res)
		resource(&l, r->before_res, r->after_res);
	else if (r->after_policy)
		policy(&l, r->before_policy, r->after_policy);
	else if (r->after_service)
		service(&l, r->before_service, r->after_service);
	else if (r->after_hours)
		hours(&l, r->before_hours, r->after_hours);
	else if (r->after_customer)
		customer(&l, r->before_customer, r->after_customer);
	else if (r->after_waitlist)
		waitlist(&l, r->before_waitlist, r->after_waitlist);
	else if (r->before_claim || r->before_res || r->before_policy ||
		 r->before_hours || r->before_holiday || r->before_timeoff ||
		 r->before_service || r->before_waitlist)
		add(&l, "removed");
	else if (r->before_customer)
		add(&l, "forgotten");
	return buf[0] ? buf : NULL;
}

/* The entity before or after the change, as its own verbs describe it. */
void describe_snapshot(emitter *e, const char *key, const berth_audit *a,
		       int after)
{
	const berth_claim *c = after ? a->after_claim : a->before_claim;
	const berth_resource *r = after ? a->after_res : a->before_res;
	const berth_policy *p = after ? a->after_policy : a->before_policy;

	emit_key(e, key);
	if (c) {
		emit_map_begin(e);
		describe_claim_fields(e, c);
		emit_end(e);
	} else if (r) {
		emit_map_begin(e);
		describe_resource_fields(e, r);
		emit_end(e);
	} else if (p) {
		emit_map_begin(e);
		emit_str(e, "key", p->key);
		emit_str(e, "scope", p->scope);
		emit_int(e, "value", p->value);
		emit_end(e);
	} else if (after ? a->after_hours : a->before_hours) {
		const berth_hours *h = after ? a->after_hours : a->before_hours;
		char hours[160];
		emit_map_begin(e);
		emit_str(e, "resource", h->resource);
		for (int i = 0; i < h->ndays; i++) {
			berth_day_format(&h->day[i], hours, sizeof hours);
			emit_str(e, h->ndays == 1 ? "hours"
						  : berth_weekday_name(i),
				 hours);
		}
		emit_end(e);
	} else if (after ? a->after_holiday : a->before_holiday) {
		const berth_holiday *h =
		    after ? a->after_holiday : a->before_holiday;
		char from[16], to[16];
		berth_date_format(h->from, from, sizeof from);
		berth_date_format(h->to, to, sizeof to);
		emit_map_begin(e);
		emit_str(e, "from", from);
		emit_str(e, "to", to);
		emit_str(e, "name", h->name);
		emit_key(e, "recurring");
		emit_boolean(e, h->recurring);
		emit_key(e, "resources");
		emit_list_begin(e);
		for (uint32_t i = 0; i < h->nres; i++)
			emit_string(e, h->resources[i]);
		emit_end(e);
		emit_end(e);
	} else if (after ? a->after_timeoff : a->before_timeoff) {
		const berth_timeoff *o =
		    after ? a->after_timeoff : a->before_timeoff;
		emit_map_begin(e);
		emit_str(e, "resource", o->resource);
		emit_time(e, "from", o->from, NULL);
		emit_time(e, "to", o->to, NULL);
		emit_str(e, "reason", o->reason);
		emit_end(e);
	} else if (after ? a->after_customer : a->before_customer) {
		emit_map_begin(e);
		describe_customer_fields(
		    e, after ? a->after_customer : a->before_customer);
		emit_end(e);
	} else if (after ? a->after_service : a->before_service) {
		emit_map_begin(e);
		describe_service_fields(
		    e, after ? a->after_service : a->before_service);
		emit_end(e);
	} else if (after ? a->after_waitlist : a->before_waitlist) {
		/* Its status as it was then: an offer lapses only later. */
		emit_map_begin(e);
		describe_waitlist_fields(
		    e, after ? a->after_waitlist : a->before_waitlist,
		    INT64_MIN);
		emit_end(e);
	} else {
		emit_null(e);
	}
}
