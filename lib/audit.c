/* audit.c - the audit log: one record a change, written in the same
 * transaction as the change, never edited or removed. Before and after
 * are the entity's own encoded records, so the log costs one put and no
 * formatting on the hot path; `audit` decodes them when asked. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void audit_entity_record(wbuf *w, entity_type type, const void *e)
{
	switch (type) {
	case ENT_CLAIM:
		schema_put_claim(w, e);
		break;
	case ENT_RESOURCE:
		schema_put_resource(w, e);
		break;
	case ENT_POLICY:
		schema_put_policy(w, e);
		break;
	case ENT_HOURS:
		schema_put_hours(w, e);
		break;
	case ENT_HOLIDAY:
		schema_put_holiday(w, e);
		break;
	case ENT_TIMEOFF:
		schema_put_timeoff(w, e);
		break;
	case ENT_SERVICE:
		schema_put_service(w, e);
		break;
	case ENT_CUSTOMER:
		schema_put_customer(w, e);
		break;
	case ENT_WAITLIST:
		schema_put_waitlist(w, e);
		break;
	case ENT_NONE:
	case ENT_COUNT:
		break;
	}
}

void audit_append(berth_txn *t, const char *action, const char *entity,
		  entity_type type, const void *before, const void *after,
		  const wbuf *after_enc, const char *reason)
{
	wbuf b = {0}, a = {0};
	audit_entry e = {.type = type, .idem_key = t->idem_key};
	uint64_t seq;
	chain_ctx *cx;

	/* Every change passes here: a role that may not make it fails the
	 * transaction, whatever path led to it. */
	if (role_guard(t, type, action, before, after))
		return;
	if (!(seq = next_id(t, ID_AUDIT)))
		return;
	e.seq = seq;
	e.a.at = t->now;
	e.a.actor = t->db->actor;
	e.a.role = t->db->role;
	e.a.source = t->db->source;
	e.a.source_detail = t->db->source_detail;
	e.a.action = action;
	e.a.entity = entity;
	e.a.reason = force_reason(t, reason);
	if (before) {
		audit_entity_record(&b, type, before);
		e.before = b.p;
		e.before_len = b.len;
	}
	if (after_enc) {
		e.after = after_enc->p;
		e.after_len = after_enc->len;
	} else if (after) {
		audit_entity_record(&a, type, after);
		e.after = a.p;
		e.after_len = a.len;
	}
	/* The link: after the head the counters carry (next_id read them),
	 * which becomes this record's hash. */
	if (!(cx = txn_chain(t)))
		goto out;
	if (b.oom || a.oom ||
	    chain_link(cx, t->chain_head, &e, before, after, e.a.hash)) {
		arena_set_failed(t->a);
		goto out;
	}
	e.a.has_hash = 1;
	memcpy(t->chain_head, e.a.hash, CHAIN_HASH_LEN);
	entry_put_new(t, T_AUDIT, &e);
	entry_put(t, T_AUDIT_BY, &(audit_by_entry){entity, seq});
	outbox_emit(t, seq, action, entity, type, before, after);
out:
	wb_free(&b);
	wb_free(&a);
}

berth_status audit_customer_entity(berth_txn *t, const char *id, char *out,
				   size_t size)
{
	uint8_t d[CUST_DIGEST_LEN];

	if (size < CUSTOMER_ENTITY_LEN)
		return oom();
	if (chain_customer_digest(t, id, d))
		return txn_status(t);
	memcpy(out, "customer/", 9);
	for (size_t i = 0; i < CUST_DIGEST_LEN; i++)
		snprintf(out + 9 + 2 * i, 3, "%02x", d[i]);
	return BERTH_OK;
}

/* `audit customer/ID`: the customer's records are under its digest. A
 * name that is a digest already is taken as it is. */
