/* calendar-day.c - what one local day of a resource is, most specific
 * first (DECISIONS.md): a dated exception sets the day's hours, even on a
 * holiday; a holiday closes it; the week's hours apply; a resource without
 * a week is open all day. (Time off, which closes whatever the day says,
 * is an instant range: calendar-admit.c and calendar-open.c take it off.)
 * Each answer is a point get or a seek: the exception by (resource, date),
 * the holidays by the date and by its month and day. */
#include <string.h>

#include "calendar.h"
#include "tz-zone.h"

berth_status cal_res_load(berth_txn *t, const berth_resource *r,
			  cal_res *out)
{
	hours_entry e = {.rid = r->rid};
	int rc;

	memset(out, 0, sizeof *out);
	/* The calendar is read in the resource's zone: one that cannot be
	 * loaded here (tzdata missing, or the zone gone from it) must not
	 * quietly become UTC, which would open and close the wrong hours. */
	if (!tz_zone_get(r->tz))
		return berth_fail(BERTH_IO,
				  "the time zone %s of %s cannot be read from "
				  "the system's zone database (is tzdata "
				  "installed?)",
				  r->tz, r->name);
	out->rid = r->rid;
	out->name = r->name;
	out->zone = r->tz;
	if ((rc = entry_get(t, T_HOURS, &e)) < 0)
		return txn_status(t);
	if (rc == 1) {
		out->has_week = 1;
		out->week = e.h;
	}
	return BERTH_OK;
}

static int names(const berth_holiday *h, const char *name)
{
	for (uint32_t i = 0; i < h->nres; i++)
		if (strcmp(h->resources[i], name) == 0)
			return 1;
	return 0;
}

/* The first holiday indexed under `day` that closes the resource: 1 with
 * *out, 0 none, -1 damage (the transaction failed). */
static int holiday_on(berth_txn *t, const cal_res *cr, uint32_t day,
		      berth_holiday **out)
{
	store_cursor *c = store_cursor_open(t->st, T_HOLIDAY_DAY);
	keybuf k;
	sval kv, v;
	int found = 0;

	holiday_day_key(&k, day, 0);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok && !found;
	     ok = store_next(c, &kv, &v)) {
		holiday_day_entry d;
		holiday_entry *h;
		int rc;
		if (entry_read(t, T_HOLIDAY_DAY, kv, v, &d)) {
			found = -1;
			break;
		}
		if (d.day != day)
			break;
		if (!(h = arena_alloc(t->a, sizeof *h))) {
			arena_set_failed(t->a);
			found = -1;
			break;
		}
		h->h.id = d.id;
		if ((rc = entry_get(t, T_HOLIDAY, h)) != 1) {
			if (rc == 0)
				schema_corrupt(t, T_HOLIDAY_DAY, kv,
					       "its holiday is not there");
			found = -1;
			break;
		}
		if (h->h.nres ? names(&h->h, cr->name) : cr->has_week) {
			*out = &h->h;
			found = 1;
		}
	}
	store_cursor_close(c);
	return found;
}

berth_status cal_day_of(berth_txn *t, const cal_res *cr, int32_t ymd,
			cal_day *out)
{
	hours_entry e = {.rid = cr->rid};
	int rc;

	memset(out, 0, sizeof *out);
	e.h.date = ymd;
	if ((rc = entry_get(t, T_HOURS, &e)) < 0)
		return txn_status(t);
	if (rc == 1) {
		out->kind = DAY_EXCEPTION;
		out->hours = e.h.day[0];
		return BERTH_OK;
	}
	if ((rc = holiday_on(t, cr, (uint32_t)ymd, &out->holiday)) == 0)
		rc = holiday_on(t, cr, (uint32_t)(ymd % 10000), &out->holiday);
	if (rc < 0)
		return txn_status(t);
	if (rc == 1) {
		out->kind = DAY_HOLIDAY;
		return BERTH_OK;
	}
	if (cr->has_week) {
		out->kind = DAY_WEEK;
		out->hours = cr->week.day[berth_weekday_of(ymd)];
	} else {
		out->kind = DAY_ALWAYS;
		out->hours.n = 1;
		out->hours.r[0] = (berth_range){0, 1440};
	}
	return BERTH_OK;
}

int cal_day_instants(const cal_day *d, int32_t ymd, const char *zone,
		     btime (*out)[2])
{
	int64_t midnight = cal_days(ymd) * 86400;

	for (int i = 0; i < d->hours.n; i++) {
		out[i][0] = cal_wall(midnight + d->hours.r[i].start * 60, zone);
		out[i][1] = cal_wall(midnight + d->hours.r[i].end * 60, zone);
	}
	return d->hours.n;
}
