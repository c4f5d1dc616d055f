/* schema.c - every table's codec in one list (its seal tag, its names,
 * its record versions), the records kept whole (audit, claims, resources,
 * policies, idempotency keys), and the generic decode: length, seal,
 * version, fields, range. Keys are in schema-key.c, the records' own
 * layouts in schema-record.c, the indexes in schema-index.c. See schema.h
 * for the two layers, and docs/STORAGE.md for the layouts in prose. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schema-codec.h"

/* --- the tables --- */

/* What an audit record's before and after hold: a type byte, then the
 * entity's own record as bytes. */
static void put_entity(wbuf *w, entity_type type, const uint8_t *p, size_t n)
{
	wb_u8(w, (uint8_t)(p ? type : ENT_NONE));
	if (p)
		wb_bytes(w, p, n);
}

/* Decodes an entity's record into the public audit fields. */
static void get_entity(rbuf *r, audit_entry *e, int after)
{
	entity_type type = rb_u8(r);
	const uint8_t *p;
	size_t n;
	rbuf body;

	if (r->bad || type == ENT_NONE)
		return;
	if (type >= ENT_COUNT) {
		rb_bad(r, "entity type %u is unknown", type);
		return;
	}
	if (e->type != ENT_NONE && e->type != type) {
		rb_bad(r, "before and after are different kinds");
		return;
	}
	e->type = type;
	if (!(p = rb_bytes(r, &n)))
		return;
	*(after ? &e->after : &e->before) = p;
	*(after ? &e->after_len : &e->before_len) = n;
	rb_init(&body, p, n, r->a);
	switch (type) {
	case ENT_CLAIM: {
		berth_claim *c = arena_alloc(r->a, sizeof *c);
		if (!c) {
			rb_bad(r, "out of memory");
			return;
		}
		get_claim(&body, c);
		*(after ? &e->a.after_claim : &e->a.before_claim) = c;
		break;
	}
	case ENT_RESOURCE: {
		berth_resource *res = arena_alloc(r->a, sizeof *res);
		if (!res) {
			rb_bad(r, "out of memory");
			return;
		}
		get_resource(&body, res);
		*(after ? &e->a.after_res : &e->a.before_res) = res;
		break;
	}
	case ENT_POLICY: {
		berth_policy *pol = arena_alloc(r->a, sizeof *pol);
		if (!pol) {
			rb_bad(r, "out of memory");
			return;
		}
		memset(pol, 0, sizeof *pol);
		pol->key = rb_str(&body);
		pol->scope = rb_str(&body);
		if (pol->scope && !strncmp(pol->scope, "service:", 8))
			pol->service = pol->scope + 8;
		pol->value = rb_i64(&body);
		if (!body.bad && !pol->key)
			rb_bad(&body, "policy without a name");
		*(after ? &e->a.after_policy : &e->a.before_policy) = pol;
		break;
	}
	case ENT_HOURS:
	case ENT_HOLIDAY:
	case ENT_TIMEOFF: {
		size_t sz = type == ENT_HOURS	  ? sizeof(berth_hours)
			    : type == ENT_HOLIDAY ? sizeof(berth_holiday)
						  : sizeof(berth_timeoff);
		void *x = arena_alloc(r->a, sz);
		if (!x) {
			rb_bad(r, "out of memory");
			return;
		}
		calendar_get_record(&body, type, x);
		if (type == ENT_HOURS)
			*(after ? &e->a.after_hours : &e->a.before_hours) = x;
		else if (type == ENT_HOLIDAY)
			*(after ? &e->a.after_holiday : &e->a.before_holiday) =
			    x;
		else
			*(after ? &e->a.after_timeoff : &e->a.before_timeoff) =
			    x;
		break;
	}
	case ENT_SERVICE: {
		berth_service *s = arena_alloc(r->a, sizeof *s);
		if (!s) {
			rb_bad(r, "out of memory");
			return;
		}
		service_get_record(&body, s);
		*(after ? &e->a.after_service : &e->a.before_service) = s;
		break;
	}
	case ENT_CUSTOMER: {
		berth_customer *c = arena_alloc(r->a, sizeof *c);
		if (!c) {
			rb_bad(r, "out of memory");
			return;
		}
		customer_get_record(&body, c);
		*(after ? &e->a.after_customer : &e->a.before_customer) = c;
		break;
	}
	case ENT_WAITLIST: {
		berth_waitlist *w = arena_alloc(r->a, sizeof *w);
		if (!w) {
			rb_bad(r, "out of memory");
			return;
		}
		get_waitlist(&body, w);
		*(after ? &e->a.after_waitlist : &e->a.before_waitlist) = w;
		break;
	}
	default:
		break;
	}
	rb_end(&body);
	if (body.bad)
		rb_bad(r, "its %s: %s", after ? "after" : "before", body.why);
}

