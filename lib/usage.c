/* usage.c - berth report's figures: per resource and period, the
 * unit-seconds it was open, booked and held, and what usage-count.c counts
 * of the claims that start there.
 *
 * A resource's range is taken a few weeks at a time: that chunk's periods
 * in an array of fixed size, its open time from berth_open_each (hours,
 * holidays, time off), its claims from byres seeking to the first that
 * can overlap it (reach.c, as list does), never from the resource's
 * first claim. So memory is the same for a week or ten years, and the
 * cost is the periods shown and the claims in them. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "service.h"
#include "usage.h"

#define CHUNK_DAYS 28
#define DAY	   86400

typedef struct {
	btime start, end;
	int64_t open, booked, held;
	int64_t count[BERTH_USAGE_COUNTERS];
} period;

enum { OPEN, BOOKED, HELD };

struct walk {
	berth_txn *t;
	const berth_usage_req *req;
	berth_usage_cb cb;
	void *arg;
	const berth_resource *r;
	int64_t cap;
	int per_day; /* periods a day: 24 (hour) or 1 */
	period *p;   /* the chunk's periods, in time order */
	size_t np;
	int64_t day0;	/* the chunk's first day, days since 1970 */
	period week[7]; /* by weekday, over the whole range */
	int seen[7];
	int stop;
};

static int weekday_of(int64_t days)
{
	int64_t w = (days % 7 + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
	return (int)w;
}

/* The first period that ends after t (np when none). */
static size_t first_after(const struct walk *w, btime t)
{
	size_t lo = 0, hi = w->np;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->p[mid].end <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds [s, e) times units to the periods it overlaps. */
static void spread(struct walk *w, btime s, btime e, int64_t units, int what)
{
	for (size_t i = first_after(w, s); i < w->np && w->p[i].start < e;
	     i++) {
		period *p = &w->p[i];
		btime a = s > p->start ? s : p->start;
		btime z = e < p->end ? e : p->end;
		int64_t v = z > a ? (z - a) * units : 0;
		if (what == OPEN)
			p->open += v;
		else if (what == BOOKED)
			p->booked += v;
		else
			p->held += v;
	}
}

static int opened(btime s, btime e, void *arg)
{
	struct walk *w = arg;

	spread(w, s, e, w->cap, OPEN);
	return 0;
}

static void count(struct walk *w, const berth_claim *c, btime from, btime to)
{
	size_t i;

	if (c->start < from || c->start >= to)
		return; /* counted in the chunk where it starts */
	if ((i = first_after(w, c->start)) >= w->np)
		return;
	for (size_t j = 0; j < usage_ncounters; j++)
		if (usage_counters[j].counts(c))
			w->p[i].count[j] += usage_counters[j].amount
						? usage_counters[j].amount(c)
						: 1;
}

/* The resource's claims that overlap [from, to), in start order from the
 * first that can: its longest claim's length before from. */
static berth_status claims(struct walk *w, btime from, btime to)
{
	berth_txn *t = w->t;
	uint32_t rid = w->r->rid;
	berth_status st = BERTH_OK;
	int64_t reach;
	store_cursor *c;
	keybuf k;
	sval kv, v;

	if ((st = reach_of(t, rid, &reach)))
		return st;
	byres_key(&k, rid, from > INT64_MIN + reach ? from - reach : INT64_MIN,
		  CLAIM_HOLD, 0);
	c = store_cursor_open(t->st, T_BYRES);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v);
	     ok && key_of_rid(kv, rid); ok = store_next(c, &kv, &v)) {
		store_table tb;
		byres_entry be;
		berth_claim *cl;
		keybuf id;
		sval idk;
		if (entry_read(t, T_BYRES, kv, v, &be)) {
			st = txn_status(t);
			break;
		}
		if (be.start >= to)
			break;
		tb = be.kind == CLAIM_HOLD ? T_HOLD : T_BOOKING;
		id_key(&id, be.id);
		idk.data = id.b;
		idk.len = id.len;
		arena_reset(t->a);
		if (!store_get(t->st, tb, id.b, id.len, &v)) {
			st = store_failed(t->st)
				 ? BERTH_INTERNAL
				 : schema_corrupt(t, T_BYRES, kv,
						  "its claim is not there");
			break;
		}
		if ((st = claim_decode(t, tb, idk, v, &cl)))
			break;
		claim_effective(cl, t->now);
		if (claim_counts(cl))
			spread(w, cl->start, cl->end, cl->quantity,
			       cl->kind == CLAIM_HOLD ? HELD : BOOKED);
		count(w, cl, from, to);
	}
	store_cursor_close(c);
	return st ? st : txn_status(t);
}