static const char *audit_entity_asked(berth_txn *t, const char *entity)
{
	char *out;
	size_t i;

	if (strncmp(entity, "customer/", 9))
		return entity;
	for (i = 9; entity[i] && strchr("0123456789abcdef", entity[i]); i++)
		;
	if (i == CUSTOMER_ENTITY_LEN - 1 && !entity[i])
		return entity;
	if (!(out = arena_alloc(t->a, CUSTOMER_ENTITY_LEN)) ||
	    audit_customer_entity(t, entity + 9, out, CUSTOMER_ENTITY_LEN))
		return entity;
	return out;
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

/* One record, decoded into the scratch arena. */
static berth_status decode(berth_txn *t, sval k, sval v, arena *scratch,
			   berth_audit *out)
{
	arena *keep = t->a;
	audit_entry e;
	int rc;

	t->a = scratch;
	rc = entry_read(t, T_AUDIT, k, v, &e);
	t->a = keep;
	if (rc)
		return txn_status(t);
	*out = e.a;
	return BERTH_OK;
}

berth_status audit_load(berth_txn *t, uint64_t seq, arena *scratch,
			berth_audit *out)
{
	keybuf k;
	sval kv, v;
	berth_status st;

	id_key(&k, seq);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(t->st, T_AUDIT, k.b, k.len, &v))
		return txn_status(t) ? txn_status(t) : BERTH_NOT_FOUND;
	if ((st = decode(t, kv, v, scratch, out)))
		return st;
	out->scratch = scratch;
	zones(t, out);
	return BERTH_OK;
}

static int wanted(const berth_audit *a, const berth_audit_req *req,
		  btime since, btime until)
{
	size_t n;

	if (req->has_since && a->at < since)
		return 0;
	if (req->has_until && a->at >= until)
		return 0;
	if (req->entity_type &&
	    (strncmp(a->action, req->entity_type,
		     n = strlen(req->entity_type)) ||
	     a->action[n] != '.'))
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
	btime since = 0, until = 0;
	berth_audit a;
	keybuf k;
	sval kv, v;

	if (!scratch)
		return oom();
	if (req->has_since &&
	    (st = clock_resolve_at(&req->since, t->zone, t->now, &since)))
		goto out;
	if (req->has_until &&
	    (st = clock_resolve_until(&req->until, t->zone, t->now, &until)))
		goto out;
	if (req->entity) {
		const char *entity = audit_entity_asked(t, req->entity);
		audit_by_key(&k, entity, 0);
		c = store_cursor_open(t->st, T_AUDIT_BY);
		for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
		     ok = store_next(c, &kv, &v)) {
			audit_by_entry be;
			keybuf ak;
			sval akv;
			if (entry_read(t, T_AUDIT_BY, kv, v, &be)) {
				st = txn_status(t);
				break;
			}
			if (strcmp(be.entity, entity))
				break;
			id_key(&ak, be.seq);
			arena_reset(scratch);
			if (!store_get(t->st, T_AUDIT, ak.b, ak.len, &v)) {
				st = schema_corrupt(t, T_AUDIT_BY, kv,
						    "its audit record is not "
						    "there");
				break;
			}
			akv.data = ak.b;
			akv.len = ak.len;
			if ((st = decode(t, akv, v, scratch, &a)))
				break;
			a.scratch = scratch;
			zones(t, &a);
			if (wanted(&a, req, since, until) && cb(&a, arg))
				break;
		}
		store_cursor_close(c);
		goto out;
	}
	c = store_cursor_open(t->st, T_AUDIT);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		if (is_counters_key(T_AUDIT, kv))
			break; /* the id counters, after the last record */
		arena_reset(scratch);
		if ((st = decode(t, kv, v, scratch, &a)))
			break;
		a.scratch = scratch;
		zones(t, &a);
		if (wanted(&a, req, since, until) && cb(&a, arg))
			break;
	}
	store_cursor_close(c);
out:
	arena_free(scratch);
	return st ? st : txn_status(t);
}
