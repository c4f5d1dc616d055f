/* calendar-admit.c - whether a new claim lies wholly in its resource's
 * open time, decided in the claim's own write transaction (lock, book):
 * time off first (it closes whatever the day says), then each local day
 * the claim touches, in order, its open ranges covering the claim without
 * a gap (across midnight only where one day ends at 24:00 and the next
 * begins at 00:00). The cost is one seek for time off and, per local day,
 * a get and two seeks: never a scan of all holidays. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

static berth_status time_off(berth_txn *t, const cal_res *cr,
			     const berth_claim *c)
{
	store_cursor *cur = store_cursor_open(t->st, T_TIMEOFF_BY);
	timeoff_by_entry hit = {0};
	char from[CLOCK_TIME_MAX], to[CLOCK_TIME_MAX], id[24];
	timeoff_entry o;
	keybuf k;
	sval kv, v;
	int found = 0;

	/* Ordered by end: those ending after the claim starts, and of them
	 * the first that starts before it ends overlaps it. */
	timeoff_by_key(&k, cr->rid, c->start + 1, 0);
	for (int ok = store_seek(cur, k.b, k.len, &kv, &v); ok;
	     ok = store_next(cur, &kv, &v)) {
		timeoff_by_entry e;
		if (!key_of_rid(kv, cr->rid))
			break;
		if (entry_read(t, T_TIMEOFF_BY, kv, v, &e))
			break;
		if (e.from < c->end) {
			hit = e;
			found = 1;
			break;
		}
	}
	store_cursor_close(cur);
	if (!found)
		return txn_status(t);
	memset(&o, 0, sizeof o);
	o.o.id = hit.id;
	if (entry_get(t, T_TIMEOFF, &o) != 1) {
		if (!txn_status(t))
			entry_corrupt(t, T_TIMEOFF_BY, &hit,
				      "its time off is not there");
		return txn_status(t);
	}
	snprintf(id, sizeof id, "t%llu", (unsigned long long)hit.id);
	clock_format(o.o.from, cr->zone, from, sizeof from);
	clock_format(o.o.to, cr->zone, to, sizeof to);
	berth_fail(BERTH_TIME_OFF, "%s has time off %s%s%s%s from %s to %s",
		   cr->name, id, o.o.reason ? " (" : "",
		   o.o.reason ? o.o.reason : "", o.o.reason ? ")" : "", from,
		   to);
	berth_detail_str("resource", cr->name);
	berth_detail_str("timeoff", id);
	berth_detail_str("reason", o.o.reason);
	berth_detail_str("from", from);
	berth_detail_str("to", to);
	return BERTH_TIME_OFF;
}

static berth_status closed_holiday(const cal_res *cr, int32_t ymd,
				   const berth_holiday *h)
{
	char date[16], id[24];

	berth_date_format(ymd, date, sizeof date);
	snprintf(id, sizeof id, "d%llu", (unsigned long long)h->id);
	berth_fail(BERTH_HOLIDAY, "%s is closed on %s: holiday %s%s%s%s",
		   cr->name, date, id, h->name ? " (" : "",
		   h->name ? h->name : "", h->name ? ")" : "");
	berth_detail_str("resource", cr->name);
	berth_detail_str("date", date);
	berth_detail_str("holiday", id);
	berth_detail_str("name", h->name);
	return BERTH_HOLIDAY;
}

static berth_status closed_hours(const cal_res *cr, int32_t ymd,
				 const cal_day *d, btime at)
{
	char date[16], when[CLOCK_TIME_MAX], hours[160];

	berth_date_format(ymd, date, sizeof date);
	clock_format(at, cr->zone, when, sizeof when);
	berth_day_format(&d->hours, hours, sizeof hours);
	berth_fail(BERTH_OUTSIDE_HOURS,
		   "%s is closed at %s (%s %s%s: %s)", cr->name, when,
		   berth_weekday_name(berth_weekday_of(ymd)), date,
		   d->kind == DAY_EXCEPTION ? ", hours set for the date" : "",
		   hours);
	berth_detail_str("resource", cr->name);
	berth_detail_str("at", when);
	berth_detail_str("date", date);
	berth_detail_str("hours", hours);
	berth_detail_str("source",
			 d->kind == DAY_EXCEPTION ? "date" : "week");
	return BERTH_OUTSIDE_HOURS;
}

berth_status calendar_admit(berth_txn *t, const berth_resource *r,
			    const berth_claim *c)
{
	int32_t first = cal_local_date(c->start, r->tz);
	int32_t last = cal_local_date(c->end - 1, r->tz);
	btime at = c->start; /* open up to here */
	int through = 0;     /* ...or through the end of the day before */
	berth_status st;
	cal_res cr;

	if ((st = cal_res_load(t, r, &cr)) || (st = time_off(t, &cr, c)))
		return st;
	for (int64_t day = cal_days(first); day <= cal_days(last); day++) {
		int32_t ymd = cal_ymd(day);
		btime span[BERTH_DAY_RANGES][2];
		cal_day d;
		int n;
		if ((st = cal_day_of(t, &cr, ymd, &d)))
			return st;
		if (d.kind == DAY_HOLIDAY)
			return closed_holiday(&cr, ymd, d.holiday);
		/* A day open from 00:00 to 24:00 needs no instants: the
		 * common case (no hours at all) reads the zone no more. */
		if (d.hours.n == 1 && d.hours.r[0].start == 0 &&
		    d.hours.r[0].end == 1440) {
			through = 1;
			continue;
		}
		if (through)
			at = cal_wall(day * 86400, cr.zone);
		through = 0;
		n = cal_day_instants(&d, ymd, cr.zone, span);
		for (int i = 0; i < n && at < c->end; i++)
			if (span[i][0] <= at && at < span[i][1])
				at = span[i][1];
		if (at >= c->end)
			return BERTH_OK;
		/* Open up to here, which is not this day's end: closed at
		 * `at`, or the day runs on into the next only when its last
		 * range ends at 24:00 exactly there. */
		if (!n || d.hours.r[n - 1].end != 1440 || at != span[n - 1][1])
			return closed_hours(&cr, ymd, &d, at);
	}
	return BERTH_OK;
}
