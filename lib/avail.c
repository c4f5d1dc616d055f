/* avail.c - capacity and seat accounting, the hot path of every claim.
 *
 * Each resource keeps a usage profile: a step function of units claimed
 * over time, stored as (rid, instant) -> level and the step to it, changed
 * only where claims start and end. Admitting a claim reads the level in
 * force at its start and the points inside its window, so its cost follows
 * the shape of the window, not how many claims share it: the last place of
 * a 50,000 place event costs what the first did.
 *
 * Every point also says by how much it changed the level, so each read
 * checks that the points it walks add up (a point lost, or a level that
 * was changed, breaks the sum) and that the levels come back to zero after
 * the last one: a damaged profile fails the command instead of admitting a
 * claim that does not fit.
 *
 * Claims that expired but have not been swept are still in the profile.
 * When the profile says "full", the expired claims of the resource that
 * overlap the window (found through the per-resource expiry index, few
 * because `expire` runs often) are subtracted before refusing, so an
 * expired hold never blocks anything (SPEC invariant 4); each one is held
 * against its own record first, so a forged expiry entry frees nothing.
 *
 * Seats: (rid, seat, start) -> end. Live claims of one seat never overlap,
 * so the last live claim starting before the window's end is the only one
 * that can overlap it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "avail.h"

typedef avail_point point;
typedef avail_profile profile;

static int push(berth_txn *t, profile *pr, const profile_entry *e)
{
	point *p =
	    arena_grow(t->a, pr->p, pr->n, pr->n + 1, &pr->cap, sizeof *p);

	if (!p)
		return 0;
	pr->p = p;
	pr->p[pr->n++] = (point){e->at, e->level, e->delta};
	return 1;
}

/* A point whose step does not lead from the level before it. */
static berth_status broken(berth_txn *t, sval k, int64_t want)
{
	char why[96];

	snprintf(why, sizeof why,
		 "its level does not follow from the point before (%lld)",
		 (long long)want);
	return schema_corrupt(t, T_PROFILE, k, why);
}

/* The profile's points in [s, e), the level in force just before s and
 * the first point at or after e. The walk starts at the point in force at
 * s and checks every point after it against the one before: a point lost
 * or changed anywhere from there to the first point past the window
 * breaks the sum, and so does a last point that does not bring the level
 * back to zero. One seek, then steps. */
berth_status avail_profile_read(berth_txn *t, uint32_t rid, btime s, btime e,
				profile *pr)
{
	/* On the profile's put cursor: a claim's points are written next,
	 * beside where this walk ends. */
	store_cursor *c = store_cursor_near(t->st, T_PROFILE);
	profile_entry pe;
	int64_t running = 0;
	btime last = s;
	keybuf k;
	sval kv, v;
	int ok, have_p0 = 0;

	memset(pr, 0, sizeof *pr);
	profile_key(&k, rid, s);
	/* The last point at or before s: its level is in force at s (and
	 * the one before it is its level less its step). The next step of
	 * the cursor is then the first point after s. */
	ok = store_seek_le(c, k.b, k.len, &kv, &v);
	if (ok && key_of_rid(kv, rid)) {
		if (entry_read(t, T_PROFILE, kv, v, &pe))
			goto fail;
		have_p0 = 1;
		running = pe.at < s ? pe.level : pe.level - pe.delta;
	}
	pr->before = running;
	if (have_p0 && pe.at == s)
		ok = 1; /* the cursor is on the point at s: walk from it */
	else if (ok)
		ok = store_next(c, &kv, &v);
	else
		ok = store_seek(c, k.b, k.len, &kv, &v);
	for (; ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_PROFILE, kv, v, &pe))
			goto fail;
		if (pe.level - pe.delta != running) {
			broken(t, kv, running);
			goto fail;
		}
		running = pe.level;
		last = pe.at;
		if (pe.at >= e) {
			pr->has_after = 1;
			pr->after = (point){pe.at, pe.level, pe.delta};
			break;
		}
		if (!push(t, pr, &pe)) {
			store_cursor_close(c);
			return oom();
		}
	}
	if (!pr->has_after && running != 0) {
		/* Every claim ends: after the last point nothing is claimed. */
		profile_entry at_last = {.rid = rid, .at = last};
		entry_corrupt(t, T_PROFILE, &at_last,
			      "the levels do not come back to zero after it");
		goto fail;
	}
	pr->at_start = pr->n && pr->p[0].t == s;
	store_cursor_close(c);
	return txn_status(t);
