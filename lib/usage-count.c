/* usage-count.c - what `report` counts of the claims that start in a
 * period: one entry a counter, so that a counter another change brings
 * (no-shows, waitlist offers and conversions) is one line here and one
 * predicate, and every format shows it as one more field. */
#include "usage.h"

static int booked(const berth_claim *c)
{
	return c->kind == CLAIM_BOOKING && claim_counts(c);
}

static int cancelled(const berth_claim *c)
{
	return c->kind == CLAIM_BOOKING && c->status == BOOKING_CANCELLED;
}

static int no_show(const berth_claim *c)
{
	return c->kind == CLAIM_BOOKING && c->status == BOOKING_NO_SHOW;
}

/* A waitlist offer is a hold whose attribute `waitlist` names the entry
 * (waitlist-offer.c); confirmed into a booking, the hold is used. */
static int offer(const berth_claim *c)
{
	return freed_offer_of(c) != 0;
}

static int conversion(const berth_claim *c)
{
	return offer(c) && c->status == HOLD_USED;
}

/* Revenue (DECISIONS: `report` shows revenue): the prices the bookings
 * that count were made at (their service's price then, claim-service.c),
 * and what was paid on bookings whose payment stands as paid (a refund
 * gave it back), whatever became of the booking since: money taken for a
 * cancelled booking was still taken. */
static int priced(const berth_claim *c)
{
	return booked(c) && c->has_price;
}

static int64_t price_of(const berth_claim *c)
{
	return c->price;
}

static int paid(const berth_claim *c)
{
	return c->kind == CLAIM_BOOKING && c->has_paid &&
	       c->payment_status == PAY_PAID;
}

static int64_t paid_of(const berth_claim *c)
{
	return c->amount_paid;
}

const struct usage_counter usage_counters[] = {
    {"bookings", booked, NULL},	      {"cancellations", cancelled, NULL},
    {"no_shows", no_show, NULL},      {"offers", offer, NULL},
    {"conversions", conversion, NULL}, {"revenue", priced, price_of},
    {"paid", paid, paid_of},
};
const size_t usage_ncounters = sizeof usage_counters / sizeof usage_counters[0];

const char *berth_usage_counter(size_t i)
{
	return i < usage_ncounters ? usage_counters[i].name : NULL;
}

int berth_usage_counter_money(size_t i)
{
	return i < usage_ncounters && usage_counters[i].amount;
}

_Static_assert(sizeof usage_counters / sizeof usage_counters[0] <=
		   BERTH_USAGE_COUNTERS,
	       "more counters than berth_usage_row has room for");
