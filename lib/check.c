/* check.c - verifies SPEC invariants 1 and 4 and that every index agrees
 * with the records it is derived from: the usage profiles are recomputed
 * from the claims and compared point by point. Read-only; each problem
 * found is reported, and the walk goes on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	berth_txn *t;
	berth_problem_cb cb;
	void *arg;
	uint64_t problems;
	int stop;
} checker;

static void problem(checker *ck, const char *check, const char *entity,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(checker *ck, const char *check, const char *entity,
		    const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	berth_problem p = {check, entity, msg};

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ck->problems++;
	if (!ck->stop && ck->cb(&p, ck->arg))
		ck->stop = 1;
}

static int expect(checker *ck, store_table tb, const keybuf *k,
		  const keybuf *want)
{
	sval v;

	if (!store_get(ck->t->st, tb, k->b, k->len, &v))
		return 0;
	return v.len == want->len && memcmp(v.data, want->b, v.len) == 0;
}

/* Every counted claim has its span, seats and expiry entries, exact. */
static void check_claim(checker *ck, const berth_claim *c, const char *id)
{
	keybuf k, want;

	span_key(&k, c->rid, c->start, c->kind, c->id);
	if (!store_get(ck->t->st, T_BYRES, k.b, k.len, &(sval){0}))
		problem(ck, "index", id, "missing from its resource's list");
	if (!claim_counts(c))
		return;
	span_key(&k, c->rid, c->start, c->kind, c->id);
	key_reset(&want);
	key_time(&want, c->end);
	key_u64(&want, (uint64_t)c->quantity);
	key_time(&want, c->expires_at);
	if (!expect(ck, T_SPAN, &k, &want))
		problem(ck, "index", id, "span entry missing or wrong");
	for (uint32_t i = 0; i < c->nseats; i++) {
		seat_key(&k, c->rid, c->seats[i], c->start, c->kind, c->id);
		key_reset(&want);
		key_time(&want, c->end);
		key_time(&want, c->expires_at);
		if (!expect(ck, T_SEAT, &k, &want))
			problem(ck, "index", id,
				"seat %u entry missing or wrong", c->seats[i]);
	}
	if (c->expires_at != BTIME_NEVER) {
		expiry_key(&k, c->rid, c->expires_at, c->kind, c->id);
		key_reset(&want);
		key_time(&want, c->start);
		key_time(&want, c->end);
		key_u64(&want, (uint64_t)c->quantity);
		if (!expect(ck, T_EXPIRY, &k, &want))
			problem(ck, "index", id, "expiry entry missing or wrong");
		due_key(&k, c->expires_at, c->rid, c->kind, c->id);
		if (!store_get(ck->t->st, T_DUE, k.b, k.len, &(sval){0}))
			problem(ck, "index", id, "due entry missing");
	}
}

static void check_records(checker *ck, store_table tb)
{
	store_cursor *c = store_cursor_open(ck->t->st, tb);
	arena *keep = ck->t->a, *scratch = arena_new();
	sval k, v;

	if (!scratch) {
		arena_set_failed(keep);
		store_cursor_close(c);
		return;
	}
	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		berth_claim cl;
		char id[24];
		arena_reset(scratch);
		berth_id_format(tb == T_HOLD ? CLAIM_HOLD : CLAIM_BOOKING,
				k.len == 8 ? key_read_u64(k.data) : 0, id,
				sizeof id);
		if (k.len != 8 || record_get_claim(v.data, v.len, scratch, &cl)) {
			problem(ck, "record", id, "record cannot be decoded");
			continue;
		}
		if (cl.id != key_read_u64(k.data) ||
		    cl.kind != (tb == T_HOLD ? CLAIM_HOLD : CLAIM_BOOKING))
			problem(ck, "record", id, "record names another id");
		ck->t->a = scratch;
		check_claim(ck, &cl, id);
		ck->t->a = keep;
	}
	berth_clear();
	store_cursor_close(c);
	arena_free(scratch);
}

