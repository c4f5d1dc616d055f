/* schema-store.c - the codecs of schema.c inside a transaction: reading
 * an entry fails the transaction when it is damaged, naming the table and
 * the key as people read them; writing seals (schema-meta.c does the same
 * for the meta table and the id counters). */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* --- naming a key --- */

/* A resource number as its name, and the zone to print its times in;
 * "resource #N" and UTC when the store cannot say. Damage met here is only
 * described, never acted on: this runs on the way to a refusal. */
static void resource_of(berth_txn *t, uint32_t rid, char *name, size_t size,
			const char **zone)
{
	char why[64];
	resid_entry re;
	resource_entry res;
	keybuf k;
	sval kv = {0}, v;

	snprintf(name, size, "resource #%u", rid);
	*zone = "UTC";
	rid_key(&k, rid);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(t->st, T_RESID, k.b, k.len, &v) ||
	    schema_decode(T_RESID, FORMAT_CURRENT, kv, v, t->a, &re, why,
			  sizeof why))
		return;
	snprintf(name, size, "%s", re.name);
	name_key(&k, re.name);
	kv.data = k.b;
	kv.len = k.len;
	if (store_get(t->st, T_RESOURCE, k.b, k.len, &v) &&
	    !schema_decode(T_RESOURCE, FORMAT_CURRENT, kv, v, t->a, &res, why,
			   sizeof why) &&
	    res.r.rid == rid)
		*zone = res.r.tz;
}

static void claim_name(claim_kind kind, uint64_t id, char *buf, size_t size)
{
	berth_id_format(kind, id, buf, size);
}

/* Text from a key, quoted, every byte outside printable ASCII as \xNN:
 * a damaged key must not put escapes on a terminal. */
static void quoted(char *buf, size_t size, const uint8_t *p, size_t n)
{
	size_t off = 0;

	if (size < 8)
		return;
	buf[off++] = '\'';
	for (size_t i = 0; i < n && i < 80 && off + 6 < size; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f)
			buf[off++] = (char)p[i];
		else
			off += (size_t)snprintf(buf + off, size - off,
						"\\x%02x", p[i]);
	}
	buf[off++] = '\'';
	buf[off] = '\0';
}

