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
}

static int idem_key(keybuf *k, const char *key)
{
	key_reset(k);
	key_str(k, key);
	return !k->overflow;
}

berth_status idem_lookup(berth_txn *t, const idem_req *r, berth_claim **replay)
{
	const uint8_t *req;
	size_t n;
	berth_claim *c;
	keybuf k;
	rbuf rb;
	sval v;

	*replay = NULL;
	if (!r->key)
		return BERTH_OK;
	if (r->request.oom)
		return oom();
	if (!idem_key(&k, r->key))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "idempotency key too long");
	if (!store_get(t->st, T_IDEM, k.b, k.len, &v))
		return txn_status(t);
	rb_init(&rb, v.data, v.len, t->a);
	if (rb_u8(&rb) != RECORD_VERSION)
		rb.bad = 1;
	req = rb_bytes(&rb, &n);
	if (rb.bad)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "idempotency record '%s' is damaged", r->key);
	if (n != r->request.len || memcmp(req, r->request.p, n))
		return berth_fail(BERTH_IDEMPOTENCY_MISMATCH,
				  "idempotency key '%s' was used for a "
				  "different request",
				  r->key);
	if (!(c = arena_alloc(t->a, sizeof *c)))
		return oom();
	req = rb_bytes(&rb, &n);
	if (rb.bad || record_get_claim(req, n, t->a, c))
		return berth_fail(BERTH_STORE_CORRUPT,
				  "idempotency record '%s' is damaged", r->key);
	claim_zone(t, c);
	*replay = c;
	return BERTH_OK;
}

void idem_store(berth_txn *t, const idem_req *r, const berth_claim *result)
{
	wbuf w = {0}, body = {0};
	keybuf k;

	if (!r->key || !idem_key(&k, r->key))
		return;
	wb_u8(&w, RECORD_VERSION);
	wb_bytes(&w, r->request.p, r->request.len);
	record_put_claim(&body, result);
	wb_bytes(&w, body.p, body.len);
	if (w.oom || body.oom)
		arena_set_failed(t->a);
	else
		store_put(t->st, T_IDEM, k.b, k.len, w.p, w.len);
	wb_free(&w);
	wb_free(&body);
}