/* The policy an audit record keeps as before and after. */
void schema_put_policy(wbuf *w, const berth_policy *p)
{
	char scope[BERTH_NAME_MAX + 16];

	wb_str(w, p->key);
	/* A service's value (format 9) names its scope "service:NAME": no
	 * resource name has a colon, and the layout stays the one every
	 * audit record of a policy has. */
	if (p->service) {
		snprintf(scope, sizeof scope, "service:%s", p->service);
		wb_str(w, scope);
	} else {
		wb_str(w, p->scope);
	}
	wb_i64(w, p->value);
}

/* Audit records are version 2 since the idempotency key joined them, 3
 * since the source's parts follow it and each ends with its link in the
 * chain (audit-chain.c). */
#define AUDIT_RECORD 3

static void enc_audit(const void *ep, keybuf *k, wbuf *w)
{
	const audit_entry *e = ep;

	id_key(k, e->seq);
	if (!w)
		return;
	wb_u8(w, AUDIT_RECORD);
	wb_i64(w, e->a.at);
	wb_str(w, e->a.actor);
	wb_u8(w, (uint8_t)e->a.role);
	wb_str(w, e->a.source);
	wb_str(w, e->a.action);
	wb_str(w, e->a.entity);
	put_entity(w, e->type, e->before, e->before_len);
	put_entity(w, e->type, e->after, e->after_len);
	wb_str(w, e->a.reason);
	wb_str(w, e->idem_key);
	schema_put_attrs(w, &e->a.source_detail);
	wb_bytes(w, e->a.hash, CHAIN_HASH_LEN);
}

static void dec_audit(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	audit_entry *e = ep;

	memset(e, 0, sizeof *e);
	e->seq = e->a.seq = rb_u64(k);
	id_in_range(k, e->seq);
	if (version < 1 || version > AUDIT_RECORD) {
		rb_bad(r, "audit record version %u is unknown", version);
		return;
	}
	e->a.at = rb_i64(r);
	time_in_range(r, "time", e->a.at);
	e->a.actor = rb_str(r);
	e->a.role = rb_u8(r);
	if (!r->bad && e->a.role > ROLE_SYSTEM)
		rb_bad(r, "role %u is unknown", e->a.role);
	e->a.source = rb_str(r);
	e->a.action = rb_str(r);
	e->a.entity = rb_str(r);
	if (!r->bad && (!e->a.action || !e->a.entity || !*e->a.entity))
		rb_bad(r, "no action or entity");
	get_entity(r, e, 0);
	get_entity(r, e, 1);
	e->a.reason = rb_str(r);
	if (version >= 2)
		e->idem_key = rb_str(r);
	if (version >= 3) {
		size_t n = 0;
		const uint8_t *h;
		schema_get_attrs(r, &e->a.source_detail);
		h = rb_bytes(r, &n);
		if (h && n != CHAIN_HASH_LEN)
			rb_bad(r, "its hash is %zu bytes, want %d", n,
			       CHAIN_HASH_LEN);
		else if (h)
			memcpy(e->a.hash, h, CHAIN_HASH_LEN);
		e->a.has_hash = h != NULL;
	}
}

static void enc_claim(const void *ep, keybuf *k, wbuf *w)
{
	const claim_entry *e = ep;

	id_key(k, e->id);
	if (!w)
		return;
	schema_put_claim(w, &e->c);
}

static void dec_claim(rbuf *k, rbuf *r, unsigned version, void *ep,
		      claim_kind kind)
{
	claim_entry *e = ep;

	e->kind = kind;
	e->id = rb_u64(k);
	get_claim_fields(r, version, &e->c);
	if (!r->bad && (e->c.kind != kind || e->c.id != e->id))
		rb_bad(r, "the record is of %c%llu", e->c.kind ? 'b' : 'h',
		       (unsigned long long)e->c.id);
}

static void dec_hold(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	dec_claim(k, r, version, ep, CLAIM_HOLD);
}

static void dec_booking(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	dec_claim(k, r, version, ep, CLAIM_BOOKING);
}

static void enc_resource(const void *ep, keybuf *k, wbuf *w)
{
	const resource_entry *e = ep;

	name_key(k, e->r.name);
	if (!w)
		return;
	schema_put_resource(w, &e->r);
}

static void dec_resource(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	resource_entry *e = ep;

	(void)version;
	e->name = rk_str(k);
	get_resource_fields(r, &e->r);
	if (!r->bad && !k->bad && strcmp(e->name, e->r.name))
		rb_bad(r, "the record is of resource '%s'", e->r.name);
}

