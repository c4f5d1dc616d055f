/* claim-service.c - a lock or book that names a service: the service's
 * own checks, and the choice of its resource when the request names none.
 * The choice tries the service's resources in order of name (at the
 * location asked for) and takes the first that admits the whole claim:
 * not in the past, notice and horizon, seats, opening hours, holidays,
 * time off, capacity and seats free. Trying one only reads (the
 * admissions write nothing), so a refused candidate leaves nothing
 * behind, and the choice and the claim are one write transaction: no
 * other writer can take the chosen place in between. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "service.h"

berth_status claim_service_of(berth_txn *t, const berth_claim_req *req,
			      berth_service **svc)
{
	berth_status st;

	*svc = NULL;
	if (!req->service) {
		if (req->location)
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--location chooses among a service's "
				       "resources: give --service too"),
			    "location", req->location);
		if (!req->resource)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "name a resource, or a service");
		return BERTH_OK;
	}
	if (req->has_end || req->duration)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "a service sets the length: give --service, "
			       "or --end or --duration, not both"),
		    req->has_end ? "end" : "duration", NULL);
	if (req->location && req->resource)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--location chooses a resource: give it or a "
			       "resource, not both"),
		    "location", req->location);
	if (req->location &&
	    (st = berth_check_text("--location", req->location)))
		return st;
	return svc_by_name(t, req->service, svc);
}

/* Whether the claim n describes could be made on r now: what create()
 * in claim.c checks before it writes, on a copy that is thrown away. */
static berth_status trial(berth_txn *t, claim_kind kind,
			  const berth_claim_req *req, const berth_resource *r,
			  const idem_request *n)
{
	char when[CLOCK_TIME_MAX];
	berth_claim c;
	berth_status st;

	if (n->start < t->now) {
		clock_format(n->start, r->tz, when, sizeof when);
		return berth_fail(BERTH_PAST, "%s is in the past", when);
	}
	if ((st = force_past(t, notice_admit(t, r, n->service, n->start))))
		return st;
	if (req->nseats && !r->seats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s has no numbered seats", r->name);
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.rid = r->rid;
	c.resource = r->name;
	c.zone = r->tz;
	c.start = n->start;
	c.end = n->end;
	c.buffer = n->buffer;
	c.quantity = n->quantity;
	if (req->nseats) {
		if (!(c.seats = arena_alloc(t->a, req->nseats * sizeof *c.seats)))
			return oom();
		memcpy(c.seats, req->seats, req->nseats * sizeof *c.seats);
		c.nseats = req->nseats;
	}
	c.status = kind == CLAIM_HOLD ? HOLD_ACTIVE
		   : req->pending     ? BOOKING_PENDING
				      : BOOKING_CONFIRMED;
	c.expires_at = n->ttl ? t->now + n->ttl : BTIME_NEVER;
	if ((st = force_past(t, calendar_admit(t, r, &c))))
		return st;
	return avail_admit(t, r, &c);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The last refusal, kept across the next candidate's tries. */
typedef struct {
	berth_status st;
	char msg[400];
	int all_full, tried;
} refusal;

static berth_status none_free(const berth_service *s,
			      const berth_claim_req *req, const refusal *last)
{
	const char *at = req->location ? " at " : "";
	const char *loc = req->location ? req->location : "";

	if (!last->tried)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "service '%s' has no resource%s%s to take; "
			       "name one",
			       s->name, at, loc),
		    "service", s->name);
	if (last->all_full)
		return berth_fail(BERTH_CAPACITY_FULL,
				  "no resource of service '%s'%s%s was free: "
				  "all are full",
				  s->name, at, loc);
	return berth_fail(last->st,
			  "no resource of service '%s'%s%s was free (the "
			  "last tried: %s)",
			  s->name, at, loc, last->msg);
}

berth_status claim_service_pick(berth_txn *t, claim_kind kind,
				const berth_claim_req *req,
				const berth_service *s, berth_resource **res,
				idem_request *n)
{
	refusal last = {.all_full = 1};
	uint64_t forced;
	const char **names;
	berth_status st;

	if (!s->nres)
		return none_free(s, req, &last);
	if (!(names = arena_alloc(t->a, s->nres * sizeof *names)))
		return oom();
	memcpy(names, s->resources, s->nres * sizeof *names);
	qsort(names, s->nres, sizeof *names, by_name);
	for (uint32_t i = 0; i < s->nres; i++) {
		berth_claim_req one = *req;
		berth_resource *r;

		/* A resource removed since the service named it is no
		 * candidate; nor is one elsewhere. */
		st = res_by_name(t, names[i], &r);
		if (st == BERTH_NOT_FOUND && !store_failed(t->st)) {
			berth_clear();
			continue;
		}
		if (st)
			return st;
		if (req->location &&
		    (!r->location || strcmp(r->location, req->location)))
			continue;
		one.resource = names[i];
		one.location = NULL;
		/* A forced trial goes past what create() will go past again
		 * on the one chosen; what it forced on others is no part of
		 * the change. */
		forced = t->forced;
		st = claim_normalise(t, kind, &one, NULL, res, n);
		if (!st)
			st = trial(t, kind, req, *res, n);
		t->forced = forced;
		if (!st) {
			n->location = req->location;
			return BERTH_OK;
		}
		/* Damage, or memory run out: the transaction is over. */
		if (txn_status(t))
			return txn_status(t);
		last.tried = 1;
		last.st = st;
		last.all_full &= st == BERTH_CAPACITY_FULL;
		snprintf(last.msg, sizeof last.msg, "%s: %s", names[i],
			 berth_message());
		berth_clear();
	}
	return none_free(s, req, &last);
}

/* The claim keeps its service's name and price as they are when it is
 * made (DECISIONS: `service --price` becomes the booking's `price`), so a
 * later change of the price, or the service's removal, leaves what was
 * booked as it was booked. */
void claim_service_note(const idem_request *n, berth_claim *c)
{
	c->service = n->service;
	c->has_price = n->service && n->has_price;
	c->price = c->has_price ? n->price : 0;
}
