/* schema-store.c - the codecs of schema.c inside a transaction: reading
 * an entry fails the transaction when it is damaged, naming the table and
 * the key as people read them; writing seals. And the meta table: the
 * store's format, zone, id and counters. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

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
		if (n > 1 && p[n - 1] == '\0' && !memchr(p, '\0', n - 1)) {
			quoted(buf, size, p, n - 1);
			return;
		}
		break;
	case T_RESID:
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
	case T_AUDIT_BY:
		if (n > 9 && p[n - 9] == '\0' && !memchr(p, '\0', n - 9)) {
			char name[96];
			quoted(name, sizeof name, p, n - 9);
			snprintf(buf, size, "%s record %llu", name,
				 (unsigned long long)key_read_u64(p + n - 8));
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

	schema_key(tb, e, &k);
	store_del(t->st, tb, k.b, k.len);
}

void claim_put_encoded(berth_txn *t, const berth_claim *c, wbuf *rec,
		       int is_new)
{
	store_table tb = c->kind == CLAIM_HOLD ? T_HOLD : T_BOOKING;
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

/* --- meta --- */

/* Meta values of a format-2 store: a version byte, a number or a text,
 * and the seal. "schema" alone stays four bare bytes, as format 1 had it,
 * so that every berth ever released can read which format a store is in
 * and refuse the ones it does not know; "format" repeats it sealed. */
#define META_RECORD 1

static void meta_key(keybuf *k, const char *name)
{
	key_reset(k);
	memcpy(k->b, name, strlen(name));
	k->len = strlen(name);
}

static void meta_put(berth_txn *t, const char *name, const uint64_t *number,
		     const char *text)
{
	uint8_t small[160];
	keybuf k;
	wbuf w;

	meta_key(&k, name);
	wb_on(&w, small, sizeof small);
	wb_u8(&w, META_RECORD);
	if (number)
		wb_u64(&w, *number);
	else
		wb_str(&w, text);
	seal_append(&w, schema_tag(T_META), k.b, k.len);
	if (w.oom)
		arena_set_failed(t->a);
	else
		store_put(t->st, T_META, k.b, k.len, w.p, w.len);
	wb_free(&w);
}

int meta_decode(sval k, sval v, unsigned format, arena *a, meta_entry *out,
		char *why, size_t size)
{
	rbuf r;

	memset(out, 0, sizeof *out);
	if (!k.len || k.len > 64 || memchr(k.data, '\0', k.len) ||
	    !(out->name = arena_strndup(a, k.data, k.len))) {
		snprintf(why, size, "key is not a name");
		return -1;
	}
	if (strcmp(out->name, "schema") == 0) {
		if (v.len != 4) {
			snprintf(why, size, "value is %zu bytes, want 4",
				 v.len);
			return -1;
		}
		out->number = be_get(v.data, 4);
		out->is_number = 1;
		return 0;
	}
	if (format == 1) {
		if (strcmp(out->name, "tz")) {
			snprintf(why, size, "not a name of a format-1 store");
			return -1;
		}
		if (!(out->text = arena_strndup(a, v.data, v.len))) {
			snprintf(why, size, "out of memory");
			return -1;
		}
		return 0;
	}
	if (v.len < 1 + SEAL_LEN ||
	    !seal_ok(schema_tag(T_META), k.data, k.len, v.data, v.len)) {
		snprintf(why, size, "checksum does not match");
		return -1;
	}
	rb_init(&r, v.data, v.len - SEAL_LEN, a);
	if (rb_u8(&r) != META_RECORD) {
		snprintf(why, size, "record version is unknown");
		return -1;
	}
	out->is_number =
	    strcmp(out->name, "tz") && strcmp(out->name, "store_id");
	if (out->is_number)
		out->number = rb_u64(&r);
	else if (!(out->text = rb_str(&r)) && !r.bad)
		rb_bad(&r, "no text");
	if (!r.bad && out->is_number && out->number > (uint64_t)INT64_MAX)
		rb_bad(&r, "%llu is out of range",
		       (unsigned long long)out->number);
	rb_end(&r);
	if (r.bad) {
		snprintf(why, size, "%s", r.why);
		return -1;
	}
	return 0;
}