typedef struct {
	uint8_t tag;	   /* in every seal of the table: never renumber */
	const char *name;  /* as `check` lists it */
	const char *label; /* as a message names it */
	size_t fixed;	   /* a fixed value length, seal included; 0: varies */
	unsigned versions; /* record versions this berth reads: 1..versions */
	void (*enc)(const void *e, keybuf *k, wbuf *w);
	void (*dec)(rbuf *k, rbuf *v, unsigned version, void *out);
} codec;

static const codec codecs[T_COUNT] = {
    [T_META] = {1, "meta", "store meta", 0, 1, NULL, NULL},
    [T_RESOURCE] = {2, "resource", "resource", 0, 1, enc_resource,
		    dec_resource},
    [T_RESID] = {3, "resid", "resource number", 0, 1, enc_resid, dec_resid},
    [T_HOLD] = {4, "hold", "hold", 0, CLAIM_RECORD, enc_claim, dec_hold},
    [T_BOOKING] = {5, "booking", "booking", 0, CLAIM_RECORD, enc_claim,
		   dec_booking},
    [T_SPAN] = {6, "span", "span index", 1 + 8 + 4 + 8 + SEAL_LEN, 1, enc_span,
		dec_span},
    [T_PROFILE] = {7, "profile", "usage profile", 0, 1, enc_profile,
		   dec_profile},
    [T_SEAT] = {8, "seat", "seat index", 1 + 8 + 8 + SEAL_LEN, 1, enc_seat,
		dec_seat},
    [T_EXPIRY] = {9, "expiry", "expiry index", 1 + 8 + 8 + 4 + SEAL_LEN, 1,
		  enc_expiry, dec_expiry},
    [T_POLICY] = {10, "policy", "policy", 1 + 8 + SEAL_LEN, 1, enc_policy,
		  dec_policy},
    [T_IDEM] = {11, "idem", "idempotency key", 0, IDEM_RECORD, enc_idem,
		  dec_idem},
    [T_AUDIT] = {12, "audit", "audit record", 0, AUDIT_RECORD, enc_audit,
		 dec_audit},
    [T_AUDIT_BY] = {13, "audit_by", "audit index", 1 + SEAL_LEN, 1,
		    enc_audit_by, dec_audit_by},
    [T_DUE] = {14, "due", "due index", 1 + SEAL_LEN, 1, enc_due, dec_due},
    [T_BYRES] = {15, "byres", "resource list", 1 + SEAL_LEN, 1, enc_byres,
		 dec_byres},
    [T_HOURS] = {16, "hours", "opening hours", 0, 1, enc_hours, dec_hours},
    [T_HOLIDAY] = {17, "holiday", "holiday", 0, 1, enc_holiday, dec_holiday},
    [T_HOLIDAY_DAY] = {18, "holiday_day", "holiday index", 1 + SEAL_LEN, 1,
		       enc_holiday_day, dec_holiday_day},
    [T_TIMEOFF] = {19, "timeoff", "time off", 0, 1, enc_timeoff,
		   dec_timeoff},
    [T_TIMEOFF_BY] = {20, "timeoff_by", "time-off index", 1 + 8 + SEAL_LEN,
		      1, enc_timeoff_by, dec_timeoff_by},
    [T_SERVICE] = {21, "service", "service", 0, 1, enc_service,
		   dec_service},
    [T_EVENT] = {22, "event", "event", 0, 1, enc_event, dec_event},
    [T_NOTIFIER] = {23, "notifier", "notifier", 1 + 8 + 8 + 8 + SEAL_LEN, 1,
		    enc_notifier, dec_notifier},
    [T_DELIVERY] = {24, "delivery", "delivery", 0, 1, enc_delivery,
		    dec_delivery},
    [T_REACH] = {25, "reach", "longest claim", 1 + 8 + SEAL_LEN, 1,
		 enc_reach, dec_reach},
    [T_BYCUST] = {26, "bycust", "customer index", 1 + 4 + 8 + 8 + SEAL_LEN, 1,
		  enc_bycust, dec_bycust},
    [T_SERIES] = {27, "series", "series index", 1 + SEAL_LEN, 1, enc_series,
		  dec_series},
    [T_CUSTOMER] = {28, "customer", "customer", 0, 1, enc_customer,
		    dec_customer},
    [T_CUSTHIST] = {29, "custhist", "customer history", 1 + SEAL_LEN, 1,
		    enc_custhist, dec_custhist},
    [T_WAITLIST] = {30, "waitlist", "waitlist entry", 0, 1, enc_waitlist,
		    dec_waitlist},
    [T_WAITDAY] = {31, "waitday", "waitlist index", 1 + SEAL_LEN, 1,
		   enc_waitday, dec_waitday},
    [T_WAITDUE] = {32, "waitdue", "waitlist due index", 1 + SEAL_LEN, 1,
		   enc_waitdue, dec_waitdue},
    [T_SVCPOLICY] = {33, "svcpolicy", "service policy", 1 + 8 + SEAL_LEN, 1,
		     enc_svcpolicy, dec_svcpolicy},
};

