/* customer-limit.c - how many claims one customer may have: the policies
 * max_active_per_customer (claims still to come or under way) and
 * max_per_customer_per_day (claims starting on one local day of the
 * resource's zone), checked when a claim is made (lock, book, each line
 * of a batch), never by confirm, which turns a hold into a booking
 * without adding a claim. Each is the strictest of the store's and the
 * resource's values (policy.c); 0 is off; a claim that names no customer
 * is not limited. The count reads only the customer's own entries in the
 * index by customer (custidx.c), never another's, and stops as soon as
 * the limit is reached. The active count reads them from the customer's
 * first: a confirmed booking counts against capacity for good, so the
 * customer's past bookings are in the range too (about 1.4k instructions
 * an entry); the day's count reads only that day's. */
#include <stdio.h>

#include "calendar.h"

typedef struct {
	btime now;
	int64_t limit, count;
	int active; /* count the active ones; else every one not yet dead */
} tally;

/* An active claim: a hold not expired at now, a booking not expired and
 * not yet over. A claim whose time is up but that expire has not swept
 * yet is in the index, and counts for nothing. */
static int count_one(const bycust_entry *e, void *arg)
{
	tally *y = arg;

	if (e->expires_at <= y->now)
		return 0;
	if (y->active && e->kind == CLAIM_BOOKING && e->end <= y->now)
		return 0;
	return ++y->count >= y->limit;
}

static berth_status refuse(const berth_resource *r, const berth_claim *c,
			   const char *key, const policy_value *v,
			   int64_t count, const char *what)
{
	berth_fail(BERTH_CUSTOMER_LIMIT,
		   "%s has %lld %s, the most %s allows (%lld)", c->customer,
		   (long long)count, what, key, (long long)v->value);
	berth_detail_str("customer", c->customer);
	berth_detail_str("resource", r->name);
	berth_detail_str("policy", key);
	berth_detail_int("value", v->value);
	policy_detail_scope(v, r->name);
	berth_detail_int("count", count);
	return BERTH_CUSTOMER_LIMIT;
}

static berth_status active_admit(berth_txn *t, const berth_resource *r,
				 const berth_claim *c)
{
	policy_value v;
	tally y = {.now = t->now, .active = 1};
	berth_status st;

	policy_in_force_svc(t, r->rid, c->service, "max_active_per_customer",
			    &v);
	if (v.value <= 0)
		return txn_status(t);
	y.limit = v.value;
	if ((st = custidx_walk(t, c->customer, INT64_MIN, INT64_MAX, count_one,
			       &y)))
		return st;
	if (y.count < y.limit)
		return BERTH_OK;
	return refuse(r, c, "max_active_per_customer", &v, y.count,
		      y.count == 1 ? "active claim" : "active claims");
}

static berth_status day_admit(berth_txn *t, const berth_resource *r,
			      const berth_claim *c)
{
	policy_value v;
	tally y = {.now = t->now};
	berth_status st;
	int32_t ymd;
	int64_t day;
	char what[64];

	policy_in_force_svc(t, r->rid, c->service, "max_per_customer_per_day",
			    &v);
	if (v.value <= 0)
		return txn_status(t);
	y.limit = v.value;
	/* The day is the resource's (DECISIONS): from its local midnight
	 * to the next, whatever length daylight saving gives it. */
	ymd = cal_local_date(c->start, r->tz);
	day = cal_days(ymd) * 86400;
	if ((st = custidx_walk(t, c->customer, cal_wall(day, r->tz),
			       cal_wall(day + 86400, r->tz), count_one, &y)))
		return st;
	if (y.count < y.limit)
		return BERTH_OK;
	snprintf(what, sizeof what, "claim%s starting on %04d-%02d-%02d",
		 y.count == 1 ? "" : "s", ymd / 10000, ymd / 100 % 100,
		 ymd % 100);
	return refuse(r, c, "max_per_customer_per_day", &v, y.count, what);
}

berth_status customer_limit_admit(berth_txn *t, const berth_resource *r,
				  const berth_claim *c)
{
	berth_status st;

	if (!c->customer || !*c->customer)
		return BERTH_OK;
	if ((st = force_past(t, active_admit(t, r, c))))
		return st;
	return force_past(t, day_admit(t, r, c));
}
