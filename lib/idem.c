/* idem.c - idempotency keys. A key stores the request it came with and the
 * result it produced, in the transaction that produced it: the same key and
 * request replays that result and writes nothing; the same key with another
 * request is refused. The request is kept as its fingerprint
 * (idem-fingerprint.c), which every spelling of one request shares, not as
 * a digest, so two requests are the same exactly when their fingerprints
 * are; only successes are kept, since a refused command leaves the store as
 * it was (invariant 2). */
#include <string.h>

#include "internal.h"

/* Whether the stored request is the one asked now. A key stored before
 * fingerprints (version 1) holds the options as given: they are
 * fingerprinted now, the same way, and compared. */
static int same_request(berth_txn *t, const idem_req *r, const idem_entry *e)
{
	wbuf old = {0};
	int same;

	if (!e->legacy)
		return e->request_len == r->request.len &&
		       !memcmp(e->request, r->request.p, e->request_len);
	same = r->legacy && !r->legacy(t, e->request, e->request_len, &old) &&
	       !old.oom && old.len == r->request.len &&
	       !memcmp(old.p, r->request.p, old.len);
	wb_free(&old);
	return same;
}

berth_status idem_lookup(berth_txn *t, const idem_req *r, berth_claim **replay)
{
	idem_entry e = {.key = r->key};
	berth_claim *c;
	keybuf k;
	int rc;

	*replay = NULL;
	/* The change about to be made is made under this key (or none):
	 * its audit records say so. */
	t->idem_key = r->key;
	if (!r->key)
		return BERTH_OK;
	if (r->request.oom)
		return oom();
	name_key(&k, r->key);
	if (k.overflow)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "idempotency key too long");
	if ((rc = entry_get(t, T_IDEM, &e)) <= 0)
		return txn_status(t);
	if (!same_request(t, r, &e))
		return berth_fail(BERTH_IDEMPOTENCY_MISMATCH,
				  "idempotency key '%s' was used for a "
				  "different request",
				  r->key);
	if (!(c = arena_alloc(t->a, sizeof *c)))
		return oom();
	*c = e.result;
	claim_zone(t, c);
	*replay = c;
	return txn_status(t);
}

void idem_store(berth_txn *t, const idem_req *r, const berth_claim *result)
{
	idem_entry e = {.key = r->key};
	wbuf body = {0};

	if (!r->key)
		return;
	schema_put_claim(&body, result);
	if (body.oom) {
		arena_set_failed(t->a);
		return;
	}
	e.request = r->request.p;
	e.request_len = r->request.len;
	e.result_bytes = body.p;
	e.result_len = body.len;
	entry_put(t, T_IDEM, &e);
	wb_free(&body);
}
