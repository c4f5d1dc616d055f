/* avail.h - what the capacity accounting (avail.c) lends the files that
 * read the same indexes for other questions: the step function over a
 * range (avail-range.c) and when a resource next has room (avail-next.c).
 * One reading of each index, so every reader checks the profile's sums and
 * holds expiry and seat entries against their records the same way. */
#ifndef BERTH_AVAIL_H
#define BERTH_AVAIL_H

#include "internal.h"

typedef struct {
	btime t;
	int64_t level, delta;
} avail_point;

typedef struct {
	avail_point *p; /* the points in [s, e) */
	size_t n, cap;
	int64_t before; /* the level just before the window's start */
	int at_start;	/* p[0] is a point exactly at the start */
	int has_after;	/* a point at or after the end: `after` */
	avail_point after;
} avail_profile;

/* The profile's points in [s, e), the level in force just before s and
 * the first point at or after e; a point that does not add up fails the
 * transaction (STORE_CORRUPT). */
berth_status avail_profile_read(berth_txn *t, uint32_t rid, btime s, btime e,
				avail_profile *pr);

/* Whether the claim an expiry entry (at key k) names is there and says
 * what the entry says: 1, or 0 with the transaction failed. */
int avail_dead_for_real(berth_txn *t, sval k, const expiry_entry *x);

/* Whether the claim an expired seat entry (at key k) names is there and
 * says what the entry says: 1, or 0 with the transaction failed. */
int avail_seat_for_real(berth_txn *t, sval k, const seat_entry *se);

/* Whether a live claim holds the seat somewhere in [s, e): 1 taken (the
 * holder's entry in *holder when given), 0 free, -1 damage met (the
 * transaction failed). c is a cursor on the seat index. */
int avail_seat_taken(berth_txn *t, uint32_t rid, uint32_t seat, btime s,
		     btime e, store_cursor *c, seat_entry *holder);

/* avail-range.c: the live claims of a resource over [s, e) as a step
 * function, one step per change of what is held or booked, the first at
 * s, the last ending at e. Expired claims that are not swept yet count
 * for nothing (SPEC invariant 4). Costs one walk of the profile over the
 * range and one of the span index over the claims in force in it, never
 * the resource's whole history. */
typedef struct {
	btime start, end;
	int64_t held, booked;
} avail_step;
berth_status avail_range(berth_txn *t, uint32_t rid, btime s, btime e,
			 avail_step **steps, size_t *n);

/* avail-seats.c: when each seat of r is taken by a live claim, for
 * windows of `length` seconds starting in [s, e), as two sorted lists of
 * starts: a window starting at t finds (the number of on <= t) minus (the
 * number of off <= t) seats taken somewhere in it. A seat's claims closer
 * together than `length` are one stretch, so no window counts a seat
 * twice. Costs one seek a seat and one step an entry in the range. */
typedef struct {
	btime *on, *off;
	size_t n;
} avail_seat_busy;
berth_status avail_seats_busy(berth_txn *t, const berth_resource *r, btime s,
			      btime e, int64_t length, avail_seat_busy *out);

/* avail-next.c: how far from `from` the next room is searched. */
#define AVAIL_NEXT_DAYS 366
/* The earliest start at or after `from`, no later than AVAIL_NEXT_DAYS
 * days after it, at which `quantity` units are free for `length` seconds
 * on r; BTIME_NEVER when there is none. */
berth_status avail_next_room(berth_txn *t, const berth_resource *r,
			     btime from, int64_t length, int64_t quantity,
			     btime *out);

#endif
