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

const struct usage_counter usage_counters[] = {
    {"bookings", booked},
    {"cancellations", cancelled},
    {"no_shows", no_show},
};
const size_t usage_ncounters = sizeof usage_counters / sizeof usage_counters[0];

const char *berth_usage_counter(size_t i)
{
	return i < usage_ncounters ? usage_counters[i].name : NULL;
}

_Static_assert(sizeof usage_counters / sizeof usage_counters[0] <=
		   BERTH_USAGE_COUNTERS,
	       "more counters than berth_usage_row has room for");
