/* schema-index.c - the index tables' entries: resource numbers, spans,
 * seats, expiries, the due list, the resource lists, usage profiles and
 * the audit index. Each is derived from the records (lib/index.c says
 * which), and rebuilt by check --repair. */
#include <stdio.h>
#include <string.h>

#include "schema-codec.h"

void enc_resid(const void *ep, keybuf *k, wbuf *w)
{
	const resid_entry *e = ep;

	rid_key(k, e->rid);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_str(w, e->name);
}

void dec_resid(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	resid_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->name = rb_str(r);
	name_in_range(r, e->name);
}

void enc_span(const void *ep, keybuf *k, wbuf *w)
{
	const span_entry *e = ep;

	span_key(k, e->rid, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->end);
	wb_u32(w, (uint32_t)e->quantity);
	wb_i64(w, e->expires_at);
}

/* The rid, time, kind and id that keys of several tables share. */
static void rid_time_claim_of(rbuf *k, uint32_t *rid, btime *at,
			      claim_kind *kind, uint64_t *id)
{
	*rid = rb_u32(k);
	rid_in_range(k, *rid);
	*at = rk_time(k);
	*kind = kind_of(k, rb_u8(k));
	*id = rb_u64(k);
	id_in_range(k, *id);
}

void dec_span(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	span_entry *e = ep;

	(void)version;
	rid_time_claim_of(k, &e->rid, &e->start, &e->kind, &e->id);
	e->end = rb_i64(r);
	e->quantity = rb_u32(r);
	e->expires_at = rb_i64(r);
	window_in_range(r, e->start, e->end);
	quantity_in_range(r, e->quantity);
	expiry_in_range(r, e->expires_at);
}

void enc_seat(const void *ep, keybuf *k, wbuf *w)
{
	const seat_entry *e = ep;

	seat_key(k, e->rid, e->seat, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->end);
	wb_i64(w, e->expires_at);
}

void dec_seat(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	seat_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->seat = rb_u32(k);
	if (!k->bad && (e->seat < 1 || e->seat > BERTH_SEATS_MAX))
		rb_bad(k, "seat %u is outside 1 to %d", e->seat,
		       BERTH_SEATS_MAX);
	e->start = rk_time(k);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	e->end = rb_i64(r);
	e->expires_at = rb_i64(r);
	window_in_range(r, e->start, e->end);
	expiry_in_range(r, e->expires_at);
}

void enc_expiry(const void *ep, keybuf *k, wbuf *w)
{
	const expiry_entry *e = ep;

	expiry_key(k, e->rid, e->expires_at, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->start);
	wb_i64(w, e->end);
	wb_u32(w, (uint32_t)e->quantity);
}

void dec_expiry(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	expiry_entry *e = ep;

	(void)version;
	rid_time_claim_of(k, &e->rid, &e->expires_at, &e->kind, &e->id);
	time_in_range(k, "expiry", e->expires_at);
	e->start = rb_i64(r);
	e->end = rb_i64(r);
	e->quantity = rb_u32(r);
	window_in_range(r, e->start, e->end);
	quantity_in_range(r, e->quantity);
}

