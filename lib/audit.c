/* audit.c - the audit log: one record a change, written in the same
 * transaction as the change, never edited or removed. Before and after
 * are the entity's own encoded records, so the log costs one put and no
 * formatting on the hot path; `audit` decodes them when asked. */
#include <string.h>

#include "internal.h"

/* The entity as audit keeps it: its type, then its own encoded record;
 * `enc`, when the caller has encoded it already, is used as it is. */
static void put_entity(wbuf *w, entity_type type, const void *e,
		       const wbuf *enc)
{
	wbuf body = {0};

	if (!e) {
		wb_u8(w, ENT_NONE);
		return;
	}
	wb_u8(w, (uint8_t)type);
	if (enc) {
		wb_bytes(w, enc->p, enc->len);
		return;
	}
	switch (type) {
	case ENT_CLAIM:
		record_put_claim(&body, e);
		break;
	case ENT_RESOURCE:
		record_put_resource(&body, e);
		break;
	case ENT_POLICY: {
		const berth_policy *p = e;
		wb_str(&body, p->key);
		wb_str(&body, p->scope);
		wb_i64(&body, p->value);
		break;
	}
	case ENT_NONE:
		break;
	}
	if (body.oom)
		w->oom = 1;
	wb_bytes(w, body.p, body.len);
	wb_free(&body);
}

void audit_append(berth_txn *t, const char *action, const char *entity,
		  entity_type type, const void *before, const void *after,
		  const wbuf *after_enc, const char *reason)
{
	uint64_t seq = store_next_id(t->st, T_AUDIT);
	wbuf w = {0};
	keybuf k;

	wb_u8(&w, RECORD_VERSION);
	wb_i64(&w, t->now);
	wb_str(&w, t->db->actor);
	wb_u8(&w, (uint8_t)t->db->role);
	wb_str(&w, t->db->source);
	wb_str(&w, action);
	wb_str(&w, entity);
	put_entity(&w, type, before, NULL);
	put_entity(&w, type, after, after_enc);
	wb_str(&w, reason);
	if (w.oom) {
		arena_set_failed(t->a);
		wb_free(&w);
		return;
	}
	key_reset(&k);
	key_u64(&k, seq);
	store_put(t->st, T_AUDIT, k.b, k.len, w.p, w.len);
	key_reset(&k);
	key_str(&k, entity);
	key_u64(&k, seq);
	store_put(t->st, T_AUDIT_BY, k.b, k.len, "", 0);
	wb_free(&w);
}

static int get_entity(rbuf *r, berth_audit *a, int after)
{
	entity_type type = rb_u8(r);
	const uint8_t *p;
	size_t n;
	rbuf body;

	if (type == ENT_NONE || r->bad)
		return !r->bad;
	p = rb_bytes(r, &n);
	if (!p)
		return 0;
	switch (type) {
	case ENT_CLAIM: {
		berth_claim *c = arena_alloc(r->a, sizeof *c);
		if (!c || record_get_claim(p, n, r->a, c))
			return 0;
		*(after ? &a->after_claim : &a->before_claim) = c;
		return 1;
	}
	case ENT_RESOURCE: {
		berth_resource *res = arena_alloc(r->a, sizeof *res);
		if (!res || record_get_resource(p, n, r->a, res))
			return 0;
		*(after ? &a->after_res : &a->before_res) = res;
		return 1;
	}
	case ENT_POLICY: {
		berth_policy *pol = arena_alloc(r->a, sizeof *pol);
		if (!pol)
			return 0;
		memset(pol, 0, sizeof *pol);
		rb_init(&body, p, n, r->a);
		pol->key = rb_str(&body);
		pol->scope = rb_str(&body);
		pol->value = rb_i64(&body);
		if (body.bad || !pol->key)
			return 0;
		*(after ? &a->after_policy : &a->before_policy) = pol;
		return 1;
	}
	default:
		return 0;
	}
}