/* An index entry names a claim that is counted and agrees with it. */
static int names_counted(checker *ck, claim_kind kind, uint64_t id,
			 arena *scratch)
{
	keybuf k;
	sval v;
	berth_claim cl;

	key_reset(&k);
	key_u64(&k, id);
	if (!store_get(ck->t->st, kind == CLAIM_HOLD ? T_HOLD : T_BOOKING, k.b,
		       k.len, &v))
		return 0;
	arena_reset(scratch);
	if (record_get_claim(v.data, v.len, scratch, &cl)) {
		berth_clear();
		return 0;
	}
	return claim_counts(&cl);
}

/* An index entry's claim (kind byte and id at p) must count; `what`
 * names the index in the report. */
static void entry_names_counted(checker *ck, const uint8_t *p, const char *what,
				arena *scratch)
{
	claim_kind kind = p[0] == CLAIM_BOOKING ? CLAIM_BOOKING : CLAIM_HOLD;
	uint64_t id = key_read_u64(p + 1);
	char name[24];

	if (names_counted(ck, kind, id, scratch))
		return;
	berth_id_format(kind, id, name, sizeof name);
	problem(ck, "index", name, "%s entry for a claim that does not count",
		what);
}

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
} edges;

static int add_edge(edges *e, btime s, btime end, int64_t q, int live)
{
	if (e->nall + 2 > e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 256;
		edge *a = realloc(e->all, cap * sizeof *a);
		edge *l = a ? realloc(e->live, cap * sizeof *l) : NULL;
		if (a)
			e->all = a;
		if (!a || !l)
			return 0;
		e->live = l;
		e->cap = cap;
	}
	e->all[e->nall++] = (edge){s, q};
	e->all[e->nall++] = (edge){end, -q};
	if (live) {
		e->live[e->nlive++] = (edge){s, q};
		e->live[e->nlive++] = (edge){end, -q};
	}
	return 1;
}

/* One resource: its recomputed profile against the stored one, and the
 * peak of live claims against its capacity (invariant 1). */
static void check_resource(checker *ck, uint32_t rid, edges *e)
{
	store_cursor *c;
	berth_resource *r = NULL;
	char name[BERTH_NAME_MAX + 16], when[CLOCK_TIME_MAX];
	int64_t level = 0, peak = 0;
	btime peak_at = 0;
	keybuf k;
	sval kv, v;
	size_t i;

	if (res_by_rid(ck->t, rid, &r))
		r = NULL;
	berth_clear();
	snprintf(name, sizeof name, "%s", r ? r->name : "(removed)");

	qsort(e->all, e->nall, sizeof *e->all, cmp_edge);
	c = store_cursor_open(ck->t->st, T_PROFILE);
	profile_key(&k, rid, INT64_MIN);
	int ok = store_seek(c, k.b, k.len, &kv, &v);
	for (i = 0; i < e->nall;) {
		btime at = e->all[i].at;
		int64_t before = level;
		while (i < e->nall && e->all[i].at == at)
			level += e->all[i++].delta;
		if (level == before)
			continue;
		if (!ok || kv.len != PROFILE_KEY_LEN ||
		    key_read_u32(kv.data) != rid ||
		    key_read_time((const uint8_t *)kv.data + 4) != at ||
		    v.len != 8 || (int64_t)key_read_u64(v.data) != level) {
			clock_format(at, ck->t->zone, when, sizeof when);
			problem(ck, "profile", name,
				"usage profile disagrees with the claims at %s "
				"(want %lld)",
				when, (long long)level);
			break;
		}
		ok = store_next(c, &kv, &v);
	}
	if (i == e->nall && ok && kv.len == PROFILE_KEY_LEN &&
	    key_read_u32(kv.data) == rid)
		problem(ck, "profile", name,
			"usage profile has points no claim explains");
	store_cursor_close(c);

	if (e->nlive)
		qsort(e->live, e->nlive, sizeof *e->live, cmp_edge);
	level = 0;
	for (i = 0; i < e->nlive; i++) {
		level += e->live[i].delta;
		if ((i + 1 == e->nlive || e->live[i + 1].at != e->live[i].at) &&
		    level > peak) {
			peak = level;
			peak_at = e->live[i].at;
		}
	}
	if (r && peak > r->capacity) {
		clock_format(peak_at, r->tz, when, sizeof when);
		problem(ck, "capacity", name,
			"%lld units claimed at %s, capacity %lld",
			(long long)peak, when, (long long)r->capacity);
	}
}

