/* check-index.c - the indexes against the records, the other way from
 * check.c: every index entry names a claim that exists and implies exactly
 * it; each usage profile is what the spans add up to, point by point; and
 * the claims that are live fit their resource (SPEC invariant 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "misfit.h"

/* The claim an index entry names, and whether the entry is exactly one
 * that claim implies. `counted`: the index holds counting claims only. */
static void names_claim(checker *ck, store_table tb, sval k, sval v,
			claim_kind kind, uint64_t id, int counted,
			uint32_t seat)
{
	claim_entry ce;
	claim_index ix;
	char name[24];
	int rc;

	berth_id_format(kind, id, name, sizeof name);
	arena_reset(ck->naming);
	{
		arena *keep = ck->scratch;
		ck->scratch = ck->naming;
		rc = load_claim(ck, kind, id, &ce);
		ck->scratch = keep;
	}
	if (rc == 0) {
		problem(ck, tb, k, 0, "names %s, which is not there", name);
		return;
	}
	if (rc < 0)
		return; /* the record's own problem, reported with its table */
	claim_index_of(&ce.c, &ix);
	if (counted && !ix.counts) {
		problem(ck, tb, k, 0, "names %s, which no longer counts", name);
		return;
	}
	/* The entry this index should hold for it, byte for byte. */
	{
		uint8_t small[256];
		const void *want = NULL;
		bycust_entry bc;
		series_entry sr;
		custhist_entry hc;
		seat_entry se;
		keybuf wk;
		wbuf w;
		switch (tb) {
		case T_SPAN:
			want = &ix.span;
			break;
		case T_BYRES:
			want = &ix.byres;
			break;
		case T_SERIES:
			if (!series_entry_of(&ce.c, &sr)) {
				problem(ck, tb, k, 0,
					"names %s, which is in no series",
					name);
				return;
			}
			want = &sr;
			break;
		case T_BYCUST:
			if ((rc = check_cust_of(ck, &ce.c, &bc)) < 0)
				return; /* the key's damage, reported */
			if (rc == 0) {
				problem(ck, tb, k, 0,
					"names %s, which has no customer",
					name);
				return;
			}
			want = &bc;
			break;
		case T_CUSTHIST:
			if (!ck->have_key)
				return; /* no key: reported with meta */
			if (!ck->chain && !(ck->chain = chain_ctx_new(
						ck->t->cache_arena,
						ck->chain_key))) {
				arena_set_failed(ck->t->a);
				return;
			}
			if (!custhist_entry_of(ck->chain, &ce.c, &hc)) {
				problem(ck, tb, k, 0,
					"names %s, which has no customer",
					name);
				return;
			}
			want = &hc;
			break;
		case T_EXPIRY:
		case T_DUE:
			if (!ix.expires) {
				problem(ck, tb, k, 0,
					"names %s, which cannot expire", name);
				return;
			}
			want = tb == T_DUE ? (const void *)&ix.due
					   : (const void *)&ix.expiry;
			break;
		case T_SEAT: {
			for (uint32_t i = 0; i < ce.c.nseats && !want; i++)
				if (ce.c.seats[i] == seat) {
					claim_seat(&ce.c, i, &se);
					want = &se;
				}
			if (!want) {
				problem(ck, tb, k, 0,
					"names %s, which does not hold seat %u",
					name, seat);
				return;
			}
			break;
		}
		default:
			return;
		}
		wb_on(&w, small, sizeof small);
		schema_encode(tb, want, &wk, &w);
		if (!w.oom && (wk.len != k.len || memcmp(wk.b, k.data, k.len) ||
			       w.len != v.len || memcmp(w.p, v.data, v.len)))
			problem(ck, tb, k, 0, "disagrees with %s's record",
				name);
		wb_free(&w);
	}
}

int check_cust_of(checker *ck, const berth_claim *c, bycust_entry *out)
{
	if (!ck->have_key)
		return -1; /* no key: reported with meta */
	if (!ck->chain &&
	    !(ck->chain = chain_ctx_new(ck->t->cache_arena, ck->chain_key))) {
		arena_set_failed(ck->t->a);
		return -1;
	}
	return custidx_entry(ck->chain, c, out);
}

