/* schema-calendar.c - the calendar's tables: opening hours, holidays and
 * their day index, time off and its index by resource. The records (hours,
 * holiday, time off) are also what an audit record keeps as before and
 * after, byte for byte, so `check` can hold one against the other. */
#include <stdio.h>
#include <string.h>

#include "schema-codec.h"

#define CALENDAR_RECORD 1
#define HOLIDAY_NAMES_MAX 1024 /* resources one holiday names */

/* A yyyymmdd date that names a real day of years 0001..9999; with
 * `yearly`, a month and day (year 0) that some year has. */
static int date_ok(int32_t ymd, int yearly)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	if (ymd < 0 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (yearly)
		return y == 0;
	if (y < 1 || y > 9999)
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 || y % 400 == 0));
}

static void put_day(wbuf *w, const berth_day *d)
{
	wb_u8(w, (uint8_t)d->n);
	for (int i = 0; i < d->n; i++) {
		wb_uvar(w, (uint64_t)d->r[i].start);
		wb_uvar(w, (uint64_t)d->r[i].end);
	}
}

/* Ranges in order, each ending after it starts, none overlapping: what
 * `hours set` makes, so anything else is damage. */
static void get_day(rbuf *r, berth_day *d)
{
	d->n = rb_u8(r);
	if (!r->bad && d->n > BERTH_DAY_RANGES) {
		rb_bad(r, "%d ranges in a day, at most %d", d->n,
		       BERTH_DAY_RANGES);
		return;
	}
	for (int i = 0; i < d->n && !r->bad; i++) {
		uint64_t s = rb_uvar(r), e = rb_uvar(r);
		if (!r->bad && (s >= e || e > 1440 ||
				(i && (int)s < d->r[i - 1].end))) {
			rb_bad(r, "a range of hours out of order");
			return;
		}
		d->r[i].start = (int)s;
		d->r[i].end = (int)e;
	}
}

void schema_put_hours(wbuf *w, const berth_hours *h)
{
	wb_u8(w, CALENDAR_RECORD);
	wb_str(w, h->resource);
	wb_u8(w, (uint8_t)h->ndays);
	for (int i = 0; i < h->ndays; i++)
		put_day(w, &h->day[i]);
}

static void get_hours(rbuf *r, berth_hours *h)
{
	h->resource = rb_str(r);
	name_in_range(r, h->resource);
	h->ndays = rb_u8(r);
	if (!r->bad && h->ndays != 1 && h->ndays != 7)
		rb_bad(r, "hours of %d days", h->ndays);
	for (int i = 0; i < h->ndays && !r->bad; i++)
		get_day(r, &h->day[i]);
}

/* An audit record's copy: the version byte first, as in the table. */
void calendar_get_record(rbuf *r, entity_type type, void *out)
{
	unsigned version = rb_u8(r);

	if (!r->bad && version != CALENDAR_RECORD) {
		rb_bad(r, "record version %u is unknown", version);
		return;
	}
	memset(out, 0, type == ENT_HOURS     ? sizeof(berth_hours)
		       : type == ENT_HOLIDAY ? sizeof(berth_holiday)
					     : sizeof(berth_timeoff));
	if (type == ENT_HOURS) {
		get_hours(r, out);
	} else if (type == ENT_HOLIDAY) {
		get_holiday_fields(r, out);
	} else {
		get_timeoff_fields(r, out);
	}
}

void enc_hours(const void *ep, keybuf *k, wbuf *w)
{
	const hours_entry *e = ep;

	hours_key(k, e->rid, e->h.date);
	if (w)
		schema_put_hours(w, &e->h);
}

void dec_hours(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	hours_entry *e = ep;

	(void)version;
	memset(e, 0, sizeof *e);
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->h.date = (int32_t)rb_u32(k);
	if (!k->bad && e->h.date && !date_ok(e->h.date, 0))
		rb_bad(k, "date %d is not a day", e->h.date);
	get_hours(r, &e->h);
	if (!r->bad && e->h.ndays != (e->h.date ? 1 : 7))
		rb_bad(r, "hours of %d days for %s", e->h.ndays,
		       e->h.date ? "a date" : "the week");
}

