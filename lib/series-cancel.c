/* series-cancel.c - cancel --series: the rest of a series ended in one
 * transaction. Each occurrence from --from on (from now, without it) that
 * is still pending or confirmed is cancelled by berth_cancel, with every
 * rule a single cancel has: the role, the cancel_deadline of its resource
 * (an admin's --force with --reason goes past it, audited per
 * occurrence), one audit record and event each. One refusal refuses them
 * all, so a series is never half ended; the message names the occurrence
 * so that a later --from can leave it be. Occurrences already started,
 * cancelled, expired or marked are left as they are. */
#include <string.h>

#include "internal.h"

typedef struct {
	const berth_series_cancel_req *req;
	btime from;
	berth_series *out;
	berth_status st;
	int seen; /* entries of the series met, any kind */
} walk;

static int cancel_one(berth_txn *t, const series_entry *e, void *arg)
{
	walk *w = arg;
	berth_cancel_req cr = {.reason = w->req->reason,
			       .force = w->req->force};
	berth_claim *c, **v;
	char id[24];
	int replayed;

	w->seen++;
	if (e->kind != CLAIM_BOOKING || e->start < w->from)
		return 0;
	if ((w->st = claim_load(t, e->kind, e->id, &c)))
		return 1;
	claim_effective(c, t->now);
	if (c->status != BOOKING_PENDING && c->status != BOOKING_CONFIRMED)
		return 0;
	berth_id_format(CLAIM_BOOKING, e->id, id, sizeof id);
	cr.id = id;
	if ((w->st = berth_cancel(t, &cr, &c, &replayed))) {
		berth_detail_str("occurrence", id);
		return 1;
	}
	if (!(v = arena_alloc(t->a, (w->out->n + 1) * sizeof *v))) {
		w->st = oom();
		return 1;
	}
	if (w->out->n)
		memcpy(v, w->out->claims, w->out->n * sizeof *v);
	v[w->out->n++] = c;
	w->out->claims = v;
	return 0;
}

berth_status berth_series_cancel(berth_txn *t,
				 const berth_series_cancel_req *req,
				 berth_series *out)
{
	walk w = {.req = req, .out = out, .from = t->now};
	char sid[24];
	berth_status st;

	memset(out, 0, sizeof *out);
	out->id = req->series;
	if (req->has_from &&
	    (st = clock_resolve_at(&req->from, t->zone, t->now, &w.from)))
		return st;
	if ((st = series_each(t, req->series, cancel_one, &w)))
		return st;
	if (w.st)
		return w.st;
	berth_series_format(req->series, sid, sizeof sid);
	if (!w.seen) {
		berth_fail(BERTH_NOT_FOUND, "no series %s", sid);
		berth_detail_str("id", sid);
		return BERTH_NOT_FOUND;
	}
	if (!out->n) {
		berth_fail(BERTH_INVALID_STATE,
			   "series %s has no pending or confirmed booking "
			   "left to cancel from then on",
			   sid);
		berth_detail_str("id", sid);
		return BERTH_INVALID_STATE;
	}
	return txn_status(t);
}
