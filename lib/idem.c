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
	same = r->legacy &&
	       !r->legacy(t, e->request, e->request_len,
			  &(idem_prior){(berth_claim *)&e->result, e->defaulted,
					e->zone},
			  &old) &&
	       !old.oom && old.len == r->request.len &&
	       !memcmp(old.p, r->request.p, old.len);
	wb_free(&old);
	return same;
}

/* The entry stored under `key`: 1 found, 0 none, -1 failed (the status is
 * set). */
static int find(berth_txn *t, const char *key, idem_entry *e)
{
	keybuf k;
	int rc;

	memset(e, 0, sizeof *e);
	e->key = key;
	name_key(&k, key);
	if (k.overflow) {
		berth_fail(BERTH_INVALID_ARGUMENT, "idempotency key too long");
		return -1;
	}
	if ((rc = entry_get(t, T_IDEM, e)) <= 0)
		return txn_status(t) ? -1 : 0;
	return 1;
}

static berth_status answer_of(berth_txn *t, const idem_entry *e,
			      berth_claim **out)
{
	berth_claim *c = arena_alloc(t->a, sizeof *c);

	if (!c)
		return oom();
	*c = e->result;
	claim_zone(t, c);
	*out = c;
	return txn_status(t);
}

berth_status idem_prior_of(berth_txn *t, const char *key, idem_prior *out)
{
	idem_entry e;
	int rc;

	memset(out, 0, sizeof *out);
	if (!key || (rc = find(t, key, &e)) == 0)
		return BERTH_OK;
	if (rc < 0)
		return berth_last();
	out->defaulted = e.defaulted;
	out->zone = e.zone;
	return answer_of(t, &e, &out->answer);
}

berth_status idem_lookup(berth_txn *t, const idem_req *r, berth_claim **replay)
{
	idem_entry e;
	int rc;

	*replay = NULL;
	/* The change about to be made is made under this key (or none):
	 * its audit records say so. */
	t->idem_key = r->key;
	if (!r->key)
		return BERTH_OK;
	if (r->request.oom)
		return oom();
	if ((rc = find(t, r->key, &e)) <= 0)
		return rc ? berth_last() : BERTH_OK;
	if (!same_request(t, r, &e))
		return berth_fail(BERTH_IDEMPOTENCY_MISMATCH,
				  "idempotency key '%s' was used for a "
				  "different request",
				  r->key);
	return answer_of(t, &e, replay);
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
	e.defaulted = r->defaulted;
	e.zone = r->zone;
	entry_put(t, T_IDEM, &e);
	wb_free(&body);
}
