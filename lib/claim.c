/* claim.c - holds and bookings, one shape: their records, the one path by
 * which they change (claim_write: the record and its audit record in the
 * same transaction), and the lifecycle of one claim: lock, book, confirm,
 * release, cancel. Their names are in claim-name.c, payment in payment.c,
 * listing in list.c. */
#include <string.h>

#include "calendar.h"

/* What people and scripts are shown: a hold whose time is up is expired,
 * whether or not `expire` has run yet. */
void claim_effective(berth_claim *c, btime now)
{
	if (claim_dead(c, now))
		c->status = c->kind == CLAIM_HOLD ? HOLD_EXPIRED
						  : BOOKING_EXPIRED;
}

/* A decoded claim, copied out of its entry into the arena, with the zone
 * it prints in. */
static berth_status keep(berth_txn *t, const claim_entry *e, berth_claim **out)
{
	berth_claim *c = arena_alloc(t->a, sizeof *c);

	if (!c)
		return oom();
	*c = e->c;
	*out = c;
	claim_zone(t, c);
	return txn_status(t);
}

/* A claim met by a scan of its table. */
berth_status claim_decode(berth_txn *t, store_table tb, sval k, sval v,
			   berth_claim **out)
{
	claim_entry e;

	if (entry_read(t, tb, k, v, &e))
		return txn_status(t);
	return keep(t, &e, out);
}

void claim_zone(berth_txn *t, berth_claim *c)
{
	const char *z = res_zone(t, c->resource, c->rid);

	/* The resource's zone, or the store's once the resource is gone. */
	c->zone = z ? z : t->zone;
}

berth_status claim_load(berth_txn *t, claim_kind kind, uint64_t id,
			berth_claim **out)
{
	claim_entry e = {.kind = kind, .id = id};
	char name[24];
	int rc = entry_get(t, claim_table(kind), &e);

	if (rc < 0 || (rc == 0 && store_failed(t->st)))
		return txn_status(t);
	if (rc == 0) {
		berth_id_format(kind, id, name, sizeof name);
		berth_fail(BERTH_NOT_FOUND, "no %s %s",
			   kind == CLAIM_HOLD ? "hold" : "booking", name);
		berth_detail_str("kind",
				 kind == CLAIM_HOLD ? "hold" : "booking");
		berth_detail_str("id", name);
		return BERTH_NOT_FOUND;
	}
	return keep(t, &e, out);
}

void claim_write(berth_txn *t, const berth_claim *before,
		 const berth_claim *after, const char *action,
		 const char *reason)
{
	uint8_t small[512];
	char name[24];
	wbuf w;

	wb_on(&w, small, sizeof small);
	claim_store(t, before, after, &w);
	berth_id_format(after->kind, after->id, name, sizeof name);
	audit_append(t, action, name, ENT_CLAIM, before, after,
		     w.oom ? NULL : &w, reason);
	wb_free(&w);
}

void claim_store(berth_txn *t, const berth_claim *before,
		 const berth_claim *after, wbuf *w)
{
	/* A new claim joins its resource's list for good: list --resource
	 * walks it instead of every claim in the store, from as far before
	 * --from as the resource's longest claim reaches. */
	if (!before || before->rid != after->rid ||
	    before->start != after->start) {
		claim_index ix;
		/* A claim that moved (reschedule) moves in those lists: its
		 * entry is keyed by where it starts. */
		if (before) {
			claim_index_of(before, &ix);
			entry_del(t, T_BYRES, &ix.byres);
		}
		claim_index_of(after, &ix);
		entry_put(t, T_BYRES, &ix.byres);
		reach_note(t, after);
		if (!before)
			custhist_note(t, after);
	} else if (before->end - before->start < after->end - after->start) {
		reach_note(t, after);
	}

	series_index_note(t, before, after);
	schema_put_claim(w, after);
	claim_put_encoded(t, after, w, !before);
}

berth_claim *claim_copy(berth_txn *t, const berth_claim *c)
{
	berth_claim *n = arena_alloc(t->a, sizeof *n);

	if (n) {
		*n = *c;
		n->updated_at = t->now;
	}
	return n;
}