fail:
	store_cursor_close(c);
	return txn_status(t);
}

/* Admitting a claim reads its window's profile and adding it reads the
 * same again, with nothing written in between: remember the read, and
 * forget it at any write to a profile. */
typedef struct {
	uint32_t rid;
	btime s, e;
	profile pr;
} profile_memo;

static void remember(berth_txn *t, uint32_t rid, btime s, btime e,
		     const profile *pr)
{
	profile_memo *m = t->profile_memo;

	if (!m && !(m = t->profile_memo = arena_alloc(t->a, sizeof *m)))
		return; /* only a missed shortcut */
	m->rid = rid;
	m->s = s;
	m->e = e;
	m->pr = *pr;
}

static const profile *recall(berth_txn *t, uint32_t rid, btime s, btime e)
{
	const profile_memo *m = t->profile_memo;

	return m && m->rid == rid && m->s == s && m->e == e ? &m->pr : NULL;
}

static void forget_profile(berth_txn *t)
{
	if (t->profile_memo)
		((profile_memo *)t->profile_memo)->rid = 0;
}

/* Writes a point, or removes it when it no longer changes anything. */
static void put_point(berth_txn *t, uint32_t rid, btime at, int64_t level,
		      int64_t delta)
{
	profile_entry e = {rid, at, level, delta};

	forget_profile(t);
	if (delta)
		entry_put(t, T_PROFILE, &e);
	else
		entry_del(t, T_PROFILE, &e);
}

/* Adds delta units over [s, e): the levels inside the window move by
 * delta, the step at s grows by it and the step at e shrinks by it; a
 * point left with no step says nothing and goes. */
static void profile_apply(berth_txn *t, uint32_t rid, btime s, btime e,
			  int64_t delta)
{
	const profile *known = recall(t, rid, s, e);
	int64_t last_old;
	profile pr;

	if (known)
		pr = *known;
	else if (avail_profile_read(t, rid, s, e, &pr))
		return;
	/* Every level the change makes must be one a profile can hold: below
	 * zero, a claim being taken out was never in it. */
	for (size_t i = 0; i <= pr.n; i++) {
		int64_t level = i < pr.n ? pr.p[i].level : pr.before;
		btime at = i < pr.n ? pr.p[i].t : s;
		if (i == pr.n && pr.at_start)
			break;
		if (level + delta < 0 || level + delta > LEVEL_MAX) {
			profile_entry pe = {.rid = rid, .at = at};
			entry_corrupt(t, T_PROFILE, &pe,
				      level + delta < 0
					  ? "a claim being removed is not "
					    "in it"
					  : "its level would overflow");
			return;
		}
	}
	last_old = pr.n ? pr.p[pr.n - 1].level : pr.before;
	for (size_t i = 0; i < pr.n; i++)
		put_point(t, rid, pr.p[i].t, pr.p[i].level + delta,
			  pr.p[i].delta + (i == 0 && pr.at_start ? delta : 0));
	if (!pr.at_start)
		put_point(t, rid, s, pr.before + delta, delta);
	if (pr.has_after && pr.after.t == e)
		put_point(t, rid, e, pr.after.level, pr.after.delta - delta);
	else
		put_point(t, rid, e, last_old, -delta);
}

typedef struct {
	btime start, end;
	int64_t quantity;
} dead_claim;