void check_reach(checker *ck, const berth_claim *c, const char *id)
{
	reach_entry want = {.rid = c->rid};
	size_t n = sizeof ck->reach / sizeof *ck->reach;
	struct reach_seen *r = &ck->reach[c->rid % n];

	if (r->state == 0 || r->rid != c->rid) {
		any_entry e;
		char why[160];
		keybuf k;
		sval kv, v;

		schema_key(T_REACH, &want, &k);
		kv.data = k.b;
		kv.len = k.len;
		r->rid = c->rid;
		if (!store_get(ck->t->st, T_REACH, k.b, k.len, &v))
			r->state = 2;
		else if (schema_decode(T_REACH, FORMAT_CURRENT, kv, v,
				       ck->naming, &e, why, sizeof why))
			r->state = 3; /* reported where its table is walked */
		else {
			r->state = 1;
			r->longest = e.reach.longest;
		}
	}
	if (r->state == 2) {
		entry_problem(ck, T_REACH, &want,
			      "missing, though %s implies it", id);
		return;
	}
	if (r->state == 1 && r->longest < c->end - c->start)
		entry_problem(ck, T_REACH, &want,
			      "is shorter than %s, which a list from its end "
			      "would miss",
			      id);
}

/* The entry's claim, looked up: for a table whose sums differ. */
static void entry_names_claim(checker *ck, store_table tb, sval k, sval v,
			      const any_entry *e)
{
	switch (tb) {
	case T_BYRES:
		names_claim(ck, tb, k, v, e->byres.kind, e->byres.id, 0, 0);
		break;
	case T_EXPIRY:
		names_claim(ck, tb, k, v, e->expiry.kind, e->expiry.id, 1, 0);
		break;
	case T_DUE:
		names_claim(ck, tb, k, v, e->due.kind, e->due.id, 1, 0);
		break;
	case T_SPAN:
		names_claim(ck, tb, k, v, e->span.kind, e->span.id, 1, 0);
		break;
	case T_SEAT:
		names_claim(ck, tb, k, v, e->seat.kind, e->seat.id, 1,
			    e->seat.seat);
		break;
	case T_BYCUST:
		names_claim(ck, tb, k, v, e->bycust.kind, e->bycust.id, 1, 0);
		break;
	case T_SERIES:
		names_claim(ck, tb, k, v, e->series.kind, e->series.id, 0, 0);
		break;
	case T_CUSTHIST:
		names_claim(ck, tb, k, v, e->custhist.kind, e->custhist.id, 0,
			    0);
		break;
	default:
		break;
	}
}

/* The index entries that held and implied sums disagree on, found the
 * slow way: every entry of the index looked up in its claim's record, and
 * every claim's entries in the index. A sound store never comes here. */
static void index_one_by_one(checker *ck, store_table tb)
{
	store_cursor *c = store_cursor_open(ck->t->st, tb);
	char why[160];
	any_entry e;
	sval k, v;

	/* Entries that do not decode were reported by the walk. */
	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		store_release(ck->t->st);
		arena_reset(ck->scratch);
		if (!schema_decode(tb, FORMAT_CURRENT, k, v, ck->scratch, &e,
				   why, sizeof why))
			entry_names_claim(ck, tb, k, v, &e);
	}
	store_cursor_close(c);
	expect_claims_in(ck, T_HOLD, tb);
	expect_claims_in(ck, T_BOOKING, tb);
}

/* byres, expiry, due, by customer, series and customer history: each
 * entry summed against what the claims imply (a lookup of each entry's
 * claim, and of each claim's entries, was a random read a side: half of
 * what check spent at a million bookings). */
static int summed_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)e;
	sum_add(ck, &ck->held[*(const store_table *)ck->state], k, v);
	return 0;
}

static int byres_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)e;
	sum_add(ck, &ck->held[T_BYRES], k, v);
	return 0;
}

static int expiry_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)e;
	sum_add(ck, &ck->held[T_EXPIRY], k, v);
	return 0;
}

static int due_fn(checker *ck, sval k, sval v, any_entry *e)
{
	(void)e;
	sum_add(ck, &ck->held[T_DUE], k, v);
	return 0;
}