const char *schema_label(store_table tb)
{
	return codecs[tb].label;
}

const char *schema_table(store_table tb)
{
	return codecs[tb].name;
}

int schema_derived(store_table tb)
{
	switch (tb) {
	case T_SPAN:
	case T_SEAT:
	case T_EXPIRY:
	case T_DUE:
	case T_BYRES:
	case T_PROFILE:
	case T_RESID:
	case T_AUDIT_BY:
	case T_HOLIDAY_DAY:
	case T_TIMEOFF_BY:
	case T_REACH:
	case T_BYCUST:
	case T_SERIES:
	case T_CUSTHIST:
	case T_WAITDAY:
	case T_WAITDUE:
		return 1;
	default:
		return 0;
	}
}

uint8_t schema_tag(store_table tb)
{
	return codecs[tb].tag;
}

/* Format 1 stored some values bare: a resource number's name as its
 * bytes, a policy as 8 bytes; the records had the layouts they have now,
 * unsealed. Only the tables that are not rebuilt from others are read. */
static int decode_format1(store_table tb, rbuf *kr, rbuf *vr, void *out)
{
	const codec *cd = &codecs[tb];

	switch (tb) {
	case T_RESID: {
		resid_entry *e = out;
		e->rid = rb_u32(kr);
		rid_in_range(kr, e->rid);
		if (!vr->bad &&
		    !(e->name = arena_strndup(vr->a, (const char *)vr->p,
					      rb_left(vr)))) {
			rb_bad(vr, "out of memory");
			return -1;
		}
		vr->p = vr->end;
		name_in_range(vr, e->name);
		return 0;
	}
	case T_POLICY: {
		policy_entry *e = out;
		e->rid = rb_u32(kr);
		e->key = rk_str(kr);
		e->value = rb_i64(vr);
		if (!vr->bad && (e->value < 0 || e->value > POLICY_MAX))
			rb_bad(vr, "value %lld is out of range",
			       (long long)e->value);
		return 0;
	}
	case T_RESOURCE:
	case T_HOLD:
	case T_BOOKING:
	case T_IDEM:
	case T_AUDIT: {
		unsigned version = rb_u8(vr);
		if (!vr->bad && version != 1) {
			rb_bad(vr, "record version %u in a format-1 store",
			       version);
			return -1;
		}
		cd->dec(kr, vr, version, out);
		return 0;
	}
	default:
		rb_bad(vr, "format 1 is read only by berth upgrade, which "
			   "rebuilds this table");
		return -1;
	}
}

int schema_decode(store_table tb, unsigned format, sval k, sval v, arena *a,
		  void *out, char *why, size_t size)
{
	const codec *cd = &codecs[tb];
	rbuf kr, vr;
	unsigned version;

	rb_init(&kr, k.data, k.len, a);
	if (format == 1) {
		rb_init(&vr, v.data, v.len, a);
		decode_format1(tb, &kr, &vr, out);
		goto done;
	}
	if (!cd->dec) {
		snprintf(why, size, "has no decoder");
		return -1;
	}
	if (cd->fixed && v.len != cd->fixed) {
		snprintf(why, size, "value is %zu bytes, want %zu", v.len,
			 cd->fixed);
		return -1;
	}
	if (v.len < 1 + SEAL_LEN) {
		snprintf(why, size,
			 "value is %zu bytes, too short to hold "
			 "anything",
			 v.len);
		return -1;
	}
	if (!seal_ok(cd->tag, k.data, k.len, v.data, v.len)) {
		snprintf(why, size, "checksum does not match");
		return -1;
	}
	rb_init(&vr, v.data, v.len - SEAL_LEN, a);
	version = rb_u8(&vr);
	if (version < 1 || version > cd->versions) {
		snprintf(why, size,
			 "record version %u is unknown to this berth (newer?)",
			 version);
		return -1;
	}
	cd->dec(&kr, &vr, version, out);
done:
	rb_end(&kr);
	if (kr.bad) {
		snprintf(why, size, "key: %s", kr.why);
		return -1;
	}
	return finish(&vr, why, size);
}

void schema_key(store_table tb, const void *e, keybuf *k)
{
	codecs[tb].enc(e, k, NULL);
}

void schema_encode(store_table tb, const void *e, keybuf *k, wbuf *v)
{
	codecs[tb].enc(e, k, v);
	seal_append(v, codecs[tb].tag, k->b, k->len);
}