static int cmp_time(const void *a, const void *b)
{
	btime x = *(const btime *)a, y = *(const btime *)b;
	return (x > y) - (x < y);
}

/* Where an index entry would let a claim in — an expiry entry subtracting
 * a claim as dead, a seat entry saying its seat is free — it must say what
 * its claim's record says: a forged one would let a live claim be
 * overbooked. The record of the claim the entry at k names, which must
 * count: 1, or 0 with the transaction failed naming the entry. */
static int named_claim(berth_txn *t, store_table tb, sval k, claim_kind kind,
		       uint64_t id, claim_entry *ce)
{
	int rc;

	ce->kind = kind;
	ce->id = id;
	rc = entry_get(t, claim_table(kind), ce);
	if (rc < 0)
		return 0;
	if (rc == 0 || !claim_counts(&ce->c)) {
		schema_corrupt(t, tb, k,
			       rc == 0 ? "its claim is not there"
				       : "its claim's record says otherwise");
		return 0;
	}
	return 1;
}

int avail_dead_for_real(berth_txn *t, sval k, const expiry_entry *x)
{
	claim_entry ce;
	const berth_claim *c = &ce.c;

	if (!named_claim(t, T_EXPIRY, k, x->kind, x->id, &ce))
		return 0;
	if (c->rid != x->rid || c->expires_at != x->expires_at ||
	    c->start != x->start || claim_busy_end(c) != x->end ||
	    c->quantity != x->quantity) {
		schema_corrupt(t, T_EXPIRY, k,
			       "its claim's record says otherwise");
		return 0;
	}
	return 1;
}

int avail_seat_for_real(berth_txn *t, sval k, const seat_entry *se)
{
	claim_entry ce;
	const berth_claim *c = &ce.c;
	int holds = 0;

	if (!named_claim(t, T_SEAT, k, se->kind, se->id, &ce))
		return 0;
	for (uint32_t i = 0; i < c->nseats; i++)
		holds |= c->seats[i] == se->seat;
	if (!holds || c->rid != se->rid || c->start != se->start ||
	    claim_busy_end(c) != se->end || c->expires_at != se->expires_at) {
		schema_corrupt(t, T_SEAT, k,
			       "its claim's record says otherwise");
		return 0;
	}
	return 1;
}

/* The highest level over [s, e) and where it is. With `live`, claims that
 * expired unswept are left out. */
static berth_status peak(berth_txn *t, uint32_t rid, btime s, btime e, int live,
			 int64_t *level, btime *where)
{
	dead_claim *dead = NULL;
	size_t ndead = 0, cap = 0, nb = 0;
	btime *bp;
	profile pr;
	berth_status st;

	if ((st = avail_profile_read(t, rid, s, e, &pr)))
		return st;
	remember(t, rid, s, e, &pr);
	*level = pr.at_start ? pr.p[0].level : pr.before;
	*where = s;
	for (size_t i = 0; i < pr.n; i++)
		if (pr.p[i].level > *level) {
			*level = pr.p[i].level;
			*where = pr.p[i].t;
		}
	if (!live)
		return BERTH_OK;

	store_cursor *c = store_cursor_open(t->st, T_EXPIRY);
	expiry_entry x;
	keybuf k;
	sval kv, v;
	expiry_key(&k, rid, INT64_MIN, CLAIM_HOLD, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		if (entry_read(t, T_EXPIRY, kv, v, &x))
			break;
		if (x.expires_at > t->now)
			break;
		if (x.start >= e || x.end <= s)
			continue;
		if (!avail_dead_for_real(t, kv, &x))
			break;
		dead_claim *nd = arena_grow(t->a, dead, ndead, ndead + 1, &cap,
					    sizeof *nd);
		if (!nd) {
			store_cursor_close(c);
			return oom();
		}
		dead = nd;
		dead[ndead++] = (dead_claim){x.start, x.end, x.quantity};
	}
	store_cursor_close(c);
	if (!ndead || t->failed)
		return txn_status(t);

	/* The level can only change where a profile point is or a dead claim
	 * starts or ends: evaluate there. */
	if (!(bp = arena_alloc(t->a, (1 + pr.n + 2 * ndead) * sizeof *bp)))
		return oom();
	bp[nb++] = s;
	for (size_t i = 0; i < pr.n; i++)
		bp[nb++] = pr.p[i].t;
	for (size_t i = 0; i < ndead; i++) {
		if (dead[i].start > s)
			bp[nb++] = dead[i].start;
		if (dead[i].end < e)
			bp[nb++] = dead[i].end;
	}
	qsort(bp, nb, sizeof *bp, cmp_time);
	*level = INT64_MIN;
	for (size_t i = 0, j = 0; i < nb; i++) {
		int64_t lv = pr.before, sum = 0;
		while (j < pr.n && pr.p[j].t <= bp[i])
			j++;
		if (j)
			lv = pr.p[j - 1].level;
		/* Both are at most LEVEL_MAX-sized sums: no overflow. */
		for (size_t d = 0; d < ndead; d++)
			if (dead[d].start <= bp[i] && bp[i] < dead[d].end)
				sum += dead[d].quantity;
		if (lv - sum > *level) {
			*level = lv - sum;
			*where = bp[i];
		}
	}
	return txn_status(t);
}