berth_status claim_load_id(berth_txn *t, const char *id, berth_claim **out)
{
	claim_kind kind;
	uint64_t n;
	berth_status st;

	if ((st = berth_id_parse(id, &kind, &n)))
		return st;
	return claim_load(t, kind, n, out);
}

/* Whether the request was settled by its idempotency key: a stored result
 * to replay, or a failure looking it up (in *st). */
int claim_answered(berth_txn *t, const idem_req *ir, berth_claim **out,
		    int *replayed, berth_status *st)
{
	idem_req r = *ir;
	berth_claim *replay;

	r.legacy = claim_legacy_fingerprint;
	if ((*st = idem_lookup(t, &r, &replay)))
		return 1;
	if (!replay)
		return 0;
	*out = replay;
	*replayed = 1;
	return 1;
}

/* Loads a booking by id; a hold's id is refused with `hint`. */
berth_status claim_load_booking(berth_txn *t, const char *id, const char *hint,
				 berth_claim **out)
{
	berth_status st = claim_load_id(t, id, out);

	if (!st && (*out)->kind != CLAIM_BOOKING)
		return berth_fail(BERTH_INVALID_ARGUMENT, "%s is a hold: %s", id,
				  hint);
	return st;
}

/* --- lock and book --- */

static berth_status check_req(const berth_claim_req *req)
{
	berth_status st;

	if (req->customer && (st = berth_check_customer(req->customer)))
		return st;
	if (req->idem_key &&
	    (st = berth_check_text("idempotency key", req->idem_key)))
		return st;
	if (req->quantity < 0 || req->quantity > BERTH_CAPACITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "quantity must be 1 to %d", BERTH_CAPACITY_MAX);
	if (req->nseats && req->quantity && req->quantity != req->nseats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--quantity and --seat disagree");
	for (uint32_t i = 0; i < req->nseats; i++)
		for (uint32_t j = 0; j < i; j++)
			if (req->seats[i] == req->seats[j])
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "seat %u named twice",
						  req->seats[i]);
	return berth_check_attrs(&req->attrs);
}

static berth_status create(berth_txn *t, const berth_claim_req *req,
			   claim_kind kind, berth_claim **out, int *replayed)
{
	idem_req ir = {.key = req->idem_key};
	char when[CLOCK_TIME_MAX];
	idem_request n;
	berth_claim *c;
	idem_prior prior;
	berth_resource *r;
	berth_status st;

	*replayed = 0;
	if ((st = check_req(req)) || (st = claim_req_admit(t, req)))
		return st;
	if ((st = idem_prior_of(t, ir.key, &prior)) ||
	    (st = claim_normalise(t, kind, req, prior.answer ? &prior : NULL,
				  &r, &n)))
		return st;
	ir.defaulted = claim_defaulted(req);
	ir.zone = r->tz;
	if (ir.key)
		idem_fingerprint(&ir.request, &n);
	if (claim_answered(t, &ir, out, replayed, &st))
		goto out;
	if (n.start < t->now) {
		clock_format(n.start, r->tz, when, sizeof when);
		st = berth_fail(BERTH_PAST, "%s is in the past", when);
		goto out;
	}
	if ((st = force_past(t, notice_admit(t, r, n.service, n.start))))
		goto out;
	if (!(c = arena_alloc(t->a, sizeof *c))) {
		st = oom();
		goto out;
	}
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->rid = r->rid;
	c->resource = r->name;
	c->zone = r->tz;
	c->start = n.start;
	c->end = n.end;
	/* The buffer in force now stays with the claim: changing it later
	 * moves no claim made before (DECISIONS). The request says which:
	 * its service's, else the resource's. */
	c->buffer = n.buffer;
	if ((st = clock_check_printable("the end of the buffer",
					claim_busy_end(c), r->tz)))
		goto out;
	if (req->nseats && !r->seats) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"%s has no numbered seats", r->name);
		goto out;
	}
	c->quantity = n.quantity;
	if (req->nseats) {
		if (!(c->seats = arena_alloc(t->a, req->nseats * sizeof *c->seats))) {
			st = oom();
			goto out;
		}
		memcpy(c->seats, req->seats, req->nseats * sizeof *c->seats);
		c->nseats = req->nseats;
	}
	c->customer = req->customer;
	claim_service_note(&n, c);
	c->attrs = req->attrs;
	c->series = req->series;
	c->version = 1;
	c->created_at = c->updated_at = t->now;
	if (kind == CLAIM_HOLD) {
		c->status = HOLD_ACTIVE;
		c->expires_at = t->now + n.ttl;
	} else if (req->pending) {
		c->status = BOOKING_PENDING;
		c->expires_at = t->now + n.ttl;
	} else {
		c->status = BOOKING_CONFIRMED;
		c->expires_at = BTIME_NEVER;
	}
	if (c->expires_at != BTIME_NEVER &&
	    (st = clock_check_printable("the expiry", c->expires_at, r->tz)))
		goto out;
	if ((st = payment_claim_admit(t, req, c)) ||
	    (st = force_past(t, calendar_admit(t, r, c))) ||
	    (st = customer_limit_admit(t, r, c)) || (st = avail_admit(t, r, c)))
		goto out;
	if (!(c->id = next_id(t, claim_id_kind(kind)))) {
		st = txn_status(t);
		goto out;
	}
	claim_write(t, NULL, c,
		    kind == CLAIM_HOLD ? "hold.created" : "booking.created",
		    NULL);
	avail_add(t, c);
	idem_store(t, &ir, c);
	*out = c;
	st = txn_status(t);