/* Profiles of resources no claim counts on must be empty: a stale point
 * there would refuse claims that fit. `seen` holds the rids with spans, in
 * order. */
static void check_idle_profiles(checker *ck, const uint32_t *seen, size_t n)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_PROFILE);
	uint32_t last = 0;
	int have = 0;
	size_t j = 0;
	sval kv;

	for (int ok = store_first(c, &kv, NULL); ok && !ck->stop;
	     ok = store_next(c, &kv, NULL)) {
		uint32_t rid;
		berth_resource *r;
		if (kv.len != PROFILE_KEY_LEN) {
			problem(ck, "index", "profile", "malformed profile entry");
			continue;
		}
		rid = key_read_u32(kv.data);
		if (have && rid == last)
			continue;
		have = 1;
		last = rid;
		while (j < n && seen[j] < rid)
			j++;
		if (j < n && seen[j] == rid)
			continue;
		problem(ck, "profile",
			res_by_rid(ck->t, rid, &r) ? "(removed)" : r->name,
			"usage profile has points but no claim counts");
		berth_clear();
	}
	store_cursor_close(c);
}

static void check_spans(checker *ck, arena *scratch)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_SPAN);
	edges e = {0};
	uint32_t rid = 0, *seen = NULL;
	size_t nseen = 0;
	int have = 0;
	sval kv, v;

	for (int ok = store_first(c, &kv, &v);; ok = store_next(c, &kv, &v)) {
		const uint8_t *p = kv.data, *q = v.data;
		if (ok && (kv.len != SPAN_KEY_LEN || v.len != 24)) {
			problem(ck, "index", "span", "malformed span entry");
			continue;
		}
		if (have && (!ok || key_read_u32(p) != rid)) {
			uint32_t *ns = realloc(seen, (nseen + 1) * sizeof *ns);
			if (!ns) {
				arena_set_failed(ck->t->a);
				break;
			}
			seen = ns;
			seen[nseen++] = rid;
			check_resource(ck, rid, &e);
			e.nall = e.nlive = 0;
		}
		if (!ok || ck->stop)
			break;
		rid = key_read_u32(p);
		have = 1;
		entry_names_counted(ck, p + 12, "span", scratch);
		if (!add_edge(&e, key_read_time(p + 4), key_read_time(q),
			      (int64_t)key_read_u64(q + 8),
			      key_read_time(q + 16) > ck->t->now)) {
			arena_set_failed(ck->t->a);
			break;
		}
	}
	store_cursor_close(c);
	if (!ck->stop)
		check_idle_profiles(ck, seen, nseen);
	free(seen);
	free(e.all);
	free(e.live);
}

