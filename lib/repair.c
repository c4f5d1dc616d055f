/* repair.c - rebuilds every index from the records they are derived from,
 * in one write transaction: `check --repair` after damage, and `upgrade`
 * after rewriting the records of an older format. Nothing is invented and
 * nothing dropped: the records (resources, claims, policies, idempotency
 * keys, the audit log) are only read, and when one of them is damaged the
 * repair refuses, naming it, for only a backup can bring it back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

typedef struct {
	uint32_t rid;
	btime at;
	int64_t delta;
} step;

static int cmp_step(const void *a, const void *b)
{
	const step *x = a, *y = b;

	if (x->rid != y->rid)
		return x->rid < y->rid ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

typedef struct {
	berth_txn *t;
	step *steps;
	size_t n, cap;
	uint64_t entries;
	uint64_t max_id[ID_COUNT];
} rebuild;

static void put(rebuild *rb, store_table tb, const void *e)
{
	entry_put(rb->t, tb, e);
	rb->entries++;
}

static int add_steps(rebuild *rb, const berth_claim *c)
{
	if (rb->n + 2 > rb->cap) {
		size_t cap = rb->cap ? rb->cap * 2 : 1024;
		step *s = realloc(rb->steps, cap * sizeof *s);
		if (!s)
			return 0;
		rb->steps = s;
		rb->cap = cap;
	}
	rb->steps[rb->n++] = (step){c->rid, c->start, c->quantity};
	rb->steps[rb->n++] = (step){c->rid, claim_busy_end(c), -c->quantity};
	return 1;
}

/* One table's records, decoded one by one into a scratch arena. fn gets
 * each; a record that does not decode ends the rebuild (the caller has
 * checked them all, so this is only a second line). */
typedef int (*record_fn)(rebuild *rb, void *entry);

static berth_status each_record(rebuild *rb, store_table tb, record_fn fn)
{
	berth_txn *t = rb->t;
	store_cursor *c = store_cursor_open(t->st, tb);
	arena *keep = t->a, *scratch = arena_new();
	any_entry e;
	sval k, v;

	if (!scratch) {
		store_cursor_close(c);
		return oom();
	}
	t->a = scratch;
	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		if (is_counters_key(tb, k))
			continue; /* not a record */
		arena_reset(scratch);
		if (entry_read(t, tb, k, v, &e) || !fn(rb, &e))
			break;
	}
	store_cursor_close(c);
	t->a = keep;
	if (arena_failed(scratch))
		arena_set_failed(keep);
	arena_free(scratch);
	return txn_status(t);
}

static int claim_fn(rebuild *rb, void *entry)
{
	const berth_claim *c = &((claim_entry *)entry)->c;
	id_kind kind = claim_id_kind(c->kind);
	claim_index ix;
	bycust_entry be;
	seat_entry se;

	if (c->id > rb->max_id[kind])
		rb->max_id[kind] = c->id;
	if (c->rid > rb->max_id[ID_RESOURCE])
		rb->max_id[ID_RESOURCE] = c->rid;
	claim_index_of(c, &ix);
	put(rb, T_BYRES, &ix.byres);
	reach_note(rb->t, c);
	{
		series_entry sr;
		if (series_entry_of(c, &sr))
			put(rb, T_SERIES, &sr);
		if (c->series > rb->max_id[ID_SERIES])
			rb->max_id[ID_SERIES] = c->series;
	}
	/* A claim keeps its resource's number and name: history reads even
	 * after the resource is gone. */
	put(rb, T_RESID, &(resid_entry){c->rid, c->resource});
	if (c->customer && *c->customer) {
		custhist_entry he;
		chain_ctx *cx = txn_chain(rb->t);
		if (cx && custhist_entry_of(cx, c, &he))
			put(rb, T_CUSTHIST, &he);
	}
	if (!ix.counts)
		return 1;
	if (custidx_of(rb->t, c, &be) == 1)
		put(rb, T_BYCUST, &be);
	put(rb, T_SPAN, &ix.span);
	for (uint32_t i = 0; i < c->nseats; i++) {
		claim_seat(c, i, &se);
		put(rb, T_SEAT, &se);
	}
	if (ix.expires) {
		put(rb, T_EXPIRY, &ix.expiry);
		put(rb, T_DUE, &ix.due);
	}
	if (!add_steps(rb, c)) {
		arena_set_failed(rb->t->a);
		return 0;
	}
	return 1;
}

static int resource_fn(rebuild *rb, void *entry)
{
	const berth_resource *r = &((resource_entry *)entry)->r;

	if (r->rid > rb->max_id[ID_RESOURCE])
		rb->max_id[ID_RESOURCE] = r->rid;
	put(rb, T_RESID, &(resid_entry){r->rid, r->name});
	return 1;
}

/* The audit log knows every resource there ever was, removed or not. */
static int audit_fn(rebuild *rb, void *entry)
{
	const audit_entry *a = entry;
	const berth_resource *snap[] = {a->a.before_res, a->a.after_res};

	if (a->seq > rb->max_id[ID_AUDIT])
		rb->max_id[ID_AUDIT] = a->seq;
	put(rb, T_AUDIT_BY, &(audit_by_entry){a->a.entity, a->seq});
	for (int i = 0; i < 2; i++)
		if (snap[i]) {
			if (snap[i]->rid > rb->max_id[ID_RESOURCE])
				rb->max_id[ID_RESOURCE] = snap[i]->rid;
			put(rb, T_RESID,
			    &(resid_entry){snap[i]->rid, snap[i]->name});
		}
	return 1;
}

