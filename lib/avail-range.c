/* avail-range.c - what is held and booked on a resource over a range, as a
 * step function with one step per change: for `availability --from --to`,
 * and for finding when a refused request would next fit.
 *
 * The profile gives the units claimed over the range in one walk, but it
 * cannot tell holds from bookings, and it still counts claims that expired
 * unswept. Both kinds can expire, so the resource's expiry index holds
 * every one of them: its live holds (held) and its dead claims (nothing).
 * Whatever else the profile counts is booked. So a range costs its own
 * profile points plus the claims that can still expire — never the
 * resource's history of confirmed bookings. */
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

/* The claims in the expiry index that overlap [s, e) and are not booked:
 * dead ones (expired, unswept) and live holds, as changes inside the
 * range (a claim that started before s changes things at s). */
static berth_status expirable(berth_txn *t, uint32_t rid, btime s, btime e,
			      changes *out)
{
	store_cursor *c = store_cursor_open(t->st, T_EXPIRY);
	expiry_entry x;
	keybuf k;
	sval kv, v;

	expiry_key(&k, rid, INT64_MIN, CLAIM_HOLD, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		int dead;
		if (entry_read(t, T_EXPIRY, kv, v, &x))
			break;
		if (x.start >= e || x.end <= s)
			continue;
		dead = x.expires_at <= t->now;
		if (!dead && x.kind != CLAIM_HOLD)
			continue; /* a live pending booking: booked */
		/* As when admitting: a forged entry frees nothing. */
		if (dead && !avail_dead_for_real(t, kv, &x))
			break;
		if (!push(t, out, x.start > s ? x.start : s,
			  dead ? x.quantity : 0, dead ? 0 : x.quantity) ||
		    (x.end < e && !push(t, out, x.end, dead ? -x.quantity : 0,
					dead ? 0 : -x.quantity))) {
			store_cursor_close(c);
			return oom();
		}
	}
	store_cursor_close(c);
	return txn_status(t);
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
	    (st = expirable(t, rid, s, e, &ch)))
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