void schema_put_holiday(wbuf *w, const berth_holiday *h)
{
	wb_u8(w, CALENDAR_RECORD);
	wb_u64(w, h->id);
	wb_u32(w, (uint32_t)h->from);
	wb_u32(w, (uint32_t)h->to);
	wb_u8(w, (uint8_t)!!h->recurring);
	wb_str(w, h->name);
	wb_u32(w, h->nres);
	for (uint32_t i = 0; i < h->nres; i++)
		wb_str(w, h->resources[i]);
}

void get_holiday_fields(rbuf *r, berth_holiday *h)
{
	uint8_t rec;

	h->id = rb_u64(r);
	id_in_range(r, h->id);
	h->from = (int32_t)rb_u32(r);
	h->to = (int32_t)rb_u32(r);
	rec = rb_u8(r);
	h->recurring = rec;
	if (!r->bad && (rec > 1 || !date_ok(h->from, 0) ||
			!date_ok(h->to, 0) || h->to < h->from ||
			h->to - h->from > 10000))
		rb_bad(r, "dates %d to %d are not a holiday's", h->from,
		       h->to);
	h->name = rb_str(r);
	h->nres = rb_u32(r);
	if (!r->bad && h->nres > HOLIDAY_NAMES_MAX)
		rb_bad(r, "%u resources named", h->nres);
	if (r->bad)
		return;
	if (h->nres &&
	    !(h->resources = arena_alloc(r->a, h->nres * sizeof *h->resources))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; i < h->nres && !r->bad; i++) {
		h->resources[i] = rb_str(r);
		name_in_range(r, h->resources[i]);
	}
}

void enc_holiday(const void *ep, keybuf *k, wbuf *w)
{
	const holiday_entry *e = ep;

	id_key(k, e->h.id);
	if (w)
		schema_put_holiday(w, &e->h);
}

void dec_holiday(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	holiday_entry *e = ep;
	uint64_t id = rb_u64(k);

	(void)version;
	memset(e, 0, sizeof *e);
	get_holiday_fields(r, &e->h);
	if (!r->bad && !k->bad && id != e->h.id)
		rb_bad(r, "the record is of d%llu", (unsigned long long)e->h.id);
}

void enc_holiday_day(const void *ep, keybuf *k, wbuf *w)
{
	const holiday_day_entry *e = ep;

	holiday_day_key(k, e->day, e->id);
	if (w)
		wb_u8(w, INDEX_RECORD);
}

void dec_holiday_day(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	holiday_day_entry *e = ep;

	(void)r;
	(void)version;
	e->day = rb_u32(k);
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	if (!k->bad && !date_ok((int32_t)e->day, e->day < 10000))
		rb_bad(k, "day %u is not a day", e->day);
}

void schema_put_timeoff(wbuf *w, const berth_timeoff *o)
{
	wb_u8(w, CALENDAR_RECORD);
	wb_u64(w, o->id);
	wb_u32(w, o->rid);
	wb_str(w, o->resource);
	wb_i64(w, o->from);
	wb_i64(w, o->to);
	wb_str(w, o->reason);
}

void get_timeoff_fields(rbuf *r, berth_timeoff *o)
{
	o->id = rb_u64(r);
	id_in_range(r, o->id);
	o->rid = rb_u32(r);
	rid_in_range(r, o->rid);
	o->resource = rb_str(r);
	name_in_range(r, o->resource);
	o->from = rb_i64(r);
	o->to = rb_i64(r);
	window_in_range(r, o->from, o->to);
	o->reason = rb_str(r);
}

void enc_timeoff(const void *ep, keybuf *k, wbuf *w)
{
	const timeoff_entry *e = ep;

	id_key(k, e->o.id);
	if (w)
		schema_put_timeoff(w, &e->o);
}

void dec_timeoff(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	timeoff_entry *e = ep;
	uint64_t id = rb_u64(k);

	(void)version;
	memset(e, 0, sizeof *e);
	get_timeoff_fields(r, &e->o);
	if (!r->bad && !k->bad && id != e->o.id)
		rb_bad(r, "the record is of t%llu", (unsigned long long)e->o.id);
}

void enc_timeoff_by(const void *ep, keybuf *k, wbuf *w)
{
	const timeoff_by_entry *e = ep;

	timeoff_by_key(k, e->rid, e->to, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->from);
}

void dec_timeoff_by(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	timeoff_by_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->to = rk_time(k);
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	e->from = rb_i64(r);
	if (!k->bad)
		window_in_range(r, e->from, e->to);
}
