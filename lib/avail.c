/* avail.c - capacity and seat accounting, the hot path of every claim.
 *
 * Each resource keeps a usage profile: a step function of units claimed
 * over time, stored as (rid, instant) -> level and changed only where
 * claims start and end. Admitting a claim reads the level in force at its
 * start and the points inside its window, so its cost follows the shape of
 * the window, not how many claims share it: the last place of a 50,000
 * place event costs what the first did.
 *
 * Claims that expired but have not been swept are still in the profile.
 * When the profile says "full", the expired claims of the resource that
 * overlap the window (found through the per-resource expiry index, few
 * because `expire` runs often) are subtracted before refusing, so an
 * expired hold never blocks anything (SPEC invariant 4).
 *
 * Seats: (rid, seat, start) -> end. Live claims of one seat never overlap,
 * so the last live claim starting before the window's end is the only one
 * that can overlap it. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void profile_key(keybuf *k, uint32_t rid, btime at)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
}

void span_key(keybuf *k, uint32_t rid, btime start, claim_kind kind,
	      uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void seat_key(keybuf *k, uint32_t rid, uint32_t seat, btime start,
	      claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_u32(k, seat);
	key_time(k, start);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

/* The same claims as the expiry index, time first: `expire` finds what is
 * due with one seek however many resources there are. */
