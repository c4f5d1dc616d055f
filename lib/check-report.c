/* check-report.c - check --report: the claims that still count and have
 * not ended but no longer fit their resource's calendar (hours, a dated
 * exception, a holiday, time off changed since they were made). They are
 * not damage: schedule changes never move or cancel a booking (SPEC
 * invariant 6), so they are listed for a person to act on, each with the
 * refusal a new claim on the same window would get now. */
#include <string.h>

#include "calendar.h"
#include "misfit.h"

typedef struct {
	berth_txn *t;
	berth_report_cb cb;
	void *arg;
	berth_status st;
	int stop;
} reporter;

/* Whether st is one of the calendar's refusals. */
static int calendar_refusal(berth_status st)
{
	return st == BERTH_OUTSIDE_HOURS || st == BERTH_HOLIDAY ||
	       st == BERTH_TIME_OFF;
}

static int resource(const berth_resource *r, void *arg)
{
	reporter *rp = arg;
	berth_txn *t = rp->t;
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	span_entry e;
	keybuf k;
	sval kv, sv;

	rid_prefix(&k, r->rid);
	for (int ok = store_seek(c, k.b, k.len, &kv, &sv);
	     ok && key_of_rid(kv, r->rid) && !rp->stop;
	     ok = store_next(c, &kv, &sv)) {
		berth_claim *claim;
		berth_status why;
		berth_report_row row;
		if (entry_read(t, T_SPAN, kv, sv, &e))
			break;
		if (!misfit_counts(&e, t->now))
			continue;
		if ((rp->st = claim_load(t, e.kind, e.id, &claim)))
			break;
		why = calendar_admit(t, r, claim);
		if (!calendar_refusal(why)) {
			if (why) { /* damage, or memory: not a report */
				rp->st = why;
				break;
			}
			continue;
		}
		row = (berth_report_row){claim, berth_status_name(why),
					 berth_message()};
		rp->stop = rp->cb(&row, rp->arg);
		berth_clear();
	}
	store_cursor_close(c);
	if (!rp->st)
		rp->st = txn_status(t);
	return rp->st != BERTH_OK || rp->stop;
}

berth_status berth_check_report(berth_txn *t, berth_report_cb cb, void *arg)
{
	reporter rp = {.t = t, .cb = cb, .arg = arg};
	berth_status st = berth_resource_each(t, resource, &rp);

	return rp.st ? rp.st : st;
}

berth_status berth_check_report_of(berth_txn *t, const char *name,
				   berth_report_cb cb, void *arg)
{
	reporter rp = {.t = t, .cb = cb, .arg = arg};
	berth_resource *r;
	berth_status st;

	if ((st = res_by_name(t, name, &r)))
		return st;
	resource(r, &rp);
	return rp.st;
}