/* Seats: no two live claims of one seat overlap (invariant 1). */
static void check_seats(checker *ck, arena *scratch)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_SEAT);
	uint8_t group[8] = {0};
	btime busy_until = INT64_MIN;
	sval kv, v;

	for (int ok = store_first(c, &kv, &v); ok && !ck->stop;
	     ok = store_next(c, &kv, &v)) {
		const uint8_t *p = kv.data;
		char name[24];
		if (kv.len != SEAT_KEY_LEN || v.len != 16) {
			problem(ck, "index", "seat", "malformed seat entry");
			continue;
		}
		entry_names_counted(ck, p + 16, "seat", scratch);
		berth_id_format(p[16] == CLAIM_BOOKING ? CLAIM_BOOKING
						      : CLAIM_HOLD,
				key_read_u64(p + 17), name, sizeof name);
		if (memcmp(group, p, 8)) {
			memcpy(group, p, 8);
			busy_until = INT64_MIN;
		}
		if (key_read_time((const uint8_t *)v.data + 8) <= ck->t->now)
			continue;
		if (key_read_time(p + 8) < busy_until)
			problem(ck, "seat", name,
				"seat %u is claimed twice at once",
				key_read_u32(p + 4));
		if (key_read_time(v.data) > busy_until)
			busy_until = key_read_time(v.data);
	}
	store_cursor_close(c);
}

static void check_expiry(checker *ck, arena *scratch)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_EXPIRY);
	sval kv, v;

	for (int ok = store_first(c, &kv, &v); ok && !ck->stop;
	     ok = store_next(c, &kv, &v)) {
		if (kv.len != EXPIRY_KEY_LEN || v.len != 24) {
			problem(ck, "index", "expiry", "malformed expiry entry");
			continue;
		}
		entry_names_counted(ck, (const uint8_t *)kv.data + 12, "expiry",
				    scratch);
	}
	store_cursor_close(c);
}

/* The due index holds exactly the counted claims that can expire; the
 * resource lists name claims that exist, under the resource they claim. */
static void check_due_and_lists(checker *ck, arena *scratch)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_DUE);
	sval kv;

	for (int ok = store_first(c, &kv, NULL); ok && !ck->stop;
	     ok = store_next(c, &kv, NULL)) {
		if (kv.len != DUE_KEY_LEN) {
			problem(ck, "index", "due", "malformed due entry");
			continue;
		}
		entry_names_counted(ck, (const uint8_t *)kv.data + 12, "due",
				    scratch);
	}
	store_cursor_close(c);
	c = store_cursor_open(ck->t->st, T_BYRES);
	for (int ok = store_first(c, &kv, NULL); ok && !ck->stop;
	     ok = store_next(c, &kv, NULL)) {
		const uint8_t *p = kv.data;
		claim_kind kind;
		berth_claim cl;
		char name[24];
		keybuf k;
		sval v;
		if (kv.len != BYRES_KEY_LEN) {
			problem(ck, "index", "byres", "malformed list entry");
			continue;
		}
		kind = p[12] == CLAIM_BOOKING ? CLAIM_BOOKING : CLAIM_HOLD;
		berth_id_format(kind, key_read_u64(p + 13), name, sizeof name);
		key_reset(&k);
		key_u64(&k, key_read_u64(p + 13));
		arena_reset(scratch);
		if (!store_get(ck->t->st, kind == CLAIM_HOLD ? T_HOLD : T_BOOKING,
			       k.b, k.len, &v) ||
		    record_get_claim(v.data, v.len, scratch, &cl) ||
		    cl.rid != key_read_u32(p) ||
		    cl.start != key_read_time(p + 4)) {
			berth_clear();
			problem(ck, "index", name,
				"resource list names a claim that is not "
				"there");
		}
	}
	store_cursor_close(c);
}

berth_status berth_check(berth_txn *t, berth_problem_cb cb, void *arg,
			 uint64_t *problems)
{
	checker ck = {.t = t, .cb = cb, .arg = arg};
	arena *scratch = arena_new();

	if (!scratch)
		return oom();
	check_records(&ck, T_HOLD);
	check_records(&ck, T_BOOKING);
	if (!ck.stop)
		check_spans(&ck, scratch);
	if (!ck.stop)
		check_seats(&ck, scratch);
	if (!ck.stop)
		check_expiry(&ck, scratch);
	if (!ck.stop)
		check_due_and_lists(&ck, scratch);
	arena_free(scratch);
	*problems = ck.problems;
	return txn_status(t);
}