void schema_describe(berth_txn *t, store_table tb, sval k, char *buf,
		     size_t size)
{
	char res[BERTH_NAME_MAX + 24], when[CLOCK_TIME_MAX], id[24];
	const char *zone;
	const uint8_t *p = k.data;
	size_t n = k.len;

	/* Each layout's length first: a key cut short is described as
	 * bytes, never read past its end. */
	switch (tb) {
	case T_META: /* bare names, as format 1 had them */
		if (n && !memchr(p, '\0', n)) {
			quoted(buf, size, p, n);
			return;
		}
		break;
	case T_RESOURCE:
	case T_IDEM:
	case T_NOTIFIER:
	case T_CUSTOMER:
		if (n > 1 && p[n - 1] == '\0' && !memchr(p, '\0', n - 1)) {
			quoted(buf, size, p, n - 1);
			return;
		}
		break;
	case T_RESID:
	case T_REACH:
		if (n == 4) {
			snprintf(buf, size, "resource number %u",
				 key_read_u32(p));
			return;
		}
		break;
	case T_HOLD:
	case T_BOOKING:
	case T_AUDIT:
		if (is_counters_key(tb, k)) {
			snprintf(buf, size, "the id counters");
			return;
		}
		if (n == 8) {
			if (tb == T_AUDIT)
				snprintf(buf, size, "record %llu",
					 (unsigned long long)key_read_u64(p));
			else
				claim_name(tb == T_HOLD ? CLAIM_HOLD
							: CLAIM_BOOKING,
					   key_read_u64(p), buf, size);
			return;
		}
		break;
	case T_SPAN:
	case T_BYRES:
	case T_EXPIRY:
		if (n == 21) {
			resource_of(t, key_read_u32(p), res, sizeof res, &zone);
			clock_format(key_read_time(p + 4), zone, when,
				     sizeof when);
			claim_name(p[12] ? CLAIM_BOOKING : CLAIM_HOLD,
				   key_read_u64(p + 13), id, sizeof id);
			snprintf(buf, size, "%s %s %s %s", res, id,
				 tb == T_EXPIRY ? "expiring" : "starting",
				 when);
			return;
		}
		break;
	case T_CUSTHIST:
		if (n == 25) {
			claim_name(p[16] ? CLAIM_BOOKING : CLAIM_HOLD,
				   key_read_u64(p + 17), id, sizeof id);
			snprintf(buf, size, "customer of %s", id);
			return;
		}
		break;
	case T_WAITLIST:
		if (n == 8) {
			snprintf(buf, size, "w%llu",
				 (unsigned long long)key_read_u64(p));
			return;
		}
		break;
	case T_WAITDAY:
		if (n == 20) {
			resource_of(t, key_read_u32(p), res, sizeof res, &zone);
			snprintf(buf, size, "%s on %u (w%llu)", res,
				 key_read_u32(p + 4),
				 (unsigned long long)key_read_u64(p + 12));
			return;
		}
		break;
	case T_WAITDUE:
		if (n == 16) {
			clock_format(key_read_time(p), "UTC", when, sizeof when);
			snprintf(buf, size, "w%llu waiting until %s",
				 (unsigned long long)key_read_u64(p + 8), when);
			return;
		}
		break;
	case T_BYCUST:
		if (n == 33) {
			/* The customer is a digest: the claim names it. */
			claim_name(p[24] ? CLAIM_BOOKING : CLAIM_HOLD,
				   key_read_u64(p + 25), id, sizeof id);
			clock_format(key_read_time(p + 16), "UTC", when,
				     sizeof when);
			snprintf(buf, size, "customer of %s starting %s", id,
				 when);
			return;
		}
		break;
	case T_PROFILE:
		if (n == 12) {
			resource_of(t, key_read_u32(p), res, sizeof res, &zone);
			clock_format(key_read_time(p + 4), zone, when,
				     sizeof when);
			snprintf(buf, size, "%s at %s", res, when);
			return;
		}
		break;
	case T_SEAT:
		if (n == 25) {
			resource_of(t, key_read_u32(p), res, sizeof res, &zone);
			clock_format(key_read_time(p + 8), zone, when,
				     sizeof when);
			claim_name(p[16] ? CLAIM_BOOKING : CLAIM_HOLD,
				   key_read_u64(p + 17), id, sizeof id);
			snprintf(buf, size, "%s seat %u at %s (%s)", res,
				 key_read_u32(p + 4), when, id);
			return;
		}
		break;
	case T_DUE:
		if (n == 21) {
			resource_of(t, key_read_u32(p + 8), res, sizeof res,
				    &zone);
			clock_format(key_read_time(p), zone, when, sizeof when);
			claim_name(p[12] ? CLAIM_BOOKING : CLAIM_HOLD,
				   key_read_u64(p + 13), id, sizeof id);
			snprintf(buf, size, "%s of %s due %s", id, res, when);
			return;
		}
		break;
	case T_POLICY:
		if (n > 5 && p[n - 1] == '\0' && !memchr(p + 4, '\0', n - 5)) {
			uint32_t rid = key_read_u32(p);
			char name[96];
			if (rid)
				resource_of(t, rid, res, sizeof res, &zone);
			quoted(name, sizeof name, p + 4, n - 5);
			snprintf(buf, size, "%s of %s", name,
				 rid ? res : "the store");
			return;
		}
		break;
	case T_SVCPOLICY: {
		const void *z = n ? memchr(p, '\0', n) : NULL;
		size_t sn = z ? (size_t)((const uint8_t *)z - p) : 0;
		if (z && n > sn + 2 && p[n - 1] == '\0' &&
		    !memchr(p + sn + 1, '\0', n - sn - 2)) {
			char svc[96], name[96];
			quoted(svc, sizeof svc, p, sn);
			quoted(name, sizeof name, p + sn + 1, n - sn - 2);
			snprintf(buf, size, "%s of service %s", name, svc);
			return;
		}
		break;
	}
	case T_AUDIT_BY:
	case T_DELIVERY:
		if (n > 9 && p[n - 9] == '\0' && !memchr(p, '\0', n - 9)) {
			char name[96];
			quoted(name, sizeof name, p, n - 9);
			snprintf(buf, size, "%s %s %llu", name,
				 tb == T_AUDIT_BY ? "record" : "event",
				 (unsigned long long)key_read_u64(p + n - 8));
			return;
		}
		break;
	case T_EVENT:
		if (n == 8) {
			snprintf(buf, size, "event %llu",
				 (unsigned long long)key_read_u64(p));
			return;
		}
		break;
	default:
		break;
	}
	/* Not a key of this table's shape: its bytes. */
	size_t off = (size_t)snprintf(buf, size, "a key of %zu bytes", n);
	for (size_t i = 0; i < n && i < 24 && off + 3 < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%02x",
					i ? "" : " ", p[i]);
}

