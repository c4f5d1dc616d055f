/* schema-meta.c - the store's own records: the meta table (its format,
 * bare and sealed, its zone, its id) and the id counters at the end of the
 * audit table. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

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
	out->is_number = strcmp(out->name, "tz") &&
			 strcmp(out->name, "store_id") &&
			 strcmp(out->name, "audit_key");
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

int meta_peek(berth_txn *t, const char *name, unsigned format, meta_entry *out,
	      char *why, size_t size)
{
	keybuf k;
	sval kv, v;

	meta_key(&k, name);
	if (!store_get(t->st, T_META, k.b, k.len, &v))
		return 0;
	kv.data = k.b;
	kv.len = k.len;
	return meta_decode(kv, v, format, t->a, out, why, size) ? -1 : 1;
}

/* One meta entry by name: 1 found, 0 absent, -1 damaged (failed). */
static int meta_get(berth_txn *t, const char *name, unsigned format,
		    meta_entry *out)
{
	char why[160];
	int rc = meta_peek(t, name, format, out, why, sizeof why);

	if (rc < 0) {
		keybuf k;
		sval kv;
		meta_key(&k, name);
		kv.data = k.b;
		kv.len = k.len;
		schema_corrupt(t, T_META, kv, why);
	}
	return rc;
}

int meta_format(berth_txn *t, unsigned *format)
{
	meta_entry m;
	int rc = meta_get(t, "schema", 0, &m);

	*format = rc == 1 ? (unsigned)m.number : 0;
	return rc;
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

const char *meta_store_id(berth_txn *t, unsigned format)
{
	meta_entry m;
	int rc = meta_get(t, "store_id", format, &m);

	if (rc == 0) {
		sval k = {"store_id", 8};
		schema_corrupt(t, T_META, k, "the store has no id");
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
	uint8_t no_head[CHAIN_HASH_LEN] = {0};

	new_store_id(id);
	meta_set_format(t, FORMAT_CURRENT);
	meta_set_zone(t, zone);
	meta_put(t, "store_id", NULL, id);
	meta_set_audit_key(t);
	counters_put(t, none, no_head);
}

void meta_set_store_id(berth_txn *t)
{
	char id[33];

	new_store_id(id);
	meta_put(t, "store_id", NULL, id);
}

void meta_set_audit_key(berth_txn *t)
{
	uint8_t key[CHAIN_HASH_LEN];
	char hex[CHAIN_HEX_LEN];

	/* Unlike the store's id, the key guards something (personal values
	 * in the chain): no key rather than a guessable one. */
	if (getrandom(key, sizeof key, 0) != (ssize_t)sizeof key) {
		txn_fail(t, berth_fail(BERTH_INTERNAL,
				       "the system gave no randomness for "
				       "the audit key: %s",
				       strerror(errno)));
		return;
	}
	chain_hex(key, hex);
	meta_put(t, "audit_key", NULL, hex);
	memcpy(t->audit_key, key, sizeof key);
	t->audit_key_read = 1;
	t->chain = NULL; /* made again with this key */
}

berth_status meta_keep_store_id(berth_txn *t, const char *id)
{
	size_t n = strlen(id);

	if (n != 32 || strspn(id, "0123456789abcdef") != n)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a store_id is 32 hex digits, not '%.40s'",
				  id);
	meta_put(t, "store_id", NULL, id);
	return txn_status(t);
}

berth_status meta_keep_audit_key(berth_txn *t, const char *hex)
{
	uint8_t key[CHAIN_HASH_LEN];

	if (chain_unhex(hex, key))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "an audit_key is 64 hex digits");
	meta_put(t, "audit_key", NULL, hex);
	memcpy(t->audit_key, key, sizeof key);
	t->audit_key_read = 1;
	t->chain = NULL; /* made again with this key */
	return txn_status(t);
}

const uint8_t *meta_audit_key(berth_txn *t)
{
	meta_entry m;
	int rc;

	if (t->audit_key_read)
		return t->audit_key;
	rc = meta_get(t, "audit_key", t->format, &m);
	if (rc == 1 && chain_unhex(m.text, t->audit_key) == 0) {
		t->audit_key_read = 1;
		return t->audit_key;
	}
	if (rc >= 0) {
		sval k = {"audit_key", 9};
		schema_corrupt(t, T_META, k,
			       rc ? "the audit key is not 64 hex digits"
				  : "the store has no audit key");
	}
	return NULL;
}

/* --- the id counters --- */

/* One entry at the end of the audit table (key COUNTERS_KEY): the last id
 * given of each kind. Every change writes an audit record, on the page
 * where the table ends, so the counters ride on a page that is written
 * anyway; kept in meta, they cost every booking a page write of its own
 * (measured: 4.5% of a booking's time). */
#define COUNTERS_RECORD 5
/* Version 1 (format 2) counted the first four kinds: holidays and time
 * off came with format 3. Version 3 (format 4) adds the audit chain's
 * head, the last record's hash, after the counters: the same page, and
 * the head moves exactly when the audit counter does. Version 4 (format
 * 5) counts events; version 5 (format 8) series and
 * waitlist entries. */
