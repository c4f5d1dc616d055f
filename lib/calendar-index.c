/* calendar-index.c - the index entries a holiday and a time off imply:
 * what writes them, what checks them (check-calendar.c) and what rebuilds
 * them (repair.c) all take them from here. */
#include "calendar.h"

int holiday_days(const berth_holiday *h, uint32_t days[CAL_SPAN_MAX])
{
	int64_t first = cal_days(h->from), last = cal_days(h->to);
	int n = 0;

	for (int64_t d = first; d <= last && n < CAL_SPAN_MAX; d++) {
		int32_t ymd = cal_ymd(d);
		uint32_t key = h->recurring ? (uint32_t)(ymd % 10000)
					    : (uint32_t)ymd;
		/* A yearly range of a whole year meets its first month and
		 * day again only past CAL_SPAN_MAX; none is written twice. */
		days[n++] = key;
	}
	return n;
}

void holiday_index(berth_txn *t, const berth_holiday *h, int add)
{
	uint32_t days[CAL_SPAN_MAX];
	int n = holiday_days(h, days);

	for (int i = 0; i < n; i++) {
		holiday_day_entry e = {days[i], h->id};
		if (add)
			entry_put(t, T_HOLIDAY_DAY, &e);
		else
			entry_del(t, T_HOLIDAY_DAY, &e);
	}
}

void timeoff_index_of(const berth_timeoff *o, timeoff_by_entry *e)
{
	e->rid = o->rid;
	e->to = o->to;
	e->id = o->id;
	e->from = o->from;
}