/* One meta entry by name: 1 found, 0 absent, -1 damaged (failed). */
static int meta_get(berth_txn *t, const char *name, unsigned format,
		    meta_entry *out)
{
	char why[160];
	keybuf k;
	sval kv, v;

	meta_key(&k, name);
	if (!store_get(t->st, T_META, k.b, k.len, &v))
		return 0;
	kv.data = k.b;
	kv.len = k.len;
	if (!meta_decode(kv, v, format, t->a, out, why, sizeof why))
		return 1;
	schema_corrupt(t, T_META, kv, why);
	return -1;
}

int meta_format(berth_txn *t, unsigned *format)
{
	meta_entry m;
	int rc = meta_get(t, "schema", 0, &m);

	*format = rc == 1 ? (unsigned)m.number : 0;
	return rc;
}

int meta_sealed_format(berth_txn *t, uint64_t *out)
{
	char why[160];
	meta_entry m;
	keybuf k;
	sval kv, v;

	meta_key(&k, "format");
	if (!store_get(t->st, T_META, k.b, k.len, &v))
		return 0;
	kv.data = k.b;
	kv.len = k.len;
	if (meta_decode(kv, v, FORMAT_CURRENT, t->a, &m, why, sizeof why))
		return -1;
	*out = m.number;
	return 1;
}

int table_has_entries(berth_txn *t, store_table tb)
{
	store_cursor *c = store_cursor_open(t->st, tb);
	int any = store_first(c, NULL, NULL);

	store_cursor_close(c);
	return any;
}

const char *meta_zone(berth_txn *t, unsigned format)
{
	meta_entry m;
	int rc = meta_get(t, "tz", format, &m);

	if (rc == 0) {
		sval k = {"tz", 2};
		schema_corrupt(t, T_META, k, "the store has no zone");
	}
	return rc == 1 ? m.text : NULL;
}

/* 128 random bits as hex: a store's name that survives copies, exports
 * and moves between stores (ICS UIDs and the like will use it). */
