/* notice.c - how soon and how far ahead a claim may start: the min_notice
 * and horizon policies, checked when a claim is made (lock, book, and the
 * claims to come: reschedule, a waitlist offer), never by confirm, which
 * only needs its hold live. Both are measured on the start, against the
 * transaction's now, and a start exactly at now + min_notice or at
 * now + horizon is allowed. A value of 0 is off. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The details both refusals share: what was asked, and the policy in
 * force with the scope it comes from, as `policy list` names them. */
static void details(const berth_resource *r, btime start, const char *key,
		    const policy_value *v, const char *dur)
{
	char when[CLOCK_TIME_MAX];

	berth_detail_str("resource", r->name);
	clock_format(start, r->tz, when, sizeof when);
	berth_detail_str("start", when);
	berth_detail_str("policy", key);
	berth_detail_str("value", dur);
	policy_detail_scope(v, r->name);
}

/* Who asks for the notice or horizon: the resource, or the service
 * whose own value is in force. */
static const char *subject(const berth_resource *r, const policy_value *v,
			   char *buf, size_t size)
{
	if (!v->service)
		return r->name;
	snprintf(buf, size, "service %.*s", BERTH_NAME_MAX, v->service);
	return buf;
}

/* A bound printed for people and scripts; an instant past what a time
 * can print (a long notice near the year 9999) is none: "" and null. */
static void bound(const char *key, btime at, const char *zone, char *buf,
		  size_t size)
{
	if (clock_format(at, zone, buf, size))
		berth_detail_str(key, buf);
	else
		berth_detail_null(key);
}

static berth_status too_soon(berth_txn *t, const berth_resource *r, btime start,
			     const policy_value *v)
{
	char dur[32], when[CLOCK_TIME_MAX], whom[BERTH_NAME_MAX + 16];
	btime earliest = t->now + v->value;

	clock_format_duration(v->value, dur, sizeof dur);
	if (!clock_format(earliest, r->tz, when, sizeof when))
		berth_fail(BERTH_MIN_NOTICE,
			   "%s needs %s notice; no start is that far ahead",
			   subject(r, v, whom, sizeof whom), dur);
	else
		berth_fail(BERTH_MIN_NOTICE,
			   "%s needs %s notice; the earliest start is %s",
			   subject(r, v, whom, sizeof whom), dur, when);
	details(r, start, "min_notice", v, dur);
	bound("earliest_start", earliest, r->tz, when, sizeof when);
	return BERTH_MIN_NOTICE;
}

static berth_status too_far(berth_txn *t, const berth_resource *r, btime start,
			    const policy_value *v)
{
	char dur[32], when[CLOCK_TIME_MAX], whom[BERTH_NAME_MAX + 16];
	btime latest = t->now + v->value;

	clock_format_duration(v->value, dur, sizeof dur);
	clock_format(latest, r->tz, when, sizeof when);
	berth_fail(BERTH_BEYOND_HORIZON,
		   "%s takes claims up to %s ahead; the latest start is %s",
		   subject(r, v, whom, sizeof whom), dur, when);
	details(r, start, "horizon", v, dur);
	bound("latest_start", latest, r->tz, when, sizeof when);
	return BERTH_BEYOND_HORIZON;
}

berth_status notice_admit(berth_txn *t, const berth_resource *r,
			  const char *service, btime start)
{
	policy_value v;

	policy_in_force_svc(t, r->rid, service, "min_notice", &v);
	if (v.value > 0 && start < t->now + v.value)
		return too_soon(t, r, start, &v);
	policy_in_force_svc(t, r->rid, service, "horizon", &v);
	if (v.value > 0 && start > t->now + v.value)
		return too_far(t, r, start, &v);
	return txn_status(t);
}

void notice_window(berth_txn *t, uint32_t rid, const char *service,
		   btime *earliest, btime *latest)
{
	policy_value v;

	policy_in_force_svc(t, rid, service, "min_notice", &v);
	*earliest = t->now + (v.value > 0 ? v.value : 0);
	policy_in_force_svc(t, rid, service, "horizon", &v);
	*latest = v.value > 0 ? t->now + v.value : BTIME_NEVER;
}