int avail_seat_taken(berth_txn *t, uint32_t rid, uint32_t seat, btime s,
		     btime e, store_cursor *c, seat_entry *holder)
{
	seat_entry se;
	keybuf k;
	sval kv, v;

	seat_key(&k, rid, seat, e - 1, (claim_kind)0xff, UINT64_MAX);
	for (int ok = store_seek_le(c, k.b, k.len, &kv, &v); ok;
	     ok = store_prev(c, &kv, &v)) {
		/* Another seat's entries end the walk; a key too short to
		 * say whose it is, is damage like any other. */
		if (kv.len >= 8 && memcmp(kv.data, k.b, 8))
			return 0;
		if (entry_read(t, T_SEAT, kv, v, &se))
			return -1;
		if (se.expires_at > t->now) {
			if (se.end <= s)
				return 0; /* ended before s: free */
			if (holder)
				*holder = se;
			return 1;
		}
		/* Expired, not yet swept: the one case where the index lets
		 * a claim go before its end, so, as for a dead claim's
		 * capacity, only when the claim's own record bears it out.
		 * A sealed entry's end is trusted as a sealed profile's level
		 * is (check compares both with the records); reading the
		 * record for every seat would cost a decode of its whole
		 * seat list per seat asked for. */
		if (!avail_seat_for_real(t, kv, &se))
			return -1;
	}
	return store_failed(t->st) ? -1 : 0;
}

/* The window a refusal is about, in its details. */
static void detail_window(const berth_resource *r, const berth_claim *c)
{
	char when[CLOCK_TIME_MAX];

	berth_detail_str("resource", r->name);
	clock_format(c->start, r->tz, when, sizeof when);
	berth_detail_str("start", when);
	clock_format(c->end, r->tz, when, sizeof when);
	berth_detail_str("end", when);
}

/* CAPACITY_FULL, saying when the same request would next fit: a script
 * (or a person) can offer that instead of trying instant after instant.
 * `level` is the most taken in the window, at `where`. */
