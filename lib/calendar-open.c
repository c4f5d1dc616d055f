/* calendar-open.c - a resource's open time within a window, in order:
 * each local day's ranges (hours, a dated exception, a holiday) turned
 * into instants, with time off taken out; ranges that touch are given
 * apart (each its own grid in slots). What `slots` will build its windows
 * on; calendar-admit.c decides a claim by the same days. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

typedef struct {
	btime s, e;
} span;

typedef struct {
	berth_open_cb cb;
	void *arg;
	span pending; /* joined so far, not yet yielded */
	int have, stop;
	span *off; /* time off overlapping the window, by start */
	size_t noff;
} opener;

/* The resource's time off that overlaps [from, to), by start. */
static int by_start(const void *a, const void *b)
{
	const span *x = a, *y = b;

	return (x->s > y->s) - (x->s < y->s);
}

static berth_status time_off(berth_txn *t, uint32_t rid, btime from,
			     btime to, opener *o)
{
	store_cursor *c = store_cursor_open(t->st, T_TIMEOFF_BY);
	size_t cap = 0;
	keybuf k;
	sval kv, v;

	timeoff_by_key(&k, rid, from + 1, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		timeoff_by_entry e;
		if (!key_of_rid(kv, rid) || entry_read(t, T_TIMEOFF_BY, kv, v, &e))
			break;
		if (e.from >= to)
			continue;
		span *grown = arena_grow(t->a, o->off, o->noff, o->noff + 1,
					 &cap, sizeof *grown);
		if (!grown)
			break; /* the arena is marked failed */
		o->off = grown;
		o->off[o->noff++] = (span){e.from, e.to};
	}
	store_cursor_close(c);
	if (o->noff > 1)
		qsort(o->off, o->noff, sizeof *o->off, by_start);
	return txn_status(t);
}

/* Yields [s, e) less the time off, piece by piece. */
static void yield(opener *o, btime s, btime e)
{
	for (size_t i = 0; i < o->noff && s < e && !o->stop; i++) {
		if (o->off[i].e <= s || o->off[i].s >= e)
			continue;
		if (o->off[i].s > s)
			o->stop = o->cb(s, o->off[i].s, o->arg);
		if (o->off[i].e > s)
			s = o->off[i].e;
	}
	if (s < e && !o->stop)
		o->stop = o->cb(s, e, o->arg);
}

static void add(opener *o, btime s, btime e)
{
	/* Only ranges that overlap are one: one that begins where another
	 * ends (24:00 meeting 00:00) is its own, since each range starts its
	 * own grid (slots); a window may still run on across them. */
	if (o->have && s < o->pending.e) {
		if (e > o->pending.e)
			o->pending.e = e;
		return;
	}
	if (o->have)
		yield(o, o->pending.s, o->pending.e);
	o->pending = (span){s, e};
	o->have = 1;
}

berth_status berth_open_each(berth_txn *t, const char *resource, btime from,
			     btime to, berth_open_cb cb, void *arg)
{
	opener o = {.cb = cb, .arg = arg};
	berth_resource *r;
	berth_status st;
	int64_t last;
	cal_res cr;

	if ((st = res_by_name(t, resource, &r)))
		return st;
	if (to <= from)
		return BERTH_OK;
	if ((st = cal_res_load(t, r, &cr)) ||
	    (st = time_off(t, r->rid, from, to, &o)))
		return st;
	last = cal_days(cal_local_date(to - 1, r->tz));
	for (int64_t day = cal_days(cal_local_date(from, r->tz));
	     day <= last && !o.stop; day++) {
		int32_t ymd = cal_ymd(day);
		btime span_of[BERTH_DAY_RANGES][2];
		cal_day d;
		int n;
		if ((st = cal_day_of(t, &cr, ymd, &d)))
			return st;
		n = cal_day_instants(&d, ymd, cr.zone, span_of);
		for (int i = 0; i < n; i++) {
			btime s = span_of[i][0] < from ? from : span_of[i][0];
			btime e = span_of[i][1] > to ? to : span_of[i][1];
			if (s < e)
				add(&o, s, e);
		}
	}
	if (o.have && !o.stop)
		yield(&o, o.pending.s, o.pending.e);
	return txn_status(t);
}