void due_key(keybuf *k, btime at, uint32_t rid, claim_kind kind, uint64_t id)
{
	key_reset(k);
	key_time(k, at);
	key_u32(k, rid);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

void expiry_key(keybuf *k, uint32_t rid, btime at, claim_kind kind,
		uint64_t id)
{
	key_reset(k);
	key_u32(k, rid);
	key_time(k, at);
	key_u8(k, (uint8_t)kind);
	key_u64(k, id);
}

typedef struct {
	btime t;
	int64_t level;
} point;

typedef struct {
	point *p;
	size_t n, cap;
	int64_t before; /* the level just before the window's start */
	int at_start;	/* p[0] is a point exactly at the start */
	int at_end;	/* a point exists exactly at the end */
} profile;

static int push(berth_txn *t, profile *pr, btime at, int64_t level)
{
	if (pr->n == pr->cap) {
		size_t cap = pr->cap ? pr->cap * 2 : 16;
		point *p = arena_alloc(t->a, cap * sizeof *p);
		if (!p)
			return 0;
		if (pr->n)
			memcpy(p, pr->p, pr->n * sizeof *p);
		pr->p = p;
		pr->cap = cap;
	}
	pr->p[pr->n].t = at;
	pr->p[pr->n].level = level;
	pr->n++;
	return 1;
}

static int same_rid(sval k, uint32_t rid)
{
	return k.len == PROFILE_KEY_LEN && key_read_u32(k.data) == rid;
}

/* The profile's points in [s, e) and the level in force just before s. */
static berth_status profile_read(berth_txn *t, uint32_t rid, btime s, btime e,
				 profile *pr)
{
	store_cursor *c = store_cursor_open(t->st, T_PROFILE);
	keybuf k;
	sval kv, v;
	int ok;

	memset(pr, 0, sizeof *pr);
	profile_key(&k, rid, s);
	for (ok = store_seek(c, k.b, k.len, &kv, &v); ok && same_rid(kv, rid);
	     ok = store_next(c, &kv, &v)) {
		btime at = key_read_time((const uint8_t *)kv.data + 4);
		if (v.len != 8)
			goto corrupt;
		if (at >= e) {
			pr->at_end = at == e;
			break;
		}
		if (!push(t, pr, at, (int64_t)key_read_u64(v.data))) {
			store_cursor_close(c);
			return oom();
		}
	}
	pr->at_start = pr->n && pr->p[0].t == s;
	ok = store_seek_le(c, k.b, k.len, &kv, &v);
	if (ok && same_rid(kv, rid) &&
	    key_read_time((const uint8_t *)kv.data + 4) == s)
		ok = store_prev(c, &kv, &v);
	if (ok && same_rid(kv, rid)) {
		if (v.len != 8)
			goto corrupt;
		pr->before = (int64_t)key_read_u64(v.data);
	}
	store_cursor_close(c);
	return txn_status(t);
corrupt:
	store_cursor_close(c);
	return berth_fail(BERTH_STORE_CORRUPT, "damaged usage profile entry");
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

static void put_level(berth_txn *t, uint32_t rid, btime at, int64_t level)
{
	uint8_t buf[8];
	keybuf k;

	forget_profile(t);
	be_put(buf, (uint64_t)level, 8);
	profile_key(&k, rid, at);
	store_put(t->st, T_PROFILE, k.b, k.len, buf, sizeof buf);
}

static void del_level(berth_txn *t, uint32_t rid, btime at)
{
	keybuf k;

	forget_profile(t);
	profile_key(&k, rid, at);
	store_del(t->st, T_PROFILE, k.b, k.len);
}

/* Adds delta units over [s, e), keeping the profile minimal: a point that
 * ends up at the level before it says nothing and goes. Adding a constant
 * keeps the steps inside the window, so only its two ends can go. */
static void profile_apply(berth_txn *t, uint32_t rid, btime s, btime e,
			  int64_t delta)
{
	const profile *known = recall(t, rid, s, e);
	profile pr;
	int64_t at_s, last_old, last_new, at_e;

	if (known) {
		pr = *known;
	} else if (profile_read(t, rid, s, e, &pr)) {
		arena_set_failed(t->a);
		return;
	}
	last_old = pr.n ? pr.p[pr.n - 1].level : pr.before;
	for (size_t i = 0; i < pr.n; i++)
		put_level(t, rid, pr.p[i].t, pr.p[i].level + delta);
	at_s = (pr.at_start ? pr.p[0].level : pr.before) + delta;
	if (at_s == pr.before)
		del_level(t, rid, s);
	else if (!pr.at_start)
		put_level(t, rid, s, at_s);
	last_new = pr.n ? pr.p[pr.n - 1].level + delta : at_s;
	if (pr.at_end) {
		keybuf k;
		sval v;
		profile_key(&k, rid, e);
		if (!store_get(t->st, T_PROFILE, k.b, k.len, &v) || v.len != 8)
			return;
		at_e = (int64_t)key_read_u64(v.data);
	} else {
		at_e = last_old;
	}
	if (at_e == last_new)
		del_level(t, rid, e);
	else if (!pr.at_end)
		put_level(t, rid, e, at_e);
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

/* The highest level over [s, e) and where it is. With `live`, claims that
 * expired unswept are left out. */
static berth_status peak(berth_txn *t, uint32_t rid, btime s, btime e,
			 int live, int64_t *level, btime *where)
{
	dead_claim *dead = NULL;
	size_t ndead = 0, cap = 0, nb = 0;
	btime *bp;
	profile pr;
	berth_status st;

	if ((st = profile_read(t, rid, s, e, &pr)))
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
	keybuf k;
	sval kv, v;
	expiry_key(&k, rid, INT64_MIN, CLAIM_HOLD, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		dead_claim d;
		if (kv.len != EXPIRY_KEY_LEN || key_read_u32(kv.data) != rid ||
		    key_read_time((const uint8_t *)kv.data + 4) > t->now)
			break;
		if (v.len != 24)
			continue;
		d.start = key_read_time(v.data);
		d.end = key_read_time((const uint8_t *)v.data + 8);
		d.quantity = (int64_t)key_read_u64((const uint8_t *)v.data + 16);
		if (d.start >= e || d.end <= s)
			continue;
		if (ndead == cap) {
			dead_claim *nd;
			cap = cap ? cap * 2 : 8;
			if (!(nd = arena_alloc(t->a, cap * sizeof *nd))) {
				store_cursor_close(c);
				return oom();
			}
			if (ndead)
				memcpy(nd, dead, ndead * sizeof *nd);
			dead = nd;
		}
		dead[ndead++] = d;
	}
	store_cursor_close(c);
	if (!ndead)
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

/* Whether a live claim holds the seat somewhere in [s, e). */
static int seat_taken(berth_txn *t, uint32_t rid, uint32_t seat, btime s,
		      btime e, store_cursor *c)
{
	keybuf k;
	sval kv, v;

	seat_key(&k, rid, seat, e - 1, (claim_kind)0xff, UINT64_MAX);
	for (int ok = store_seek_le(c, k.b, k.len, &kv, &v); ok;
	     ok = store_prev(c, &kv, &v)) {
		if (kv.len != SEAT_KEY_LEN || memcmp(kv.data, k.b, 8) ||
		    v.len != 16)
			return 0;
		if (key_read_time((const uint8_t *)v.data + 8) <= t->now)
			continue; /* expired, not yet swept */
		return key_read_time(v.data) > s;
	}
	return 0;
}

static berth_status full(const berth_resource *r,
			 const berth_claim *c, int64_t level, btime where)
{
	char when[CLOCK_TIME_MAX];
	int64_t left = r->capacity - level;

	clock_format(where, r->tz, when, sizeof when);
	return berth_fail(BERTH_CAPACITY_FULL,
			  "%s has %lld of %lld left at %s, %lld asked",
			  r->name, (long long)(left > 0 ? left : 0),
			  (long long)r->capacity, when, (long long)c->quantity);
}

berth_status avail_admit(berth_txn *t, const berth_resource *r,
			 berth_claim *c)
{
	berth_status st;
	int64_t level;
	btime where;

	if (c->quantity > r->capacity)
		return full(r, c, 0, c->start);
	/* Units first, seats or not: a resource that gained seats may still
	 * carry claims made without them, and only the profile sees those. */
	if ((st = peak(t, r->rid, c->start, c->end, 0, &level, &where)))
		return st;
	if (level + c->quantity > r->capacity &&
	    (st = peak(t, r->rid, c->start, c->end, 1, &level, &where)))
		return st;
	if (level + c->quantity > r->capacity)
		return full(r, c, level, where);
	if (r->seats && c->nseats) {
		store_cursor *cur = store_cursor_open(t->st, T_SEAT);
		for (uint32_t i = 0; i < c->nseats; i++) {
			if (c->seats[i] < 1 || c->seats[i] > r->seats) {
				store_cursor_close(cur);
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "%s has seats 1 to %u, not %u",
						  r->name, r->seats,
						  c->seats[i]);
			}
			if (seat_taken(t, r->rid, c->seats[i], c->start, c->end,
				       cur)) {
				store_cursor_close(cur);
				return berth_fail(BERTH_SEAT_TAKEN,
						  "seat %u of %s is taken",
						  c->seats[i], r->name);
			}
		}
		store_cursor_close(cur);
		return txn_status(t);
	}
	if (r->seats) {
		/* No seats named: the lowest ones free for the whole window. */
		store_cursor *cur = store_cursor_open(t->st, T_SEAT);
		uint32_t n = 0;
		c->seats = arena_alloc(t->a, (size_t)c->quantity * sizeof *c->seats);
		if (!c->seats) {
			store_cursor_close(cur);
			return oom();
		}
		for (uint32_t s = 1; s <= r->seats && n < c->quantity; s++)
			if (!seat_taken(t, r->rid, s, c->start, c->end, cur))
				c->seats[n++] = s;
		store_cursor_close(cur);
		if (n < c->quantity)
			return berth_fail(BERTH_CAPACITY_FULL,
					  "%s has no %lld seats free for the "
					  "whole window",
					  r->name, (long long)c->quantity);
		c->nseats = n;
	}
	return txn_status(t);
}

/* The footprint: what a counted claim adds to the indexes. */
static void footprint(berth_txn *t, const berth_claim *c, int add)
{
	keybuf k;

	profile_apply(t, c->rid, c->start, c->end, add ? c->quantity : -c->quantity);

	span_key(&k, c->rid, c->start, c->kind, c->id);
	if (add) {
		keybuf vb;
		key_reset(&vb);
		key_time(&vb, c->end);
		key_u64(&vb, (uint64_t)c->quantity);
		key_time(&vb, c->expires_at);
		store_put(t->st, T_SPAN, k.b, k.len, vb.b, vb.len);
	} else {
		store_del(t->st, T_SPAN, k.b, k.len);
	}
	for (uint32_t i = 0; i < c->nseats; i++) {
		seat_key(&k, c->rid, c->seats[i], c->start, c->kind, c->id);
		if (add) {
			keybuf vb;
			key_reset(&vb);
			key_time(&vb, c->end);
			key_time(&vb, c->expires_at);
			store_put(t->st, T_SEAT, k.b, k.len, vb.b, vb.len);
		} else {
			store_del(t->st, T_SEAT, k.b, k.len);
		}
	}
	if (c->expires_at != BTIME_NEVER) {
		expiry_key(&k, c->rid, c->expires_at, c->kind, c->id);
		if (add) {
			keybuf vb;
			key_reset(&vb);
			key_time(&vb, c->start);
			key_time(&vb, c->end);
			key_u64(&vb, (uint64_t)c->quantity);
			store_put(t->st, T_EXPIRY, k.b, k.len, vb.b, vb.len);
		} else {
			store_del(t->st, T_EXPIRY, k.b, k.len);
		}
		due_key(&k, c->expires_at, c->rid, c->kind, c->id);
		if (add)
			store_put(t->st, T_DUE, k.b, k.len, "", 0);
		else
			store_del(t->st, T_DUE, k.b, k.len);
	}
}

void avail_add(berth_txn *t, const berth_claim *c)
{
	footprint(t, c, 1);
}

void avail_remove(berth_txn *t, const berth_claim *c)
{
	footprint(t, c, 0);
}
