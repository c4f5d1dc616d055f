/* deadline.c - how late before its start a booking may still be changed:
 * the cancel_deadline and reschedule_deadline policies (0, off, by
 * default), the largest of the store's and the resource's. A change is
 * refused when start - now < deadline, so one exactly at the deadline is
 * in time, as a start exactly at the minimum notice is (notice.c). A
 * booking that has started is inside any deadline. */
#include "internal.h"

static berth_status deadline(berth_txn *t, const berth_claim *c,
			     const char *key, berth_status refusal,
			     const char *done)
{
	char id[24], dur[32], when[CLOCK_TIME_MAX];
	policy_value v;

	policy_in_force_svc(t, c->rid, c->service, key, &v);
	if (v.value <= 0 || c->start - t->now >= v.value)
		return txn_status(t);
	berth_id_format(c->kind, c->id, id, sizeof id);
	clock_format_duration(v.value, dur, sizeof dur);
	clock_format(c->start - v.value, c->zone, when, sizeof when);
	berth_fail(refusal,
		   "%s can no longer be %s: its %s deadline, %s before the "
		   "start, was %s",
		   id, done,
		   refusal == BERTH_CANCEL_DEADLINE ? "cancel" : "reschedule",
		   dur, when);
	berth_detail_str("id", id);
	berth_detail_str("policy", key);
	berth_detail_str("value", dur);
	policy_detail_scope(&v, c->resource);
	berth_detail_str("deadline", when);
	return refusal;
}

berth_status deadline_cancel(berth_txn *t, const berth_claim *c)
{
	return deadline(t, c, "cancel_deadline", BERTH_CANCEL_DEADLINE,
			"cancelled");
}

berth_status deadline_reschedule(berth_txn *t, const berth_claim *c)
{
	return deadline(t, c, "reschedule_deadline", BERTH_RESCHEDULE_DEADLINE,
			"rescheduled");
}
