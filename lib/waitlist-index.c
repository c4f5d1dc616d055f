/* waitlist-index.c - the index entries a waitlist entry implies while it
 * waits: one in waitday for each resource it may be offered on and each
 * of its days that falls on one of its weekdays, and one in waitdue at
 * the end of its last day. Written and removed by waitlist_write, held
 * against the records by check and rebuilt by repair, all from here. An
 * entry waits at most BERTH_WAIT_DAYS_MAX days on at most
 * BERTH_SERVICE_RESOURCES resources, which bounds its entries. */
#include "calendar.h"

void waitlist_index_each(const berth_waitlist *e,
			 void (*fn)(store_table tb, const void *entry,
				    void *arg),
			 void *arg)
{
	int64_t first = cal_days(e->from), last = cal_days(e->to);

	if (e->status != WAIT_WAITING)
		return;
	for (int64_t d = first; d <= last; d++) {
		int32_t ymd = cal_ymd(d);
		if (!(e->days & (1u << berth_weekday_of(ymd))))
			continue;
		for (uint32_t i = 0; i < e->nrids; i++) {
			waitday_entry w = {.rid = e->rids[i],
					   .day = ymd,
					   .priority = e->priority,
					   .id = e->id};
			fn(T_WAITDAY, &w, arg);
		}
	}
	fn(T_WAITDUE, &(waitdue_entry){.until = e->until, .id = e->id}, arg);
}

static void put(store_table tb, const void *entry, void *arg)
{
	entry_put(arg, tb, entry);
}

static void del(store_table tb, const void *entry, void *arg)
{
	entry_del(arg, tb, entry);
}

void waitlist_index(berth_txn *t, const berth_waitlist *e, int add)
{
	waitlist_index_each(e, add ? put : del, t);
}
