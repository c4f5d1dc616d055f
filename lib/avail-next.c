/* avail-next.c - when a resource next has room for a request it refused:
 * the earliest start, from the one asked for on, at which the same units
 * are free for the same length. CAPACITY_FULL says it, so a script can
 * offer that instead of trying instant after instant.
 *
 * The search reads the step function once over the days it searches
 * (AVAIL_NEXT_DAYS and the request's length) and walks it once: a
 * candidate start moves past every step too full for the request that
 * its window overlaps, and stands once its whole window has been seen. */
#include "avail.h"

berth_status avail_next_room(berth_txn *t, const berth_resource *r,
			     btime from, int64_t length, int64_t quantity,
			     btime *out)
{
	btime last = from + (btime)AVAIL_NEXT_DAYS * 86400, cand = from;
	avail_step *steps;
	berth_status st;
	size_t n;

	*out = BTIME_NEVER;
	if (quantity > r->capacity || length <= 0)
		return BERTH_OK;
	/* Times are years 0000 to 9999 and lengths at most 3650 days: the
	 * sums stay far inside 64 bits. */
	if ((st = avail_range(t, r->rid, from, last + length, &steps, &n)))
		return st;
	for (size_t i = 0; i < n; i++) {
		if (steps[i].start >= cand + length)
			break; /* the whole window fits */
		if (steps[i].held + steps[i].booked + quantity > r->capacity &&
		    steps[i].end > cand)
			cand = steps[i].end;
		if (cand > last)
			return BERTH_OK;
	}
	*out = cand;
	return BERTH_OK;
}