static unsigned counted(unsigned version)
{
	return version == 1 ? 4 : version < 4 ? 6 : version < 5 ? 7 : ID_COUNT;
}

static const char *const id_names[ID_COUNT] = {
    [ID_HOLD] = "holds",
    [ID_BOOKING] = "bookings",
    [ID_RESOURCE] = "resources",
    [ID_AUDIT] = "audit records",
    [ID_HOLIDAY] = "holidays",
    [ID_TIMEOFF] = "time off",
    [ID_EVENT] = "events",
    [ID_SERIES] = "series",
    [ID_WAITLIST] = "waitlist entries",
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

static int counters_decode(sval k, sval v, uint64_t out[ID_COUNT],
			   uint8_t head[CHAIN_HASH_LEN], char *why,
			   size_t size)
{
	unsigned version, n, want;
	rbuf r;

	version = v.len ? ((const uint8_t *)v.data)[0] : 0;
	n = counted(version);
	want = 1 + 8 * n + (version >= 3 ? CHAIN_HASH_LEN : 0) + SEAL_LEN;
	if (v.len != want) {
		snprintf(why, size, "value is %zu bytes, want %u", v.len, want);
		return -1;
	}
	if (!seal_ok(schema_tag(T_AUDIT), k.data, k.len, v.data, v.len)) {
		snprintf(why, size, "checksum does not match");
		return -1;
	}
	rb_init(&r, v.data, v.len - SEAL_LEN, NULL);
	if (rb_u8(&r) != version || version < 1 || version > COUNTERS_RECORD) {
		snprintf(why, size, "record version is unknown");
		return -1;
	}
	for (unsigned i = n; i < ID_COUNT; i++)
		out[i] = 0;
	for (unsigned i = 0; i < n; i++) {
		out[i] = rb_u64(&r);
		if (out[i] > (i == ID_RESOURCE ? UINT32_MAX : INT64_MAX)) {
			snprintf(why, size, "the counter of %s is out of range",
				 id_names[i]);
			return -1;
		}
	}
	/* Before the chain there is no head: zeros, as for a new log. */
	if (head) {
		if (version >= 3)
			memcpy(head, (const uint8_t *)v.data + 1 + 8 * n,
			       CHAIN_HASH_LEN);
		else
			memset(head, 0, CHAIN_HASH_LEN);
	}
	return 0;
}

void counters_put(berth_txn *t, const uint64_t last[ID_COUNT],
		  const uint8_t head[CHAIN_HASH_LEN])
{
	uint8_t small[96];
	keybuf k;
	wbuf w;

	counters_key(&k);
	wb_on(&w, small, sizeof small);
	wb_u8(&w, COUNTERS_RECORD);
	for (int i = 0; i < ID_COUNT; i++)
		wb_u64(&w, last[i]);
	wb_raw(&w, head, CHAIN_HASH_LEN);
	seal_append(&w, schema_tag(T_AUDIT), k.b, k.len);
	store_put(t->st, T_AUDIT, k.b, k.len, w.p, w.len);
	wb_free(&w);
}

int counters_get(berth_txn *t, uint64_t out[ID_COUNT],
		 uint8_t head[CHAIN_HASH_LEN], char *why, size_t size)
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
	return counters_decode(kv, v, out, head, why, size) ? -1 : 1;
}

/* The counters read once a transaction, and taken off the end of the
 * audit table while it writes (see below): 0 with the transaction failed. */
static int ids_load(berth_txn *t)
{
	if (!t->ids_read) {
		char why[160];
		keybuf k;
		sval kv;
		if (counters_get(t, t->ids, t->chain_head, why, sizeof why) !=
		    1) {
			counters_key(&k);
			kv.data = k.b;
			kv.len = k.len;
			if (!store_failed(t->st))
				schema_corrupt(t, T_AUDIT, kv, why);
			return 0;
		}
		t->ids_read = 1;
	}
	if (!t->ids_dirty) {
		/* The counters leave the end of the audit table while the
		 * transaction appends its records, and counters_flush puts
		 * them back after the last. LMDB splits a full page in the
		 * middle when a key goes in before the page's last, and packs
		 * it when the key goes last: records put in before the
		 * counters left every audit page about half empty. */
		keybuf k;
		counters_key(&k);
		store_del(t->st, T_AUDIT, k.b, k.len);
	}
	t->ids_dirty = 1;
	return 1;
}

uint64_t next_id(berth_txn *t, id_kind kind)
{
	uint64_t limit = kind == ID_RESOURCE ? UINT32_MAX : INT64_MAX;

	if (!ids_load(t))
		return 0;
	if (t->ids[kind] >= limit) {
		txn_fail(t,
			 berth_fail(BERTH_STORE_FULL, "no ids are left for %s",
				    id_names[kind]));
		return 0;
	}
	return ++t->ids[kind];
}

int ids_keep(berth_txn *t, id_kind kind, uint64_t id)
{
	if (!ids_load(t))
		return -1;
	if (t->ids[kind] < id)
		t->ids[kind] = id;
	return 0;
}

void counters_flush(berth_txn *t)
{
	if (t->ids_dirty)
		counters_put(t, t->ids, t->chain_head);
	t->ids_dirty = 0;
}
