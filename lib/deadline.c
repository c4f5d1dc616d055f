/* deadline.c - how late before its start a booking may still be
 * cancelled: the cancel_deadline policy (0, off, by default), the
 * largest of the store's and the resource's. A cancel is refused when
 * start - now < deadline, so a cancel exactly at the deadline is in time,
 * as a start exactly at the minimum notice is (notice.c). A booking that
 * has started is inside any deadline. */
#include "internal.h"

berth_status deadline_cancel(berth_txn *t, const berth_claim *c)
{
	char id[24], dur[32], when[CLOCK_TIME_MAX];
	policy_value v;

	policy_in_force(t, c->rid, "cancel_deadline", &v);
	if (v.value <= 0 || c->start - t->now >= v.value)
		return txn_status(t);
	berth_id_format(c->kind, c->id, id, sizeof id);
	clock_format_duration(v.value, dur, sizeof dur);
	clock_format(c->start - v.value, c->zone, when, sizeof when);
	berth_fail(BERTH_CANCEL_DEADLINE,
		   "%s can no longer be cancelled: its cancel deadline, %s "
		   "before the start, was %s",
		   id, dur, when);
	berth_detail_str("id", id);
	berth_detail_str("policy", "cancel_deadline");
	berth_detail_str("value", dur);
	berth_detail_str("scope", v.rid ? c->resource : "store");
	berth_detail_str("deadline", when);
	return BERTH_CANCEL_DEADLINE;
}