static berth_status decode(uint64_t seq, sval v, arena *a, berth_audit *out)
{
	rbuf r;

	memset(out, 0, sizeof *out);
	rb_init(&r, v.data, v.len, a);
	out->seq = seq;
	if (rb_u8(&r) != RECORD_VERSION)
		r.bad = 1;
	out->at = rb_i64(&r);
	out->actor = rb_str(&r);
	out->role = rb_u8(&r);
	out->source = rb_str(&r);
	out->action = rb_str(&r);
	out->entity = rb_str(&r);
	if (!get_entity(&r, out, 0) || !get_entity(&r, out, 1))
		r.bad = 1;
	out->reason = rb_str(&r);
	if (r.bad || r.p != r.end || !out->action || !out->entity)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "audit record %llu is damaged",
				  (unsigned long long)seq);
	return BERTH_OK;
}

/* Snapshots print in their resource's zone, like the claims themselves. */
static void zones(berth_txn *t, berth_audit *a)
{
	arena *keep = t->a;

	if (!a->before_claim && !a->after_claim)
		return;
	t->a = a->scratch;
	if (a->before_claim)
		claim_zone(t, (berth_claim *)a->before_claim);
	if (a->after_claim)
		claim_zone(t, (berth_claim *)a->after_claim);
	t->a = keep;
}

static int wanted(const berth_audit *a, const berth_audit_req *req,
		  btime since)
{
	if (req->has_since && a->at < since)
		return 0;
	if (req->actor && (!a->actor || strcmp(a->actor, req->actor)))
		return 0;
	if (req->action && strcmp(a->action, req->action))
		return 0;
	return 1;
}

/* Records are decoded into a scratch arena emptied after each one, so a
 * long log streams in constant memory. */
berth_status berth_audit_each(berth_txn *t, const berth_audit_req *req,
			      berth_audit_cb cb, void *arg)
{
	arena *scratch = arena_new();
	store_cursor *c;
	berth_status st = BERTH_OK;
	btime since = 0;
	berth_audit a;
	keybuf k;
	sval kv, v;

	if (!scratch)
		return oom();
	if (req->has_since && (st = clock_resolve(&req->since, t->zone, &since)))
		goto out;
	if (req->entity) {
		key_reset(&k);
		key_str(&k, req->entity);
		c = store_cursor_open(t->st, T_AUDIT_BY);
		for (int ok = store_seek(c, k.b, k.len, &kv, NULL); ok;
		     ok = store_next(c, &kv, NULL)) {
			keybuf ak;
			uint64_t seq;
			if (kv.len != k.len + 8 || memcmp(kv.data, k.b, k.len))
				break;
			seq = key_read_u64((const uint8_t *)kv.data + k.len);
			key_reset(&ak);
			key_u64(&ak, seq);
			arena_reset(scratch);
			if (!store_get(t->st, T_AUDIT, ak.b, ak.len, &v)) {
				st = berth_fail(BERTH_STORE_CORRUPT,
						"audit index names missing "
						"record %llu",
						(unsigned long long)seq);
				break;
			}
			if ((st = decode(seq, v, scratch, &a)))
				break;
			a.scratch = scratch;
			zones(t, &a);
			if (wanted(&a, req, since) && cb(&a, arg))
				break;
		}
		store_cursor_close(c);
		goto out;
	}
	c = store_cursor_open(t->st, T_AUDIT);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		if (kv.len != 8) {
			st = berth_fail(BERTH_STORE_CORRUPT, "bad audit key");
			break;
		}
		arena_reset(scratch);
		if ((st = decode(key_read_u64(kv.data), v, scratch, &a)))
			break;
		a.scratch = scratch;
		zones(t, &a);
		if (wanted(&a, req, since) && cb(&a, arg))
			break;
	}
	store_cursor_close(c);
out:
	arena_free(scratch);
	return st ? st : txn_status(t);
}