out:
	wb_free(&ir.request);
	return st;
}

berth_status berth_lock(berth_txn *t, const berth_claim_req *req,
			berth_claim **out, int *replayed)
{
	return create(t, req, CLAIM_HOLD, out, replayed);
}

berth_status berth_book(berth_txn *t, const berth_claim_req *req,
			berth_claim **out, int *replayed)
{
	return create(t, req, CLAIM_BOOKING, out, replayed);
}

/* --- changes of state --- */

/* Why a claim can no longer change, or BERTH_OK while it is live. */
berth_status claim_not_live(berth_txn *t, const berth_claim *c)
{
	char id[24], when[CLOCK_TIME_MAX], other[24];

	berth_id_format(c->kind, c->id, id, sizeof id);
	if (claim_dead(c, t->now) || c->status == (c->kind == CLAIM_HOLD
							    ? HOLD_EXPIRED
							    : BOOKING_EXPIRED)) {
		clock_format(c->expires_at, c->zone, when, sizeof when);
		return berth_fail(c->kind == CLAIM_HOLD ? BERTH_HOLD_EXPIRED
							: BERTH_BOOKING_EXPIRED,
				  "%s expired at %s", id, when);
	}
	if (c->kind == CLAIM_HOLD && c->status == HOLD_USED) {
		berth_id_format(CLAIM_BOOKING, c->link, other, sizeof other);
		return berth_fail(BERTH_HOLD_ALREADY_USED,
				  "hold %s is already confirmed as %s", id,
				  other);
	}
	if (!claim_counts(c) || claim_marked(c))
		return berth_fail(BERTH_INVALID_STATE, "%s is %s", id,
				  berth_claim_status_name(c));
	return BERTH_OK;
}