static void row_of(const struct walk *w, const period *p, berth_usage_row *row)
{
	memset(row, 0, sizeof *row);
	row->resource = w->r->name;
	row->zone = w->r->tz;
	row->by = w->req->by;
	row->start = p->start;
	row->end = p->end;
	row->capacity = w->cap;
	row->open = p->open;
	row->booked = p->booked;
	row->held = p->held;
	memcpy(row->count, p->count, sizeof row->count);
}

/* One chunk of days [d0, d1]: its periods filled, then given out (day,
 * hour) or added to their weekdays. */
static berth_status chunk(struct walk *w, int64_t d0, int64_t d1)
{
	int step = DAY / w->per_day;
	berth_status st;

	w->np = (size_t)(d1 - d0 + 1) * (size_t)w->per_day;
	w->day0 = d0;
	memset(w->p, 0, w->np * sizeof *w->p);
	for (int64_t d = d0; d <= d1; d++) {
		period *p = &w->p[(size_t)(d - d0) * (size_t)w->per_day];
		btime s = cal_wall(d * DAY, w->r->tz);
		btime e = cal_wall((d + 1) * DAY, w->r->tz);
		/* A day of 24 hours has its hours an hour apart; only a day
		 * the clocks change asks the zone for each. A local hour
		 * they skip is empty; one they repeat is two hours long
		 * (cal_wall: its first instant). */
		for (int i = 0; i < w->per_day; i++) {
			p[i].start = i ? p[i - 1].end : s;
			p[i].end =
			    i == w->per_day - 1 ? e
			    : e - s == DAY
				? s + (int64_t)(i + 1) * step
				: cal_wall(d * DAY + (int64_t)(i + 1) * step,
					   w->r->tz);
			if (p[i].end < p[i].start)
				p[i].end = p[i].start;
		}
	}
	if ((st = berth_open_each(w->t, w->r->name, w->p[0].start,
				  w->p[w->np - 1].end, opened, w)) ||
	    (st = claims(w, w->p[0].start, w->p[w->np - 1].end)))
		return st;
	for (size_t i = 0; i < w->np && !w->stop; i++) {
		int64_t day = d0 + (int64_t)i / w->per_day;
		int wd = weekday_of(day);
		berth_usage_row row;
		if (w->req->by == USAGE_WEEKDAY) {
			period *k = &w->week[wd];
			k->open += w->p[i].open;
			k->booked += w->p[i].booked;
			k->held += w->p[i].held;
			for (size_t j = 0; j < usage_ncounters; j++)
				k->count[j] += w->p[i].count[j];
			w->seen[wd] = 1;
			continue;
		}
		row_of(w, &w->p[i], &row);
		row.date = cal_ymd(day);
		row.hour = w->per_day == 24 ? (int)(i % 24) : 0;
		row.weekday = wd;
		w->stop = w->cb(&row, w->arg);
	}
	return BERTH_OK;
}

/* The dates a resource's report covers, in its zone. */
static berth_status range_of(berth_txn *t, const berth_usage_req *req,
			     const char *zone, int64_t *first, int64_t *last)
{
	berth_status st;
	btime x;

	*last = cal_days(cal_local_date(t->now, zone));
	if (req->has_to) {
		if ((st = clock_resolve_at(&req->to, zone, t->now, &x)))
			return st;
		*last = cal_days(cal_local_date(x, zone));
	}
	*first = *last - 6;
	if (req->has_from) {
		if ((st = clock_resolve_at(&req->from, zone, t->now, &x)))
			return st;
		*first = cal_days(cal_local_date(x, zone));
		if (!req->has_to)
			*last = *first + 6;
	}
	if (*last < *first)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT, "--to is before --from"),
		    "--to", NULL);
	if (*last - *first >= BERTH_USAGE_SPAN_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a report covers at most %d days",
			       BERTH_USAGE_SPAN_MAX),
		    "--to", NULL);
	return BERTH_OK;
}