static berth_status full(berth_txn *t, const berth_resource *r,
			 const berth_claim *c, int64_t level, btime where)
{
	char when[CLOCK_TIME_MAX], next[CLOCK_TIME_MAX + 40];
	int64_t left = r->capacity - level;
	btime room = BTIME_NEVER;
	berth_status st;

	if (c->quantity <= r->capacity &&
	    (st = avail_next_room(t, r, c->start,
				  claim_busy_end(c) - c->start, c->quantity,
				  &room)))
		return st;
	clock_format(where, r->tz, when, sizeof when);
	if (room != BTIME_NEVER) {
		memcpy(next, "next room at ", 13);
		clock_format(room, r->tz, next + 13, sizeof next - 13);
	} else if (c->quantity > r->capacity) {
		snprintf(next, sizeof next, "more than it ever has");
	} else {
		snprintf(next, sizeof next, "no room within %d days",
			 AVAIL_NEXT_DAYS);
	}
	berth_fail(BERTH_CAPACITY_FULL, "%s has %lld of %lld left at %s, %lld "
					"asked; %s",
		   r->name, (long long)(left > 0 ? left : 0),
		   (long long)r->capacity, when, (long long)c->quantity, next);
	detail_window(r, c);
	berth_detail_int("quantity", c->quantity);
	berth_detail_int("capacity", r->capacity);
	berth_detail_int("level", level);
	berth_detail_int("available", left > 0 ? left : 0);
	berth_detail_str("at", when);
	if (room != BTIME_NEVER)
		berth_detail_str("next_room", next + 13);
	else
		berth_detail_null("next_room");
	return BERTH_CAPACITY_FULL;
}

/* Seats named in a refusal's message: the first few, then how many. */
#define SEATS_NAMED 16

/* SEAT_TAKEN naming every seat asked for that a live claim holds, and the
 * claim that holds it. */
static berth_status seats_taken(const berth_resource *r, const berth_claim *c,
				const seat_entry *taken, uint32_t n)
{
	char list[SEATS_NAMED * 8 + 32], id[24];
	size_t len = 0;

	for (uint32_t i = 0; i < n && i < SEATS_NAMED; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%u",
					i ? ", " : "", taken[i].seat);
	if (n > SEATS_NAMED)
		snprintf(list + len, sizeof list - len, " and %u more",
			 n - SEATS_NAMED);
	berth_fail(BERTH_SEAT_TAKEN, "seat%s %s of %s %s taken", n > 1 ? "s" : "",
		   list, r->name, n > 1 ? "are" : "is");
	detail_window(r, c);
	berth_detail_begin(DETAIL_LIST, "seats");
	for (uint32_t i = 0; i < n; i++)
		berth_detail_int(NULL, taken[i].seat);
	berth_detail_end();
	berth_detail_begin(DETAIL_LIST, "claims");
	for (uint32_t i = 0; i < n; i++) {
		berth_id_format(taken[i].kind, taken[i].id, id, sizeof id);
		berth_detail_begin(DETAIL_MAP, NULL);
		berth_detail_int("seat", taken[i].seat);
		berth_detail_str("id", id);
		berth_detail_end();
	}
	berth_detail_end();
	return BERTH_SEAT_TAKEN;
}

/* Named seats: each within the resource and free for the window. Every
 * seat is looked at, so a refusal names all that are taken. */
static berth_status named_seats(berth_txn *t, const berth_resource *r,
				const berth_claim *c, store_cursor *cur)
{
	seat_entry *taken;
	uint32_t n = 0;
	char num[16];

	for (uint32_t i = 0; i < c->nseats; i++)
		if (c->seats[i] < 1 || c->seats[i] > r->seats) {
			berth_fail(BERTH_INVALID_ARGUMENT,
				   "%s has seats 1 to %u, not %u", r->name,
				   r->seats, c->seats[i]);
			snprintf(num, sizeof num, "%u", c->seats[i]);
			berth_detail_option(BERTH_INVALID_ARGUMENT, "--seat",
					    num);
			berth_detail_str("resource", r->name);
			berth_detail_int("seats", r->seats);
			return BERTH_INVALID_ARGUMENT;
		}
	if (!(taken = arena_alloc(t->a, c->nseats * sizeof *taken)))
		return oom();
	for (uint32_t i = 0; i < c->nseats; i++) {
		int rc = avail_seat_taken(t, r->rid, c->seats[i], c->start,
					  claim_busy_end(c), cur, &taken[n]);
		if (rc < 0)
			return txn_status(t);
		if (rc)
			taken[n++].seat = c->seats[i];
	}
	if (n)
		return seats_taken(r, c, taken, n);
	return txn_status(t);
}