/* --- spans: each names its claim; per resource they add up to the
 * profile, and their live part fits the capacity --- */

typedef struct {
	btime at;
	int64_t delta;
} edge;

static int cmp_edge(const void *a, const void *b)
{
	btime x = ((const edge *)a)->at, y = ((const edge *)b)->at;
	return (x > y) - (x < y);
}

typedef struct {
	edge *all, *live;
	size_t nall, nlive, cap;
	/* The live spans as claims, to name those that do not fit. */
	misfit_item *items;
	size_t nitems;
	uint32_t rid; /* the resource whose spans these are */
	int have;
	uint32_t *seen; /* resources with spans, in order */
	size_t nseen;
} edges;

/* Every span adds to the profile it is compared with; a live one (see
 * misfit_counts: its time not up, its window not over) is also held to
 * the resource's capacity as it is now. */
static int add_edge(edges *e, const span_entry *s, int live)
{
	if (e->nall + 2 > e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 256;
		edge *a = realloc(e->all, cap * sizeof *a);
		edge *l = a ? realloc(e->live, cap * sizeof *l) : NULL;
		misfit_item *it =
		    l ? realloc(e->items, cap / 2 * sizeof *it) : NULL;
		if (a)
			e->all = a;
		if (l)
			e->live = l;
		if (!a || !l || !it)
			return 0;
		e->items = it;
		e->cap = cap;
	}
	e->all[e->nall++] = (edge){s->start, s->quantity};
	e->all[e->nall++] = (edge){s->end, -s->quantity};
	if (live) {
		e->live[e->nlive++] = (edge){s->start, s->quantity};
		e->live[e->nlive++] = (edge){s->end, -s->quantity};
		misfit_item_of(s, &e->items[e->nitems++]);
	}
	return 1;
}

/* The points the spans make: an instant where the sum of the steps is
 * not zero, with the level it leads to. */
static size_t points_of(uint32_t rid, edges *e, profile_entry *out)
{
	int64_t level = 0;
	size_t n = 0;

	qsort(e->all, e->nall, sizeof *e->all, cmp_edge);
	for (size_t i = 0; i < e->nall;) {
		btime at = e->all[i].at;
		int64_t before = level;
		while (i < e->nall && e->all[i].at == at)
			level += e->all[i++].delta;
		if (level != before)
			out[n++] =
			    (profile_entry){rid, at, level, level - before};
	}
	return n;
}

/* The next point of the resource's stored profile: 1 with *out, 2 for
 * one whose value does not decode (reported when the table is walked;
 * out->at from its key, so that it is not reported as missing too), 0 at
 * the end. */
static int next_stored(checker *ck, store_cursor *c, int first, uint32_t rid,
		       sval *kv, profile_entry *out)
{
	char why[160];
	keybuf k;
	sval v;
	int ok;

	profile_key(&k, rid, INT64_MIN);
	ok = first ? store_seek(c, k.b, k.len, kv, &v) : store_next(c, kv, &v);
	if (!ok || !key_of_rid(*kv, rid))
		return 0;
	arena_reset(ck->scratch);
	if (!schema_decode(T_PROFILE, FORMAT_CURRENT, *kv, v, ck->scratch, out,
			   why, sizeof why))
		return 1;
	if (!profile_key_at(*kv, &out->at))
		out->at = INT64_MIN;
	return 2;
}

/* The resource's stored profile against the one its spans make, side by
 * side in time order. */