static void new_store_id(char out[33])
{
	uint8_t b[16];
	ssize_t n = getrandom(b, sizeof b, 0);

	if (n != (ssize_t)sizeof b) {
		/* No entropy source at all is not worth failing init for:
		 * the id names a store, it guards nothing. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = (uint64_t)ts.tv_nsec ^
			     ((uint64_t)ts.tv_sec << 20) ^
			     ((uint64_t)getpid() << 40);
		for (size_t i = 0; i < sizeof b;
		     i++, x = x * 6364136223846793005ull + 1)
			b[i] = (uint8_t)(x >> 56);
	}
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

void meta_set_format(berth_txn *t, unsigned format)
{
	uint8_t raw[4];
	uint64_t f = format;

	be_put(raw, format, 4);
	store_put(t->st, T_META, "schema", 6, raw, sizeof raw);
	meta_put(t, "format", &f, NULL);
}

void meta_set_zone(berth_txn *t, const char *zone)
{
	meta_put(t, "tz", NULL, zone);
}

void meta_create(berth_txn *t, const char *zone)
{
	char id[33];
	uint64_t none[ID_COUNT] = {0};

	new_store_id(id);
	meta_set_format(t, FORMAT_CURRENT);
	meta_set_zone(t, zone);
	meta_put(t, "store_id", NULL, id);
	counters_put(t, none);
}

void meta_set_store_id(berth_txn *t)
{
	char id[33];

	new_store_id(id);
	meta_put(t, "store_id", NULL, id);
}

/* --- the id counters --- */

/* One entry at the end of the audit table (key COUNTERS_KEY): the last id
 * given of each kind. Every change writes an audit record, on the page
 * where the table ends, so the counters ride on a page that is written
 * anyway; kept in meta, they cost every booking a page write of its own
 * (measured: 4.5% of a booking's time). */
#define COUNTERS_RECORD 1

static const char *const id_names[ID_COUNT] = {
    [ID_HOLD] = "holds",
    [ID_BOOKING] = "bookings",
    [ID_RESOURCE] = "resources",
    [ID_AUDIT] = "audit records",
};

const char *counter_name(id_kind kind)
{
	return id_names[kind];
}

void counters_key(keybuf *k)
{
	id_key(k, COUNTERS_KEY);
}

int is_counters_key(store_table tb, sval k)
{
	return tb == T_AUDIT && k.len == 8 &&
	       key_read_u64(k.data) == COUNTERS_KEY;
}

int counters_decode(sval k, sval v, uint64_t out[ID_COUNT], char *why,
		    size_t size)
{
	rbuf r;

	if (v.len != 1 + 8 * ID_COUNT + SEAL_LEN) {
		snprintf(why, size, "value is %zu bytes, want %d", v.len,
			 1 + 8 * ID_COUNT + SEAL_LEN);
		return -1;
	}
	if (!seal_ok(schema_tag(T_AUDIT), k.data, k.len, v.data, v.len)) {
		snprintf(why, size, "checksum does not match");
		return -1;
	}
	rb_init(&r, v.data, v.len - SEAL_LEN, NULL);
	if (rb_u8(&r) != COUNTERS_RECORD) {
		snprintf(why, size, "record version is unknown");
		return -1;
	}
	for (int i = 0; i < ID_COUNT; i++) {
		out[i] = rb_u64(&r);
		if (out[i] > (i == ID_RESOURCE ? UINT32_MAX : INT64_MAX)) {
			snprintf(why, size, "the counter of %s is out of range",
				 id_names[i]);
			return -1;
		}
	}
	return 0;
}

void counters_put(berth_txn *t, const uint64_t last[ID_COUNT])
{
	uint8_t small[64];
	keybuf k;
	wbuf w;

	counters_key(&k);
	wb_on(&w, small, sizeof small);
	wb_u8(&w, COUNTERS_RECORD);
	for (int i = 0; i < ID_COUNT; i++)
		wb_u64(&w, last[i]);
	seal_append(&w, schema_tag(T_AUDIT), k.b, k.len);
	store_put(t->st, T_AUDIT, k.b, k.len, w.p, w.len);
	wb_free(&w);
}

int counters_get(berth_txn *t, uint64_t out[ID_COUNT], char *why, size_t size)
{
	keybuf k;
	sval kv, v;

	counters_key(&k);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(t->st, T_AUDIT, k.b, k.len, &v)) {
		snprintf(why, size, "the id counters are missing");
		return 0;
	}
	return counters_decode(kv, v, out, why, size) ? -1 : 1;
}

uint64_t next_id(berth_txn *t, id_kind kind)
{
	uint64_t limit = kind == ID_RESOURCE ? UINT32_MAX : INT64_MAX;

	if (!t->ids_read) {
		char why[160];
		keybuf k;
		sval kv;
		if (counters_get(t, t->ids, why, sizeof why) != 1) {
			counters_key(&k);
			kv.data = k.b;
			kv.len = k.len;
			if (!store_failed(t->st))
				schema_corrupt(t, T_AUDIT, kv, why);
			return 0;
		}
		t->ids_read = 1;
	}
	if (t->ids[kind] >= limit) {
		txn_fail(t,
			 berth_fail(BERTH_STORE_FULL, "no ids are left for %s",
				    id_names[kind]));
		return 0;
	}
	t->ids_dirty = 1;
	return ++t->ids[kind];
}

void counters_flush(berth_txn *t)
{
	if (t->ids_dirty)
		counters_put(t, t->ids);
	t->ids_dirty = 0;
}
