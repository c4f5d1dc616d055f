/* attendance.c - checkin and noshow: who came. A confirmed booking that has
 * started is marked attended or no_show, once; the mark can be taken back
 * (--undo) on the local day it was made, for the wrong name ticked at the
 * desk, and not later, when reports have counted it. A marked booking
 * keeps occupying its window (claim_counts): its place was kept whether
 * or not anyone came, so capacity, check and the indexes see no change,
 * only the record, its version, its audit record and its events. A pending
 * booking is not marked: it is confirmed (or paid) first. */
#include "calendar.h"

static const char *action_of(const berth_attend_req *req)
{
	if (req->status == BOOKING_ATTENDED)
		return req->undo ? "booking.checkin_undone"
				 : "booking.checked_in";
	return req->undo ? "booking.noshow_undone" : "booking.marked_no_show";
}

static const char *mark_name(int status)
{
	return status == BOOKING_ATTENDED ? "attended" : "no_show";
}

/* Whether the booking may be marked now: confirmed, and started. */
static berth_status markable(berth_txn *t, const berth_claim *c, const char *id)
{
	char when[CLOCK_TIME_MAX];
	berth_status st;

	if (claim_marked(c)) {
		berth_fail(BERTH_INVALID_STATE,
			   "%s is already %s (undo it first with --undo)", id,
			   berth_claim_status_name(c));
		berth_detail_str("status", berth_claim_status_name(c));
		return BERTH_INVALID_STATE;
	}
	if ((st = claim_not_live(t, c)))
		return st;
	if (c->status != BOOKING_CONFIRMED) {
		berth_fail(BERTH_INVALID_STATE,
			   "%s is %s: confirm it before marking attendance", id,
			   berth_claim_status_name(c));
		berth_detail_str("status", berth_claim_status_name(c));
		return BERTH_INVALID_STATE;
	}
	if (c->start <= t->now)
		return BERTH_OK;
	clock_format(c->start, c->zone, when, sizeof when);
	berth_fail(BERTH_INVALID_STATE, "%s has not started: it starts at %s",
		   id, when);
	berth_detail_str("start", when);
	return BERTH_INVALID_STATE;
}

/* Whether the mark may be taken back: it is this mark, made today in the
 * resource's zone (updated_at is when it was made: nothing else changes
 * a marked booking but its payment, which keeps the mark's day honest
 * enough to err on refusing). */
static berth_status undoable(berth_txn *t, const berth_claim *c, int status,
			     const char *id)
{
	char when[CLOCK_TIME_MAX];

	if (c->status != status) {
		berth_fail(BERTH_INVALID_STATE,
			   "%s is %s, not %s: nothing to undo", id,
			   berth_claim_status_name(c), mark_name(status));
		berth_detail_str("status", berth_claim_status_name(c));
		return BERTH_INVALID_STATE;
	}
	if (cal_local_date(c->updated_at, c->zone) ==
	    cal_local_date(t->now, c->zone))
		return BERTH_OK;
	clock_format(c->updated_at, c->zone, when, sizeof when);
	berth_fail(BERTH_INVALID_STATE,
		   "%s was marked %s at %s: a mark can be undone only on the "
		   "day it was made",
		   id, mark_name(status), when);
	berth_detail_str("marked_at", when);
	return BERTH_INVALID_STATE;
}

berth_status berth_attend(berth_txn *t, const berth_attend_req *req,
			  berth_claim **out)
{
	berth_claim *c, *b;
	berth_status st;
	char id[24];

	if (req->status != BOOKING_ATTENDED && req->status != BOOKING_NO_SHOW)
		return berth_fail(BERTH_INTERNAL, "attendance %d", req->status);
	if (req->reason && (st = berth_check_text("reason", req->reason)))
		return st;
	if ((st = claim_load_booking(t, req->id, "only bookings are attended",
				     &c)))
		return st;
	berth_id_format(c->kind, c->id, id, sizeof id);
	/* Marking who came is the desk's job: a customer does not check
	 * themselves in (nor out of a no-show). */
	if (t->db->role == ROLE_CUSTOMER) {
		berth_fail(BERTH_FORBIDDEN,
			   "a customer may not mark attendance (the role is "
			   "customer)");
		berth_detail_str("role", "customer");
		return BERTH_FORBIDDEN;
	}
	if ((st = claim_change_admit(t, c, req->if_version)))
		return st;
	st = req->undo ? undoable(t, c, req->status, id) : markable(t, c, id);
	if (st)
		return st;
	if (!(b = claim_copy(t, c)))
		return oom();
	b->status = req->undo ? BOOKING_CONFIRMED : req->status;
	b->version++;
	/* The footprint does not move: same window, still counting, never
	 * expiring. Only the record and its journal change. */
	claim_write(t, c, b, action_of(req), req->reason);
	*out = b;
	return txn_status(t);
}
