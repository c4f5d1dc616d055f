/* calendar-holiday.c - holidays: one date or a range of them, once or
 * every year, for every resource with opening hours or for the ones
 * named. Each is a record by id (d1, d2, ...; ids from their counter, so
 * a removed one never gives its id back) and one entry a day in the day
 * index, which is what a claim reads. Removing a holiday leaves every
 * claim as it is. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

void holiday_entity(uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "d%llu", (unsigned long long)id);
}

berth_status berth_holiday_add(berth_txn *t, berth_holiday *h)
{
	char entity[24];
	berth_status st;

	if ((st = role_may_change(t, ENT_HOLIDAY, "holiday.created")))
		return st;
	if (h->to < h->from)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "the holiday ends before it starts"),
		    "to", NULL);
	if (cal_days(h->to) - cal_days(h->from) >= CAL_SPAN_MAX)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a holiday is at most %d days long",
			       CAL_SPAN_MAX),
		    "to", NULL);
	if (h->name && (st = berth_check_text("name", h->name)))
		return st;
	for (uint32_t i = 0; i < h->nres; i++) {
		berth_resource *r;
		if ((st = res_by_name(t, h->resources[i], &r)))
			return st;
		h->resources[i] = r->name;
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(h->resources[j], r->name) == 0)
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "resource %s named twice",
						  r->name);
	}
	if (!(h->id = next_id(t, ID_HOLIDAY)))
		return txn_status(t);
	entry_put_new(t, T_HOLIDAY, &(holiday_entry){*h});
	holiday_index(t, h, 1);
	holiday_entity(h->id, entity, sizeof entity);
	audit_append(t, "holiday.created", entity, ENT_HOLIDAY, NULL, h, NULL,
		     NULL);
	return txn_status(t);
}

berth_status berth_holiday_rm(berth_txn *t, const char *id,
			      berth_holiday **out)
{
	holiday_entry *e;
	berth_status st;
	char entity[24];
	uint64_t n;
	int rc;

	if ((st = role_may_change(t, ENT_HOLIDAY, "holiday.removed")))
		return st;
	if ((st = cal_id_parse('d', "holiday", id, &n)))
		return st;
	if (!(e = arena_alloc(t->a, sizeof *e)))
		return oom();
	memset(e, 0, sizeof *e);
	e->h.id = n;
	if ((rc = entry_get(t, T_HOLIDAY, e)) < 0)
		return txn_status(t);
	if (!rc)
		return berth_detail_option(
		    berth_fail(BERTH_NOT_FOUND, "no holiday %s", id), "id",
		    id);
	entry_del(t, T_HOLIDAY, e);
	holiday_index(t, &e->h, 0);
	holiday_entity(n, entity, sizeof entity);
	audit_append(t, "holiday.removed", entity, ENT_HOLIDAY, &e->h, NULL,
		     NULL, NULL);
	*out = &e->h;
	return txn_status(t);
}

/* Whether a holiday falls on a day from `from` to `to` (0: open ends); a
 * yearly one in any year. */
static int falls_within(const berth_holiday *h, int32_t from, int32_t to)
{
	int64_t lo = from ? cal_days(from) : INT64_MIN;
	int64_t hi = to ? cal_days(to) : INT64_MAX;
	int64_t len = cal_days(h->to) - cal_days(h->from);

	if (!h->recurring)
		return cal_days(h->from) <= hi && cal_days(h->to) >= lo;
	if (!from || !to || to / 10000 - from / 10000 > 2)
		return 1;
	for (int y = from / 10000 - 1; y <= to / 10000; y++) {
		int64_t s = cal_days(y * 10000 + h->from % 10000);
		if (s <= hi && s + len >= lo)
			return 1;
	}
	return 0;
}

berth_status berth_holiday_each(berth_txn *t, int32_t from, int32_t to,
				berth_holiday_cb cb, void *arg)
{
	store_cursor *c = store_cursor_open(t->st, T_HOLIDAY);
	sval kv, v;

	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		holiday_entry e;
		if (entry_read(t, T_HOLIDAY, kv, v, &e))
			break;
		if (falls_within(&e.h, from, to) && cb(&e.h, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}