berth_status schema_corrupt(berth_txn *t, store_table tb, sval k,
			    const char *why)
{
	char key[256];

	if (t->failed)
		return t->failed;
	schema_describe(t, tb, k, key, sizeof key);
	return txn_fail(t, berth_fail(BERTH_STORE_CORRUPT,
				      "%s: %s: %s (see berth check)",
				      schema_label(tb), key, why));
}

berth_status entry_corrupt(berth_txn *t, store_table tb, const void *e,
			   const char *why)
{
	keybuf k;
	sval kv;

	schema_key(tb, e, &k);
	kv.data = k.b;
	kv.len = k.len;
	return schema_corrupt(t, tb, kv, why);
}

/* --- entries --- */

int entry_read(berth_txn *t, store_table tb, sval k, sval v, void *out)
{
	char why[160];

	if (!schema_decode(tb, FORMAT_CURRENT, k, v, t->a, out, why,
			   sizeof why))
		return 0;
	schema_corrupt(t, tb, k, why);
	return -1;
}

int entry_get(berth_txn *t, store_table tb, void *e)
{
	keybuf k;
	sval kv, v;

	schema_key(tb, e, &k);
	if (k.overflow || !store_get(t->st, tb, k.b, k.len, &v))
		return 0;
	kv.data = k.b;
	kv.len = k.len;
	return entry_read(t, tb, kv, v, e) ? -1 : 1;
}

/* A key that must be new was there: an id given twice, because the
 * counter it came from is behind the records. Nothing is overwritten. */
static void taken(berth_txn *t, store_table tb, const keybuf *k)
{
	sval kv = {k->b, k->len};

	schema_corrupt(t, tb, kv,
		       "is there already: its id was given twice (the "
		       "counter is behind)");
}

static void put(berth_txn *t, store_table tb, const void *e, int is_new)
{
	/* An audit record with its claim fits: no malloc on the hot path. */
	uint8_t small[1024];
	keybuf k;
	wbuf w;

	if (tb == T_POLICY)
		t->policy_writes++; /* what policy.c remembers is stale */
	wb_on(&w, small, sizeof small);
	schema_encode(tb, e, &k, &w);
	if (w.oom || k.overflow)
		arena_set_failed(t->a);
	else if (!is_new)
		store_put(t->st, tb, k.b, k.len, w.p, w.len);
	else if (!store_put_new(t->st, tb, k.b, k.len, w.p, w.len))
		taken(t, tb, &k);
	wb_free(&w);
}

void entry_put(berth_txn *t, store_table tb, const void *e)
{
	put(t, tb, e, 0);
}

void entry_put_new(berth_txn *t, store_table tb, const void *e)
{
	put(t, tb, e, 1);
}

void entry_del(berth_txn *t, store_table tb, const void *e)
{
	keybuf k;

	if (tb == T_POLICY)
		t->policy_writes++;
	schema_key(tb, e, &k);
	store_del(t->st, tb, k.b, k.len);
}

void claim_put_encoded(berth_txn *t, const berth_claim *c, wbuf *rec,
		       int is_new)
{
	store_table tb = claim_table(c->kind);
	keybuf k;

	id_key(&k, c->id);
	seal_append(rec, schema_tag(tb), k.b, k.len);
	if (rec->oom) {
		arena_set_failed(t->a);
		return;
	}
	if (!is_new)
		store_put(t->st, tb, k.b, k.len, rec->p, rec->len);
	else if (!store_put_new(t->st, tb, k.b, k.len, rec->p, rec->len))
		taken(t, tb, &k);
	rec->len -= SEAL_LEN; /* the record alone again, for the audit */
}
