/* claim-request.c - a request on a claim in its normal form: what it asks
 * for once its resource is found, its times are instants and its defaults
 * are filled in (the slot length, the hold_ttl and pending_timeout
 * policies, one unit). lock and book make their claim from it, and every
 * verb that takes an idempotency key fingerprints it (idem-fingerprint.c),
 * so equivalent spellings of a request are the same request. */
#include <string.h>

#include "service.h"

unsigned claim_defaulted(const berth_claim_req *req)
{
	return (!req->has_end && req->duration <= 0 ? IDEM_DEF_LENGTH : 0) |
	       (req->ttl <= 0 ? IDEM_DEF_TTL : 0);
}

/* A value the retry leaves to its default is the first request's when
 * that left it to its default too: the answer holds it. */
static const berth_claim *defaulted(const idem_prior *prior, unsigned which)
{
	return prior && (prior->defaulted & which) ? prior->answer : NULL;
}

/* The window a lock or book asks for, its local times read in `zone`.
 * Whether it is in the past is not asked here: a retry of a request whose
 * start has passed still replays its answer. */
static berth_status window(btime now, const berth_resource *r, const char *zone,
			   const berth_claim_req *req, const idem_prior *prior,
			   idem_request *n)
{
	const berth_claim *answer = defaulted(prior, IDEM_DEF_LENGTH);
	berth_status st;

	if ((st = clock_resolve_at(&req->start, zone, now, &n->start)))
		return st;
	if (req->has_end) {
		if ((st = clock_resolve_at(&req->end, zone, now, &n->end)))
			return st;
	} else if (req->duration > 0) {
		n->end = n->start + req->duration;
	} else if (answer) {
		n->end = n->start + (answer->end - answer->start);
	} else if (r->slot > 0) {
		n->end = n->start + r->slot;
	} else {
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "give --end or --duration (%s has no slot "
				  "length)",
				  r->name);
	}
	if ((st = clock_check_printable("the end", n->end, zone)))
		return st;
	if (n->end <= n->start)
		return berth_fail(BERTH_INVALID_TIME,
				  "the end must come after the start");
	return BERTH_OK;
}

/* The resource a request names. A retry names the one its answer was made
 * on, even once that was removed or its name given to another. */
static berth_status resource_of(berth_txn *t, const berth_claim_req *req,
				const berth_claim *answer, berth_resource **res)
{
	berth_resource *r;
	berth_status st;

	if (!answer || strcmp(req->resource, answer->resource))
		return res_by_name(t, req->resource, res);
	st = res_by_name(t, req->resource, &r);
	if (st == BERTH_OK && r->rid == answer->rid) {
		*res = r;
		return BERTH_OK;
	}
	if (st != BERTH_OK && st != BERTH_NOT_FOUND)
		return st;
	berth_clear();
	if (!(r = arena_alloc(t->a, sizeof *r)))
		return oom();
	memset(r, 0, sizeof *r);
	r->rid = answer->rid;
	r->name = answer->resource;
	r->tz = answer->zone;
	*res = r;
	return txn_status(t);
}

/* The time a claim lives unconfirmed when --ttl is left out: the one the
 * answer was given when the first request left it out too, or else the
 * policy. */
static int64_t default_ttl(berth_txn *t, uint32_t rid, const char *service,
			   const char *policy, const idem_prior *prior)
{
	const berth_claim *answer = defaulted(prior, IDEM_DEF_TTL);

	if (answer && answer->expires_at != BTIME_NEVER)
		return answer->expires_at - answer->created_at;
	return policy_get_svc(t, rid, service, policy);
}

