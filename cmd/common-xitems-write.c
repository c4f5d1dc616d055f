/* common-xitems-write.c - a whole-store file's lines written: one
 * writer a type (the table is in common-xitems.c). */
#include <sodium.h>
#include <string.h>

#include "common-xitems-types.h"

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

void xw_store(emitter *e, const berth_xitem *it)
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

void xw_resource(emitter *e, const berth_xitem *it)
{
	emit_int(e, "number", it->resource.rid);
	describe_resource_fields(e, &it->resource);
}

void xw_resid(emitter *e, const berth_xitem *it)
{
	emit_int(e, "number", it->resource.rid);
	emit_str(e, "name", it->resource.name);
}

void xw_policy(emitter *e, const berth_xitem *it)
{
	emit_str(e, "key", it->policy.key);
	emit_str(e, "value", it->policy_value);
	if (it->policy.service)
		emit_str(e, "service", it->policy.service);
	else
		emit_str(e, "resource", it->policy.scope);
}

void xw_hours(emitter *e, const berth_xitem *it)
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

void xw_holiday(emitter *e, const berth_xitem *it)
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

void xw_timeoff(emitter *e, const berth_xitem *it)
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

void xw_service(emitter *e, const berth_xitem *it)
{
	const berth_service *s = &it->service;

	describe_service_fields(e, s);
}

/* A field at its default (no seats, no customer, no payment, version 1,
 * never expires...) is left out, as the catalogue's export leaves them:
 * a million bookings read back in a third less JSON. */
void xw_claim(emitter *e, const berth_xitem *it)
{
	const berth_claim *c = &it->claim;
	char id[24], link[24], money[32];

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
	if (c->service)
		emit_str(e, "service", c->service);
	if (c->has_price) {
		berth_price_format(c->price, money, sizeof money);
		emit_str(e, "price", money);
	}
	if (c->has_paid) {
		berth_price_format(c->amount_paid, money, sizeof money);
		emit_str(e, "amount_paid", money);
	}
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

void xw_idem(emitter *e, const berth_xitem *it)
{
	emit_str(e, "key", it->key);
	raw(e, it);
}

void xw_audit(emitter *e, const berth_xitem *it)
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

void xw_customer(emitter *e, const berth_xitem *it)
{
	emit_str(e, "id", it->key);
	raw(e, it);
}

void xw_waitlist(emitter *e, const berth_xitem *it)
{
	const berth_waitlist *w = it->waitlist;
	char id[24];

	berth_waitlist_id_format(it->seq, id, sizeof id);
	emit_str(e, "id", id);
	if (w) {
		emit_str(e, "customer", w->customer);
		emit_str(e, "status", berth_waitlist_status_name(w->status));
	}
	raw(e, it);
}

void xitem_describe(emitter *e, const berth_xitem *it)
{
	const struct xtype *x = xtype_of(it);

	if (!x)
		return;
	emit_record_begin(e);
	emit_str(e, "type", x->name);
	x->write(e, it);
	emit_record_end(e);
}