/* No seats named: the lowest ones free for the whole window. */
static berth_status choose_seats(berth_txn *t, const berth_resource *r,
				 berth_claim *c, store_cursor *cur)
{
	uint32_t n = 0;

	c->seats = arena_alloc(t->a, (size_t)c->quantity * sizeof *c->seats);
	if (!c->seats)
		return oom();
	for (uint32_t s = 1; s <= r->seats && n < c->quantity; s++) {
		int taken = avail_seat_taken(t, r->rid, s, c->start,
					     claim_busy_end(c), cur, NULL);
		if (taken < 0)
			return txn_status(t);
		if (!taken)
			c->seats[n++] = s;
	}
	if (n < c->quantity) {
		/* The units fit but the free seats are not the same ones
		 * all through (claims made before the resource had seats):
		 * when the seats would next line up is not searched. */
		berth_fail(BERTH_CAPACITY_FULL,
			   "%s has no %lld seats free for the whole window",
			   r->name, (long long)c->quantity);
		detail_window(r, c);
		berth_detail_int("quantity", c->quantity);
		berth_detail_int("capacity", r->capacity);
		berth_detail_int("seats_free", n);
		berth_detail_null("next_room");
		return BERTH_CAPACITY_FULL;
	}
	c->nseats = n;
	return txn_status(t);
}

berth_status avail_admit(berth_txn *t, const berth_resource *r, berth_claim *c)
{
	berth_status st;
	store_cursor *cur;
	int64_t level;
	btime where;

	btime busy = claim_busy_end(c);

	/* Units first, seats or not: a resource that gained seats may still
	 * carry claims made without them, and only the profile sees those.
	 * The window is the time the claim occupies, its buffer included. */
	if ((st = peak(t, r->rid, c->start, busy, 0, &level, &where)))
		return st;
	if (level + c->quantity > r->capacity &&
	    (st = peak(t, r->rid, c->start, busy, 1, &level, &where)))
		return st;
	if (level + c->quantity > r->capacity)
		return full(t, r, c, level, where);
	if (!r->seats)
		return txn_status(t);
	cur = store_cursor_open(t->st, T_SEAT);
	st = c->nseats ? named_seats(t, r, c, cur) : choose_seats(t, r, c, cur);
	store_cursor_close(cur);
	return st;
}

/* The footprint: what a counted claim adds to the indexes. */
static void footprint(berth_txn *t, const berth_claim *c, int add)
{
	void (*op)(berth_txn *, store_table, const void *) =
	    add ? entry_put : entry_del;
	claim_index ix;
	seat_entry se;

	claim_index_of(c, &ix);
	profile_apply(t, c->rid, c->start, claim_busy_end(c),
		      add ? c->quantity : -c->quantity);
	op(t, T_SPAN, &ix.span);
	for (uint32_t i = 0; i < c->nseats; i++) {
		claim_seat(c, i, &se);
		op(t, T_SEAT, &se);
	}
	if (ix.expires) {
		op(t, T_EXPIRY, &ix.expiry);
		op(t, T_DUE, &ix.due);
	}
	if (add)
		custidx_add(t, c);
	else
		custidx_remove(t, c);
}

void avail_add(berth_txn *t, const berth_claim *c)
{
	footprint(t, c, 1);
	/* An offer takes room while the waitlist settles: that is no
	 * confirm putting a claim back, and must not hide other notes. */
	if (t->nfreed && !t->settling)
		freed_taken(t, c);
}

void avail_remove(berth_txn *t, const berth_claim *c)
{
	footprint(t, c, 0);
	freed_claim(t, c);
}