berth_status claim_normalise(berth_txn *t, claim_kind kind,
			     const berth_claim_req *req,
			     const idem_prior *prior, berth_resource **res,
			     idem_request *n)
{
	berth_service *svc, gone;
	const berth_claim *answer;
	berth_claim_req q;
	const char *zone;
	berth_status st;

	memset(n, 0, sizeof *n);
	n->verb = kind == CLAIM_HOLD ? "lock" : "book";
	n->payment_method =
	    req->has_payment_method ? req->payment_method + 1 : 0;
	if (prior && (!prior->answer || prior->answer->kind != kind))
		prior = NULL; /* another verb: a mismatch whatever it says */
	answer = prior ? prior->answer : NULL;
	if ((st = claim_service_of(t, req, &svc))) {
		/* A retry of a request whose service was removed since still
		 * gets its answer: the answer holds all the service gave. */
		if (st != BERTH_NOT_FOUND || !answer || store_failed(t->st))
			return st;
		berth_clear();
		gone = (berth_service){.name = req->service, .buffer = -1,
				       .price = -1};
		svc = &gone;
	}
	q = *req;
	if (svc && !req->resource) {
		if (!answer)
			return claim_service_pick(t, kind, req, svc, res, n);
		/* A retry: the resource its answer was made on. */
		q.resource = answer->resource;
		q.location = NULL;
	}
	if ((st = resource_of(t, &q, answer, res)))
		return st;
	if (svc && !answer && !svc_names(svc, (*res)->name))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "%s is not one of the resources of service "
			       "'%s'",
			       (*res)->name, svc->name),
		    "service", svc->name);
	n->rid = (*res)->rid;
	/* A retry's local times are read as the first request's were, in
	 * the zone it was read in, even once the resource moved or went
	 * (an older key keeps none: the resource's zone, or the store's). */
	zone = prior && prior->zone ? prior->zone : (*res)->tz;
	/* The service's length, unless a retry's answer gives the one the
	 * first request took (as with the slot length). */
	if (svc && !answer)
		q.duration = svc->duration;
	if ((st = window(t->now, *res, zone, &q, prior, n)))
		return st;
	/* The buffer the claim keeps: the service's when it has one, else
	 * the resource's; a retry's is its answer's. */
	n->buffer = svc && answer		? answer->buffer
		    : svc && svc->buffer >= 0 ? svc->buffer
					      : (*res)->buffer;
	if (svc) {
		n->service = svc->name;
		n->location = req->location;
		n->has_price = svc->price >= 0;
		n->price = n->has_price ? svc->price : 0;
	}
	n->quantity = req->nseats ? req->nseats
		      : req->quantity ? req->quantity
				      : 1;
	n->nseats = req->nseats;
	n->seats = req->seats;
	/* How long the claim lives unconfirmed; a confirmed booking does not
	 * expire, whatever --ttl said. */
	if (kind == CLAIM_HOLD)
		n->ttl = req->ttl > 0 ? req->ttl
				      : default_ttl(t, n->rid, n->service,
						    "hold_ttl", prior);
	else if (req->pending)
		n->ttl = req->ttl > 0 ? req->ttl
				      : default_ttl(t, n->rid, n->service,
						    "pending_timeout", prior);
	n->customer = req->customer;
	n->pending = kind == CLAIM_BOOKING && req->pending;
	n->attrs = &req->attrs;
	n->payment = -1;
	return txn_status(t);
}

berth_status claim_target_normal(const char *verb, const char *id,
				 idem_request *n)
{
	claim_kind kind;
	berth_status st;

	memset(n, 0, sizeof *n);
	n->verb = verb;
	n->payment = -1;
	if ((st = berth_id_parse(id, &kind, &n->target)))
		return st;
	n->target_kind = kind + 1;
	return BERTH_OK;
}

/* A version-1 key's request, read back and normalised like a new one; -1
 * when it cannot be (its resource is gone, say): then it is another
 * request than any made now. */
int claim_legacy_fingerprint(berth_txn *t, const uint8_t *p, size_t len,
			     const idem_prior *prior, wbuf *w)
{
	idem_legacy old;
	idem_request n;
	berth_resource *r;
	int lock;

	if (idem_legacy_read(p, len, t->a, &old))
		return -1;
	lock = !strcmp(old.verb, "lock");
	if (lock || !strcmp(old.verb, "book")) {
		if (claim_normalise(t, lock ? CLAIM_HOLD : CLAIM_BOOKING,
				    &old.claim, prior, &r, &n)) {
			berth_clear();
			return -1;
		}
	} else {
		if (claim_target_normal(old.verb, old.id, &n)) {
			berth_clear();
			return -1;
		}
		n.payment = old.payment;
		n.ref = old.ref;
		n.reason = old.reason;
	}
	idem_fingerprint(w, &n);
	return 0;
}