static void compare_profile(checker *ck, uint32_t rid, edges *e)
{
	profile_entry *want = malloc((e->nall + 1) * sizeof *want), have;
	store_cursor *c;
	size_t nw, j = 0;
	sval kv;
	int stored;

	if (!want) {
		arena_set_failed(ck->t->a);
		return;
	}
	nw = points_of(rid, e, want);
	c = store_cursor_open(ck->t->st, T_PROFILE);
	stored = next_stored(ck, c, 1, rid, &kv, &have);
	while ((stored || j < nw) && !ck->stop) {
		if (stored && (j == nw || have.at < want[j].at)) {
			if (stored == 1)
				problem(ck, T_PROFILE, kv, 0,
					"a point no claim explains");
			stored = next_stored(ck, c, 0, rid, &kv, &have);
		} else if (!stored || have.at > want[j].at) {
			entry_problem(ck, T_PROFILE, &want[j],
				      "missing: the claims make a level of "
				      "%lld here",
				      (long long)want[j].level);
			j++;
		} else {
			if (stored == 1 && (have.level != want[j].level ||
					    have.delta != want[j].delta))
				problem(ck, T_PROFILE, kv, 0,
					"says %lld (a step of %lld), the "
					"claims make %lld (%lld)",
					(long long)have.level,
					(long long)have.delta,
					(long long)want[j].level,
					(long long)want[j].delta);
			j++;
			stored = next_stored(ck, c, 0, rid, &kv, &have);
		}
	}
	store_cursor_close(c);
	free(want);
}

/* "; no longer fit: b2, b3": the claims to move or cancel, as resource set
 * names them, the first few. */
static void name_misfits(checker *ck, const berth_resource *r, edges *e,
			 char *buf, size_t size)
{
	size_t len = 0, shown = 0, out = 0;
	char id[24];

	buf[0] = 0;
	misfit_sort(e->items, e->nitems);
	if (r->seats)
		misfit_beyond_seats(ck->t, r, e->items, e->nitems, ck->scratch);
	if (misfit_fit(e->items, e->nitems, r->capacity)) {
		arena_set_failed(ck->t->a);
		return;
	}
	for (size_t i = 0; i < e->nitems; i++) {
		if (!e->items[i].out)
			continue;
		out++;
		if (shown == 10)
			continue;
		berth_id_format(e->items[i].kind, e->items[i].id, id,
				sizeof id);
		len += (size_t)snprintf(buf + len, size - len, "%s %s",
					shown++ ? "," : "; no longer fit:", id);
		if (len >= size)
			return;
	}
	if (out > shown)
		snprintf(buf + len, size - len, " and %zu more", out - shown);
}

/* The most live claims hold at once against the capacity of the resource
 * as it is now (one removed has no capacity to hold its history to). */
static void check_capacity(checker *ck, uint32_t rid, edges *e)
{
	char when[CLOCK_TIME_MAX], names[200];
	resource_entry res;
	int64_t level = 0, peak = 0;
	btime peak_at = 0;
	keybuf k;
	sval kv;

	if (e->nlive)
		qsort(e->live, e->nlive, sizeof *e->live, cmp_edge);
	for (size_t i = 0; i < e->nlive; i++) {
		level += e->live[i].delta;
		if ((i + 1 == e->nlive || e->live[i + 1].at != e->live[i].at) &&
		    level > peak) {
			peak = level;
			peak_at = e->live[i].at;
		}
	}
	if (!peak || load_resource(ck, rid, &res) != 1 ||
	    peak <= res.r.capacity)
		return;
	clock_format(peak_at, res.r.tz, when, sizeof when);
	name_misfits(ck, &res.r, e, names, sizeof names);
	name_key(&k, res.r.name);
	kv.data = k.b;
	kv.len = k.len;
	problem(ck, T_RESOURCE, kv, 1,
		"%lld units claimed at %s, capacity %lld%s", (long long)peak,
		when, (long long)res.r.capacity, names);
}

static void end_resource(checker *ck, edges *e)
{
	uint32_t *ns = realloc(e->seen, (e->nseen + 1) * sizeof *ns);

	if (!ns) {
		arena_set_failed(ck->t->a);
		return;
	}
	e->seen = ns;
	e->seen[e->nseen++] = e->rid;
	compare_profile(ck, e->rid, e);
	check_capacity(ck, e->rid, e);
	e->nall = e->nlive = e->nitems = 0;
}

static int span_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const span_entry *s = &any->span;
	edges *e = ck->state;

	sum_add(ck, &ck->held[T_SPAN], k, v);
	if (e->have && s->rid != e->rid)
		end_resource(ck, e);
	e->rid = s->rid;
	e->have = 1;
	if (!add_edge(e, s, misfit_counts(s, ck->t->now))) {
		arena_set_failed(ck->t->a);
		return 1;
	}
	return 0;
}