void enc_due(const void *ep, keybuf *k, wbuf *w)
{
	const due_entry *e = ep;

	due_key(k, e->expires_at, e->rid, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

void dec_due(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	due_entry *e = ep;

	(void)r;
	(void)version;
	e->expires_at = rk_time(k);
	time_in_range(k, "expiry", e->expires_at);
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
}

void enc_byres(const void *ep, keybuf *k, wbuf *w)
{
	const byres_entry *e = ep;

	byres_key(k, e->rid, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

void dec_byres(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	byres_entry *e = ep;

	(void)r;
	(void)version;
	rid_time_claim_of(k, &e->rid, &e->start, &e->kind, &e->id);
	time_in_range(k, "start", e->start);
}

void enc_series(const void *ep, keybuf *k, wbuf *w)
{
	const series_entry *e = ep;

	series_key(k, e->series, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

void dec_series(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	series_entry *e = ep;

	(void)r;
	(void)version;
	e->series = rb_u64(k);
	id_in_range(k, e->series);
	e->start = rk_time(k);
	time_in_range(k, "start", e->start);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
}

void enc_reach(const void *ep, keybuf *k, wbuf *w)
{
	const reach_entry *e = ep;

	rid_key(k, e->rid);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->longest);
}

void dec_reach(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	reach_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->longest = rb_i64(r);
	if (e->longest < 0)
		rb_bad(r, "a claim's length below zero");
}

void enc_bycust(const void *ep, keybuf *k, wbuf *w)
{
	const bycust_entry *e = ep;

	bycust_key(k, e->cust, e->start, e->kind, e->id);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_u32(w, e->rid);
	wb_i64(w, e->end);
	wb_i64(w, e->expires_at);
}

void dec_bycust(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	bycust_entry *e = ep;

	(void)version;
	be_put(e->cust, rb_u64(k), 8);
	be_put(e->cust + 8, rb_u64(k), 8);
	e->start = rk_time(k);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
	e->rid = rb_u32(r);
	rid_in_range(r, e->rid);
	e->end = rb_i64(r);
	e->expires_at = rb_i64(r);
	window_in_range(r, e->start, e->end);
	expiry_in_range(r, e->expires_at);
}

void enc_profile(const void *ep, keybuf *k, wbuf *w)
{
	const profile_entry *e = ep;

	profile_key(k, e->rid, e->at);
	if (!w)
		return;
	/* The most numerous entries: levels and steps are small, so they
	 * take a byte or three rather than eight. */
	wb_u8(w, INDEX_RECORD);
	wb_svar(w, e->level);
	wb_svar(w, e->delta);
}

void dec_profile(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	profile_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	rid_in_range(k, e->rid);
	e->at = rk_time(k);
	time_in_range(k, "instant", e->at);
	e->level = rb_svar(r);
	e->delta = rb_svar(r);
	if (r->bad)
		return;
	/* level - delta is the level before: in range too, computed only
	 * once both are known to be small. */
	if (e->level < 0 || e->level > LEVEL_MAX || e->delta == 0 ||
	    e->delta < -LEVEL_MAX || e->delta > LEVEL_MAX ||
	    e->level - e->delta < 0 || e->level - e->delta > LEVEL_MAX)
		rb_bad(r, "level %lld after a step of %lld is out of range",
		       (long long)e->level, (long long)e->delta);
}

void enc_policy(const void *ep, keybuf *k, wbuf *w)
{
	const policy_entry *e = ep;

	policy_key(k, e->rid, e->key);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->value);
}

void dec_policy(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	policy_entry *e = ep;

	(void)version;
	e->rid = rb_u32(k);
	e->key = rk_str(k);
	e->value = rb_i64(r);
	if (!r->bad && (e->value < 0 || e->value > POLICY_MAX))
		rb_bad(r, "value %lld is out of range", (long long)e->value);
}

/* A service's policy: the same value as the store's and a resource's,
 * keyed by the service's name (services have no number). */
void enc_svcpolicy(const void *ep, keybuf *k, wbuf *w)
{
	const svcpolicy_entry *e = ep;

	svcpolicy_key(k, e->service, e->key);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
	wb_i64(w, e->value);
}

void dec_svcpolicy(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	svcpolicy_entry *e = ep;

	(void)version;
	e->service = rk_str(k);
	e->key = rk_str(k);
	if (!k->bad && (!e->service || !*e->service || !e->key || !*e->key))
		rb_bad(k, "a service policy without a service or a name");
	e->value = rb_i64(r);
	if (!r->bad && (e->value < 0 || e->value > POLICY_MAX))
		rb_bad(r, "value %lld is out of range", (long long)e->value);
}

void enc_idem(const void *ep, keybuf *k, wbuf *w)
{
	const idem_entry *e = ep;

	name_key(k, e->key);
	if (!w)
		return;
	wb_u8(w, e->legacy ? 1 : IDEM_RECORD);
	wb_bytes(w, e->request, e->request_len);
	wb_bytes(w, e->result_bytes, e->result_len);
	if (e->legacy)
		return;
	wb_u8(w, (uint8_t)e->defaulted);
	wb_str(w, e->zone);
}

void dec_idem(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	idem_entry *e = ep;
	rbuf body;

	e->legacy = version < 2;
	e->key = rk_str(k);
	e->request = rb_bytes(r, &e->request_len);
	e->result_bytes = rb_bytes(r, &e->result_len);
	e->defaulted = IDEM_DEF_ALL;
	e->zone = NULL;
	if (version >= 3) {
		e->defaulted = rb_u8(r);
		e->zone = rb_str(r);
		if (!r->bad && e->defaulted > IDEM_DEF_ALL)
			rb_bad(r, "defaults %u are unknown", e->defaulted);
		if (!r->bad && e->zone && berth_check_text("zone", e->zone)) {
			berth_clear();
			rb_bad(r, "its zone is not a zone's name");
		}
	}
	if (r->bad)
		return;
	rb_init(&body, e->result_bytes, e->result_len, r->a);
	get_claim(&body, &e->result);
	rb_end(&body);
	if (body.bad)
		rb_bad(r, "its result: %s", body.why);
}

void enc_audit_by(const void *ep, keybuf *k, wbuf *w)
{
	const audit_by_entry *e = ep;

	audit_by_key(k, e->entity, e->seq);
	if (!w)
		return;
	wb_u8(w, INDEX_RECORD);
}

void dec_audit_by(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	audit_by_entry *e = ep;

	(void)r;
	(void)version;
	e->entity = rk_str(k);
	e->seq = rb_u64(k);
	id_in_range(k, e->seq);
}

void enc_custhist(const void *ep, keybuf *k, wbuf *w)
{
	const custhist_entry *e = ep;

	custhist_key(k, e->cust, e->kind, e->id);
	if (w)
		wb_u8(w, INDEX_RECORD);
}

void dec_custhist(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	custhist_entry *e = ep;

	(void)version;
	(void)r;
	be_put(e->cust, rb_u64(k), 8);
	be_put(e->cust + 8, rb_u64(k), 8);
	e->kind = kind_of(k, rb_u8(k));
	e->id = rb_u64(k);
	id_in_range(k, e->id);
}