/* A holiday's days and a time off's place in its resource's index. */
static int holiday_fn(rebuild *rb, void *entry)
{
	const berth_holiday *h = &((holiday_entry *)entry)->h;
	uint32_t days[CAL_SPAN_MAX];
	int n = holiday_days(h, days);

	if (h->id > rb->max_id[ID_HOLIDAY])
		rb->max_id[ID_HOLIDAY] = h->id;
	for (int i = 0; i < n; i++)
		put(rb, T_HOLIDAY_DAY, &(holiday_day_entry){days[i], h->id});
	return 1;
}

static int timeoff_fn(rebuild *rb, void *entry)
{
	const berth_timeoff *o = &((timeoff_entry *)entry)->o;
	timeoff_by_entry ix;

	if (o->id > rb->max_id[ID_TIMEOFF])
		rb->max_id[ID_TIMEOFF] = o->id;
	timeoff_index_of(o, &ix);
	put(rb, T_TIMEOFF_BY, &ix);
	return 1;
}

/* A waiting entry's places in the waitlist's indexes. */
static void put_wait(store_table tb, const void *e, void *arg)
{
	put(arg, tb, e);
}

static int waitlist_fn(rebuild *rb, void *entry)
{
	const berth_waitlist *w = &((waitlist_entry *)entry)->w;

	if (w->id > rb->max_id[ID_WAITLIST])
		rb->max_id[ID_WAITLIST] = w->id;
	waitlist_index_each(w, put_wait, rb);
	return 1;
}

/* The usage profiles: per resource, a point wherever the sum of the
 * steps there is not zero. */
static void write_profiles(rebuild *rb)
{
	int64_t level = 0;

	if (!rb->n)
		return; /* no claims: no steps, and no array for qsort */
	qsort(rb->steps, rb->n, sizeof *rb->steps, cmp_step);
	for (size_t i = 0; i < rb->n;) {
		uint32_t rid = rb->steps[i].rid;
		btime at = rb->steps[i].at;
		int64_t before = level;
		if (i && rb->steps[i - 1].rid != rid)
			level = before = 0;
		while (i < rb->n && rb->steps[i].rid == rid &&
		       rb->steps[i].at == at)
			level += rb->steps[i++].delta;
		if (level != before)
			put(rb, T_PROFILE,
			    &(profile_entry){rid, at, level, level - before});
	}
}

uint64_t rebuild_indexes(berth_txn *t, uint64_t max_id[ID_COUNT])
{
	rebuild rb = {.t = t};

	for (store_table tb = 0; tb < T_COUNT; tb++)
		if (schema_derived(tb))
			store_clear(t->st, tb);
	if (!each_record(&rb, T_RESOURCE, resource_fn) &&
	    !each_record(&rb, T_HOLD, claim_fn) &&
	    !each_record(&rb, T_BOOKING, claim_fn) &&
	    !each_record(&rb, T_AUDIT, audit_fn) &&
	    !each_record(&rb, T_HOLIDAY, holiday_fn) &&
	    !each_record(&rb, T_TIMEOFF, timeoff_fn) &&
	    !each_record(&rb, T_WAITLIST, waitlist_fn))
		write_profiles(&rb);
	free(rb.steps);
	if (max_id)
		memcpy(max_id, rb.max_id, sizeof rb.max_id);
	return rb.entries;
}

/* check, classifying: the first problem that a rebuild cannot mend. */
typedef struct {
	uint64_t found, mendable, overbooked;
	int fatal;
	char what[400];	 /* the first problem a rebuild cannot mend */
	char first[400]; /* the first problem of all but overbooking */
} triage;

static int classify(const berth_problem *p, void *arg)
{
	triage *tr = arg;

	if (!tr->first[0] && !p->overbooked)
		snprintf(tr->first, sizeof tr->first, "%s %s: %s", p->table,
			 p->key, p->message);
	tr->found++;
	tr->mendable += p->repairable;
	tr->overbooked += p->overbooked;
	if (!p->repairable && !p->overbooked && !tr->fatal) {
		tr->fatal = 1;
		snprintf(tr->what, sizeof tr->what, "%s %s: %s", p->table,
			 p->key, p->message);
	}
	return 0;
}

berth_status check_sound(berth_txn *t, uint64_t *overbooked)
{
	triage tr = {0};
	uint64_t problems, damage;
	berth_status st;

	if ((st = berth_check(t, classify, &tr, &problems)))
		return st;
	if (overbooked)
		*overbooked = tr.overbooked;
	damage = tr.found - tr.overbooked;
	if (damage)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "check finds %llu problem%s (the first: %s)",
				  (unsigned long long)damage,
				  damage == 1 ? "" : "s", tr.first);
	return BERTH_OK;
}

berth_status verify_rebuilt(berth_txn *t, const char *what,
			    uint64_t *overbooked)
{
	berth_status st = check_sound(t, overbooked);

	if (st == BERTH_STORE_CORRUPT)
		return berth_fail(st, "after the %s, %s; nothing was changed",
				  what, berth_message());
	return st;
}

berth_status berth_repair(berth_txn *t, berth_repair_result *out)
{
	triage tr = {0};
	uint64_t problems;
	berth_status st;

	if ((st = role_may_run(t, "check --repair")))
		return st;
	memset(out, 0, sizeof *out);
	if ((st = berth_check(t, classify, &tr, &problems)))
		return st;
	out->found = tr.found;
	out->overbooked = tr.overbooked;
	if (tr.fatal)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "a record is damaged (%s); indexes can be "
				  "rebuilt, records cannot: restore a backup "
				  "with berth restore",
				  tr.what);
	if (!tr.mendable)
		return BERTH_OK;
	out->entries = rebuild_indexes(t, NULL);
	if ((st = txn_status(t)))
		return st;
	if ((st = verify_rebuilt(t, "repair", &out->overbooked)))
		return st;
	out->repaired = tr.found - tr.overbooked;
	return BERTH_OK;
}
