/* avail-range.c - what is held and booked on a resource over a range, as a
 * step function with one step per change: for `availability --from --to`,
 * and for finding when a refused request would next fit.
 *
 * The profile gives the units claimed over the range in one walk, but it
 * cannot tell holds from bookings, and it still counts claims that expired
 * unswept. The span index tells them apart: among the claims over the
 * range, its live holds are held and its dead claims take nothing.
 * Whatever else the profile counts is booked. So a range costs its own
 * profile points and the claims over it — never the resource's history,
 * nor its pending bookings elsewhere in time. */
#include <stdlib.h>
#include <string.h>

#include "avail.h"

/* A change at an instant: to what dead claims take and what holds take. */
typedef struct {
	btime at;
	int64_t dead, held;
} change;

typedef struct {
	change *v;
	size_t n, cap;
} changes;

static int push(berth_txn *t, changes *c, btime at, int64_t dead,
		int64_t held)
{
	change *v = arena_grow(t->a, c->v, c->n, c->n + 1, &c->cap, sizeof *v);

	if (!v)
		return 0;
	c->v = v;
	c->v[c->n++] = (change){at, dead, held};
	return 1;
}

static int cmp_change(const void *a, const void *b)
{
	btime x = ((const change *)a)->at, y = ((const change *)b)->at;
	return (x > y) - (x < y);
}

/* One counting claim's span that overlaps [s, e), as changes if it is not
 * booked: dead (expired, unswept) it takes nothing, a live hold is held,
 * anything else is booked and left to the profile. A claim that started
 * before s changes things at s. */
static berth_status span_change(berth_txn *t, const span_entry *x, btime s,
				btime e, changes *out)
{
	int dead = x->expires_at <= t->now;
	expiry_entry ex;
	keybuf k;
	sval kv;

	if (!dead && x->kind != CLAIM_HOLD)
		return BERTH_OK; /* confirmed, or a live pending booking */
	/* As when admitting: a forged entry frees nothing. A dead claim
	 * still counts, so it has its expiry entry: the one checked. */
	ex = (expiry_entry){x->rid,   x->expires_at, x->kind,	 x->id,
			    x->start, x->end,	     x->quantity};
	expiry_key(&k, ex.rid, ex.expires_at, ex.kind, ex.id);
	kv.data = k.b;
	kv.len = k.len;
	if (dead && !avail_dead_for_real(t, kv, &ex))
		return txn_status(t);
	if (!push(t, out, x->start > s ? x->start : s, dead ? x->quantity : 0,
		  dead ? 0 : x->quantity) ||
	    (x->end < e && !push(t, out, x->end, dead ? -x->quantity : 0,
				 dead ? 0 : -x->quantity)))
		return oom();
	return BERTH_OK;
}

/* The claims over [s, e) that are not booked: dead ones (expired,
 * unswept) and live holds, as changes inside the range. They are found in
 * the span index (every counting claim, by start): forward from s to e,
 * and back from s until the claims met that reach s add up to `before`,
 * the profile's level just before s (the sum of every counting claim over
 * that instant), so nothing further back can reach into the range. This
 * costs the claims over the range, not the resource's history nor all
 * its pending bookings. A store whose spans overshoot the profile is
 * walked back to its first span. */
static berth_status expirable(berth_txn *t, uint32_t rid, btime s, btime e,
			      int64_t before, changes *out)
{
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	berth_status st = BERTH_OK;
	int64_t sum = 0;
	span_entry x;
	keybuf k;
	sval kv, v;

	span_key(&k, rid, s, CLAIM_HOLD, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid) && !st; ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_SPAN, kv, v, &x)) {
			st = txn_status(t);
			break;
		}
		if (x.start >= e)
			break;
		st = span_change(t, &x, s, e, out);
	}
	if (!st && before && s > INT64_MIN) {
		span_key(&k, rid, s - 1, CLAIM_BOOKING, UINT64_MAX);
		for (int ok = store_seek_le(c, k.b, k.len, &kv, &v);
		     ok && key_of_rid(kv, rid) && sum != before && !st;
		     ok = store_prev(c, &kv, &v)) {
			if (entry_read(t, T_SPAN, kv, v, &x)) {
				st = txn_status(t);
				break;
			}
			if (x.end >= s)
				sum += x.quantity;
			if (x.end > s)
				st = span_change(t, &x, s, e, out);
		}
	}
	store_cursor_close(c);
	return st ? st : txn_status(t);
}

berth_status avail_range(berth_txn *t, uint32_t rid, btime s, btime e,
			 avail_step **steps, size_t *n)
{
	changes ch = {0};
	avail_profile pr;
	avail_step *out;
	size_t i = 0, j = 0, nout = 0, cap;
	int64_t level, dead = 0, held = 0;
	berth_status st;

	*steps = NULL;
	*n = 0;
	if (s >= e)
		return BERTH_OK;
	if ((st = avail_profile_read(t, rid, s, e, &pr)) ||
	    (st = expirable(t, rid, s, e, pr.before, &ch)))
		return st;
	if (ch.n)
		qsort(ch.v, ch.n, sizeof *ch.v, cmp_change);
	/* At most one step per instant where anything changes. */
	cap = 1 + pr.n + ch.n;
	if (!(out = arena_alloc(t->a, cap * sizeof *out)))
		return oom();
	level = pr.before;
	while (i < pr.n || j < ch.n || nout == 0) {
		btime at = s;
		int64_t booked;
		if (nout) { /* the next instant where anything changes */
			at = i < pr.n ? pr.p[i].t : BTIME_NEVER;
			if (j < ch.n && ch.v[j].at < at)
				at = ch.v[j].at;
		}
		for (; i < pr.n && pr.p[i].t == at; i++)
			level = pr.p[i].level;
		for (; j < ch.n && ch.v[j].at == at; j++) {
			dead += ch.v[j].dead;
			held += ch.v[j].held;
		}
		booked = level - dead - held;
		if (nout && out[nout - 1].held == held &&
		    out[nout - 1].booked == booked)
			continue; /* nothing a reader sees changed */
		if (nout)
			out[nout - 1].end = at;
		out[nout++] = (avail_step){at, e, held, booked};
	}
	*steps = out;
	*n = nout;
	return txn_status(t);
}