/* Profiles of resources no claim counts on must be empty: a stale point
 * there would refuse claims that fit. */
static void idle_profiles(checker *ck, const edges *e)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_PROFILE);
	size_t j = 0;
	sval kv, v;

	for (int ok = store_first(c, &kv, &v); ok && !ck->stop;
	     ok = store_next(c, &kv, &v)) {
		uint32_t rid;
		if (!(rid = rid_of_key(kv)))
			continue; /* reported when the table is walked */
		while (j < e->nseen && e->seen[j] < rid)
			j++;
		if (j < e->nseen && e->seen[j] == rid)
			continue;
		problem(ck, T_PROFILE, kv, 0, "a point where no claim counts");
	}
	store_cursor_close(c);
}

/* Seats: no two live claims of one seat overlap (invariant 1), and none
 * whose window is not over holds a seat beyond the resource's last, as
 * one may once `resource set --seats` made it smaller. */
typedef struct {
	uint32_t rid, seat;
	btime busy_until;
	int have;
	uint32_t nseats; /* the resource's seats now; 0: unseated or gone */
	char name[BERTH_NAME_MAX + 1];
} seat_run;

static void seats_of(checker *ck, seat_run *r, uint32_t rid)
{
	resource_entry res;

	r->nseats = 0;
	if (load_resource(ck, rid, &res) == 1) {
		r->nseats = res.r.seats;
		snprintf(r->name, sizeof r->name, "%s", res.r.name);
	}
}

static int seat_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const seat_entry *s = &any->seat;
	seat_run *r = ck->state;
	char id[24];

	sum_add(ck, &ck->held[T_SEAT], k, v);
	if (!r->have || r->rid != s->rid) {
		seats_of(ck, r, s->rid);
		r->rid = s->rid;
		r->have = 1;
		r->seat = 0;
	}
	if (r->seat != s->seat) {
		r->seat = s->seat;
		r->busy_until = INT64_MIN;
	}
	if (s->expires_at <= ck->t->now)
		return 0;
	if (r->nseats && s->seat > r->nseats && s->end > ck->t->now) {
		berth_id_format(s->kind, s->id, id, sizeof id);
		problem(ck, T_SEAT, k, 1,
			"%s has seat %u, beyond the %u seats of %s", id,
			s->seat, r->nseats, r->name);
	}
	if (s->start < r->busy_until)
		problem(ck, T_SEAT, k, 1, "seat %u is claimed twice at once",
			s->seat);
	if (s->end > r->busy_until)
		r->busy_until = s->end;
	return 0;
}

void check_indexes(checker *ck)
{
	edges e = {0};
	seat_run sr = {0};

	ck->state = &e;
	walk(ck, T_SPAN, span_fn);
	if (e.have && !ck->stop)
		end_resource(ck, &e);
	if (!ck->stop)
		idle_profiles(ck, &e);
	walk(ck, T_PROFILE, NULL);
	free(e.seen);
	free(e.all);
	free(e.live);
	free(e.items);
	ck->state = &sr;
	walk(ck, T_SEAT, seat_fn);
	static const store_table summed[] = {T_SPAN,   T_SEAT,	 T_EXPIRY,
					     T_DUE,    T_BYRES,	 T_BYCUST,
					     T_SERIES, T_CUSTHIST};
	walk(ck, T_EXPIRY, expiry_fn);
	walk(ck, T_DUE, due_fn);
	walk(ck, T_BYRES, byres_fn);
	walk(ck, T_REACH, NULL);
	/* The last three of summed[], walked for their sums alone. */
	for (size_t i = 5; i < sizeof summed / sizeof *summed; i++) {
		ck->state = (void *)&summed[i];
		walk(ck, summed[i], summed_fn);
	}
	/* A claim table walked (or cut short by a stop) leaves its sums
	 * partial: a stop reported a problem already. */
	for (size_t i = 0; i < sizeof summed / sizeof *summed && !ck->stop;
	     i++)
		if (!sum_same(&ck->implied[summed[i]], &ck->held[summed[i]]))
			index_one_by_one(ck, summed[i]);
}
