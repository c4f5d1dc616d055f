/* index.c - which index entries a claim record implies: its window in
 * them ends where the time it occupies ends, its buffer included. avail.c writes
 * them as claims change, check.c compares them with what is stored, and
 * repair.c rebuilds them: all three take them from here, so they cannot
 * disagree about what an index should hold. */
#include "internal.h"

/* A claim counts against capacity until it is used, released, cancelled
 * or expired; holds and pending bookings also stop counting the moment
 * their time is up, swept or not. An attended or no-show booking keeps
 * its window: whoever did not come still had the place kept for them. */
int claim_counts(const berth_claim *c)
{
	return c->kind == CLAIM_HOLD ? c->status == HOLD_ACTIVE
				     : c->status == BOOKING_PENDING ||
					   c->status == BOOKING_CONFIRMED ||
					   claim_marked(c);
}

int claim_marked(const berth_claim *c)
{
	return c->kind == CLAIM_BOOKING && (c->status == BOOKING_ATTENDED ||
					    c->status == BOOKING_NO_SHOW);
}

int claim_dead(const berth_claim *c, btime now)
{
	return claim_counts(c) && c->expires_at <= now;
}

void claim_index_of(const berth_claim *c, claim_index *out)
{
	btime busy = claim_busy_end(c);

	out->byres = (byres_entry){c->rid, c->start, c->kind, c->id};
	out->counts = claim_counts(c);
	out->span = (span_entry){c->rid, c->start,    c->kind,	    c->id,
				 busy,   c->quantity, c->expires_at};
	out->expires = out->counts && c->expires_at != BTIME_NEVER;
	out->expiry = (expiry_entry){c->rid,   c->expires_at, c->kind, c->id,
				     c->start, busy,	      c->quantity};
	out->due = (due_entry){c->expires_at, c->rid, c->kind, c->id};
}

void claim_seat(const berth_claim *c, uint32_t i, seat_entry *out)
{
	*out = (seat_entry){c->rid, c->seats[i], c->start, c->kind,
			    c->id,  claim_busy_end(c), c->expires_at};
}