static berth_status one_resource(struct walk *w, const char *name)
{
	berth_txn *t = w->t;
	arena *keep = t->a;
	berth_resource *r;
	berth_status st;
	int64_t first, last;

	if ((st = res_by_name(t, name, &r)) ||
	    (st = range_of(t, w->req, r->tz, &first, &last)))
		return st;
	w->r = r;
	w->cap = r->seats ? r->seats : r->capacity;
	memset(w->week, 0, sizeof w->week);
	memset(w->seen, 0, sizeof w->seen);
	/* Claims and time off decode into scratch emptied as it goes. */
	if (!(t->a = arena_new())) {
		t->a = keep;
		return oom();
	}
	for (int64_t d0 = first; d0 <= last && !w->stop && !st;
	     d0 += CHUNK_DAYS) {
		st = chunk(w, d0,
			   d0 + CHUNK_DAYS - 1 < last ? d0 + CHUNK_DAYS - 1
						      : last);
		arena_reset(t->a);
	}
	arena_free(t->a);
	t->a = keep;
	for (int wd = 0; wd < 7 && !st && !w->stop; wd++) {
		berth_usage_row row;
		if (w->req->by != USAGE_WEEKDAY || !w->seen[wd])
			continue;
		row_of(w, &w->week[wd], &row);
		row.weekday = wd;
		row.start = cal_wall(first * DAY, r->tz);
		row.end = cal_wall((last + 1) * DAY, r->tz);
		w->stop = w->cb(&row, w->arg);
	}
	return st;
}

struct names {
	berth_txn *t;
	const char **v;
	size_t n, cap;
};

static int named(const struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], name) == 0)
			return 1;
	return 0;
}

static int add_name(struct names *ns, const char *name)
{
	const char **grown;

	if (named(ns, name))
		return 0;
	if (!(grown = arena_grow(ns->t->a, ns->v, ns->n, ns->n + 1, &ns->cap,
				 sizeof *grown)) ||
	    !(grown[ns->n] = arena_strdup(ns->t->a, name)))
		return -1;
	ns->v = grown;
	ns->n++;
	return 0;
}

static int every(const berth_resource *r, void *arg)
{
	return add_name(arg, r->name);
}

/* The resources named, then the service's; with neither, every one. */
static berth_status resources_of(berth_txn *t, const berth_usage_req *req,
				 struct names *ns)
{
	berth_resource *r;
	berth_service *s;
	berth_status st;

	ns->t = t;
	for (size_t i = 0; i < req->nresources; i++) {
		if ((st = res_by_name(t, req->resources[i], &r)))
			return st;
		if (add_name(ns, r->name))
			return oom();
	}
	if (req->service) {
		if ((st = svc_by_name(t, req->service, &s)))
			return st;
		if (!s->nres)
			return berth_resource_each(t, every, ns);
		for (uint32_t i = 0; i < s->nres; i++) {
			/* A resource removed since is no longer reported. */
			if (res_by_name(t, s->resources[i], &r)) {
				berth_clear();
				continue;
			}
			if (add_name(ns, r->name))
				return oom();
		}
	}
	if (!req->nresources && !req->service &&
	    (st = berth_resource_each(t, every, ns)))
		return st;
	return txn_status(t);
}

berth_status berth_usage(berth_txn *t, const berth_usage_req *req,
			 berth_usage_cb cb, void *arg)
{
	struct walk w = {.t = t, .req = req, .cb = cb, .arg = arg};
	struct names ns = {0};
	berth_status st;

	w.per_day = req->by == USAGE_HOUR ? 24 : 1;
	if ((st = resources_of(t, req, &ns)))
		return st;
	if (!(w.p = calloc((size_t)CHUNK_DAYS * 24, sizeof *w.p)))
		return oom();
	for (size_t i = 0; i < ns.n && !st && !w.stop; i++)
		st = one_resource(&w, ns.v[i]);
	free(w.p);
	return st ? st : txn_status(t);
}
