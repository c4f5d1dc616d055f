/* reschedule.c - a booking moved to a new window in one step. The move is
 * decided as a new booking there would be (PAST, notice and horizon, hours,
 * holidays and time off, capacity and seats, buffers), by the same code,
 * but with the booking's own claim taken out of the accounting first, so
 * that moving a booking by a quarter of an hour inside a slot it fills
 * works. Its own rules come before: the reschedule_deadline and
 * max_reschedules policies (the booking's resource's, strictest scope
 * winning), a version the caller saw (--if-version) and a booking that
 * still counts and has not started. Everything happens in the caller's
 * one write transaction: a refusal after the claim was taken out leaves
 * the store as it was, because the transaction is thrown away. */
#include <string.h>

#include "avail.h"
#include "calendar.h"

/* The max_reschedules policy (0, off): a booking moved that often already
 * is refused (MAX_RESCHEDULES). */
static berth_status max_reschedules(berth_txn *t, const berth_claim *c)
{
	char id[24];
	policy_value v;

	policy_in_force_svc(t, c->rid, c->service, "max_reschedules", &v);
	if (v.value <= 0 || c->reschedules < v.value)
		return txn_status(t);
	berth_id_format(c->kind, c->id, id, sizeof id);
	berth_fail(BERTH_MAX_RESCHEDULES,
		   "%s was rescheduled %lld time%s already, as many as "
		   "max_reschedules allows",
		   id, (long long)c->reschedules,
		   c->reschedules == 1 ? "" : "s");
	berth_detail_str("id", id);
	berth_detail_str("policy", "max_reschedules");
	berth_detail_int("value", v.value);
	policy_detail_scope(&v, c->resource);
	berth_detail_int("reschedules", c->reschedules);
	return BERTH_MAX_RESCHEDULES;
}

/* Whether the booking may be moved at all: it counts (not cancelled, not
 * expired) and has not started. */
static berth_status movable(berth_txn *t, const berth_claim *c)
{
	char id[24], when[CLOCK_TIME_MAX];
	berth_status st;

	if ((st = claim_not_live(t, c)))
		return st;
	if (c->start > t->now)
		return BERTH_OK;
	berth_id_format(c->kind, c->id, id, sizeof id);
	clock_format(c->start, c->zone, when, sizeof when);
	berth_fail(BERTH_INVALID_STATE,
		   "%s started at %s: only a booking still to come can be "
		   "rescheduled",
		   id, when);
	berth_detail_str("id", id);
	berth_detail_str("start", when);
	return BERTH_INVALID_STATE;
}

/* The resource the booking moves to: the one named, or its own. */
static berth_status target(berth_txn *t, const berth_reschedule_req *req,
			   const berth_claim *c, berth_resource **r)
{
	berth_status st;

	if (req->resource)
		return res_by_name(t, req->resource, r);
	if ((st = res_by_name(t, c->resource, r)))
		return st;
	if ((*r)->rid != c->rid)
		return berth_fail(BERTH_NOT_FOUND,
				  "the resource %s of the booking is gone",
				  c->resource);
	return BERTH_OK;
}

/* The seats the moved booking asks for on a seated resource: those named
 * (as many as it has places), or else the ones it has that are free in
 * the new window, then the lowest free ones. Too few free: none, and
 * avail_admit refuses as it would a new booking. The booking's own claim
 * is already out of the seat index, so its seats read as free where only
 * it held them. */