berth_status berth_confirm(berth_txn *t, const berth_confirm_req *req,
			   berth_claim **out, int *replayed)
{
	idem_req ir = {.key = req->idem_key};
	berth_claim *c, *b;
	payment_after pay;
	berth_status st;
	char id[24];

	*replayed = 0;
	if (req->payment_ref &&
	    (st = berth_check_text("payment reference", req->payment_ref)))
		return st;
	if (ir.key) {
		idem_request n;
		if ((st = claim_target_normal("confirm", req->id, &n)))
			return st;
		n.payment = req->payment;
		n.ref = req->payment_ref;
		n.payment_method = req->has_payment_method
					   ? req->payment_method + 1
					   : 0;
		idem_fingerprint(&ir.request, &n);
	}
	if (claim_answered(t, &ir, out, replayed, &st))
		goto out;
	if ((st = claim_load_id(t, req->id, &c)) ||
	    (st = claim_change_admit(t, c, req->if_version)) ||
	    (st = claim_not_live(t, c)))
		goto out;
	berth_id_format(c->kind, c->id, id, sizeof id);
	if (c->kind == CLAIM_BOOKING && c->status == BOOKING_CONFIRMED) {
		st = berth_fail(BERTH_INVALID_STATE,
				"booking %s is already confirmed", id);
		goto out;
	}
	/* The payment and its method: failed, a move the method does not
	 * allow, or unpaid where require_payment asks (payment-method.c). */
	if ((st = payment_confirm_admit(t, req, c, &pay)))
		goto out;
	if (!(b = claim_copy(t, c))) {
		st = oom();
		goto out;
	}
	b->kind = CLAIM_BOOKING;
	b->status = BOOKING_CONFIRMED;
	b->expires_at = BTIME_NEVER;
	b->payment_method = pay.method;
	b->payment_status = pay.status;
	if (req->payment_ref)
		b->payment_ref = req->payment_ref;
	/* The claim moves from the hold (or the pending booking) to the
	 * confirmed booking: same window, same seats, no longer expiring. */
	avail_remove(t, c);
	if (c->kind == CLAIM_HOLD) {
		berth_claim *h = claim_copy(t, c);
		if (!h) {
			st = oom();
			goto out;
		}
		if (!(b->id = next_id(t, ID_BOOKING))) {
			st = txn_status(t);
			goto out;
		}
		b->link = c->id;
		b->version = 1;
		b->created_at = t->now;
		h->status = HOLD_USED;
		h->link = b->id;
		claim_write(t, c, h, "hold.used", NULL);
		claim_write(t, NULL, b, "booking.confirmed", NULL);
	} else {
		b->version = c->version + 1;
		claim_write(t, c, b, "booking.confirmed", NULL);
	}
	avail_add(t, b);
	idem_store(t, &ir, b);
	*out = b;
	st = txn_status(t);
out:
	wb_free(&ir.request);
	return st;
}

berth_status berth_release(berth_txn *t, const char *id, berth_claim **out)
{
	berth_claim *c, *h;
	berth_status st;

	if ((st = claim_load_id(t, id, &c)))
		return st;
	if (c->kind != CLAIM_HOLD)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s is a booking: use berth cancel", id);
	if ((st = claim_change_admit(t, c, 0)) || (st = claim_not_live(t, c)))
		return st;
	if (!(h = claim_copy(t, c)))
		return oom();
	h->status = HOLD_RELEASED;
	avail_remove(t, c);
	claim_write(t, c, h, "hold.released", NULL);
	*out = h;
	return txn_status(t);
}

berth_status berth_cancel(berth_txn *t, const berth_cancel_req *req,
			  berth_claim **out, int *replayed)
{
	idem_req ir = {.key = req->idem_key};
	berth_claim *c, *b;
	berth_status st;

	*replayed = 0;
	if ((req->reason && (st = berth_check_text("reason", req->reason))) ||
	    (st = force_begin(t, req->force, req->reason)))
		return st;
	if (ir.key) {
		idem_request n;
		if ((st = claim_target_normal("cancel", req->id, &n)))
			return st;
		n.reason = req->reason;
		idem_fingerprint(&ir.request, &n);
	}
	if (claim_answered(t, &ir, out, replayed, &st))
		goto out;
	if ((st = claim_load_booking(t, req->id, "use berth release", &c)))
		goto out;
	if ((st = claim_change_admit(t, c, req->if_version)) ||
	    (st = claim_not_live(t, c)) ||
	    (st = force_past(t, deadline_cancel(t, c))))
		goto out;
	if (!(b = claim_copy(t, c))) {
		st = oom();
		goto out;
	}
	b->status = BOOKING_CANCELLED;
	b->version++;
	avail_remove(t, c);
	claim_write(t, c, b, "booking.cancelled", req->reason);
	idem_store(t, &ir, b);
	*out = b;
	st = txn_status(t);
out:
	wb_free(&ir.request);
	return st;
}
