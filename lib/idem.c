/* idem.c - idempotency keys. A key stores the request it came with and the
 * result it produced, in the transaction that produced it: the same key and
 * request replays that result and writes nothing; the same key with another
 * request is refused. The request is kept whole, not as a digest, so two
 * requests are the same exactly when their encodings are; only successes are
 * kept, since a refused command leaves the store as it was (invariant 2). */
#include <string.h>

#include "internal.h"

void idem_civil(wbuf *w, const civil_time *ct)
{
	wb_u8(w, (uint8_t)ct->kind);
	wb_u8(w, (uint8_t)ct->is_epoch);
	wb_i64(w, ct->epoch);
	wb_i64(w, ((int64_t)ct->year * 100 + ct->month) * 100 + ct->day);
	wb_i64(w, ((int64_t)ct->hour * 100 + ct->minute) * 100 + ct->second);
	wb_i64(w, ct->offset);
	/* Only for relative times, so every stored request still matches. */
	if (ct->kind == CIVIL_RELATIVE) {
		wb_u8(w, (uint8_t)ct->anchor);
		wb_u8(w, (uint8_t)ct->has_clock);
		wb_i64(w, ct->days);
		wb_i64(w, ct->shift);
	}
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
	if (e.request_len != r->request.len ||
	    memcmp(e.request, r->request.p, e.request_len))
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