static berth_status seats_for(berth_txn *t, const berth_resource *r,
			      const berth_reschedule_req *req,
			      const berth_claim *old, berth_claim *n)
{
	unsigned char *chosen;
	store_cursor *cur;
	uint32_t k = 0, *seats;
	char id[24];

	n->seats = NULL;
	n->nseats = 0;
	if (!r->seats) {
		if (req->nseats)
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "%s has no numbered seats", r->name),
			    "--seat", NULL);
		return BERTH_OK;
	}
	if (req->nseats) {
		if (req->nseats != n->quantity) {
			berth_id_format(old->kind, old->id, id, sizeof id);
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "%s has %lld place%s; --seat names %u",
				       id, (long long)n->quantity,
				       n->quantity == 1 ? "" : "s",
				       req->nseats),
			    "--seat", NULL);
		}
		for (uint32_t i = 0; i < req->nseats; i++)
			for (uint32_t j = 0; j < i; j++)
				if (req->seats[i] == req->seats[j])
					return berth_fail(
					    BERTH_INVALID_ARGUMENT,
					    "seat %u named twice",
					    req->seats[i]);
		n->seats = req->seats;
		n->nseats = req->nseats;
		return BERTH_OK;
	}
	if (n->quantity > r->seats)
		return BERTH_OK; /* avail_admit says it never fits */
	seats = arena_alloc(t->a, (size_t)n->quantity * sizeof *seats);
	chosen = arena_alloc(t->a, (size_t)r->seats + 1);
	if (!seats || !chosen)
		return oom();
	memset(chosen, 0, (size_t)r->seats + 1);
	cur = store_cursor_open(t->st, T_SEAT);
	for (uint32_t i = 0; i < old->nseats && k < n->quantity; i++) {
		uint32_t s = old->seats[i];
		int taken;
		if (s < 1 || s > r->seats || chosen[s])
			continue;
		taken = avail_seat_taken(t, r->rid, s, n->start,
					 claim_busy_end(n), cur, NULL);
		if (taken < 0)
			break;
		if (!taken) {
			chosen[s] = 1;
			seats[k++] = s;
		}
	}
	for (uint32_t s = 1; s <= r->seats && k < n->quantity && !t->failed;
	     s++) {
		int taken;
		if (chosen[s])
			continue;
		taken = avail_seat_taken(t, r->rid, s, n->start,
					 claim_busy_end(n), cur, NULL);
		if (taken < 0)
			break;
		if (!taken) {
			chosen[s] = 1;
			seats[k++] = s;
		}
	}
	store_cursor_close(cur);
	if (k == n->quantity) {
		n->seats = seats;
		n->nseats = k;
	}
	return txn_status(t);
}

berth_status berth_reschedule(berth_txn *t, const berth_reschedule_req *req,
			      berth_claim **out)
{
	char when[CLOCK_TIME_MAX];
	berth_resource *r;
	berth_claim *c, *n;
	berth_status st;
	btime start;

	if ((req->reason && (st = berth_check_text("reason", req->reason))) ||
	    (st = force_begin(t, req->force, req->reason)))
		return st;
	if (req->duration < 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--duration must be more than 0");
	if ((st = claim_load_booking(t, req->id,
				     "a hold is moved by releasing it and "
				     "locking again",
				     &c)) ||
	    (st = claim_change_admit(t, c, req->if_version)) ||
	    (st = movable(t, c)) ||
	    (st = force_past(t, deadline_reschedule(t, c))) ||
	    (st = force_past(t, max_reschedules(t, c))))
		return st;

	/* The new window, read and checked as book reads and checks one. */
	if ((st = target(t, req, c, &r)) ||
	    (st = clock_resolve_at(&req->start, r->tz, t->now, &start)))
		return st;
	if (!(n = claim_copy(t, c)))
		return oom();
	n->rid = r->rid;
	n->resource = r->name;
	n->zone = r->tz;
	n->start = start;
	n->end = start + (req->duration ? req->duration : c->end - c->start);
	/* The buffer it was made with stays with it (it may be its
	 * service's); on another resource that resource's applies. */
	if (r->rid != c->rid)
		n->buffer = r->buffer;
	n->version = c->version + 1;
	n->reschedules = c->reschedules + 1;
	if ((st = clock_check_printable("the end", n->end, r->tz)) ||
	    (st = clock_check_printable("the end of the buffer",
					claim_busy_end(n), r->tz)))
		return st;
	if (n->start < t->now) {
		clock_format(n->start, r->tz, when, sizeof when);
		return berth_fail(BERTH_PAST, "%s is in the past", when);
	}
	if ((st = force_past(t, notice_admit(t, r, n->service, n->start))) ||
	    (st = force_past(t, calendar_admit(t, r, n))))
		return st;

	/* Capacity and seats without the booking's own claim: out, the new
	 * window admitted, in again where it now is. */
	avail_remove(t, c);
	if ((st = txn_status(t)) || (st = seats_for(t, r, req, c, n)) ||
	    (st = avail_admit(t, r, n)))
		return st;
	claim_write(t, c, n, "booking.rescheduled", req->reason);
	avail_add(t, n);
	*out = n;
	return txn_status(t);
}
