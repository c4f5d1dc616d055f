/* upgrade.c - rewrites a store of an older format in the current one, in
 * one write transaction (the command has written a backup first). The
 * records are read with the decoders of the format they were written in
 * and written again sealed; every index is rebuilt from them; counters
 * start after the largest id of each kind. A record that does not decode
 * stops the upgrade, naming it: nothing is written, the store stays as it
 * was, and a backup is the way back. */
#include <string.h>

#include "internal.h"

#define CHUNK 512

/* One record written again in the current layouts: a claim's record
 * wherever it is kept (its table, an audit record's before and after, an
 * idempotency key's answer) is encoded anew, so that the copies stay the
 * same bytes, as check holds them to be. */
static void put_again(berth_txn *t, store_table tb, any_entry *e,
		      int claims_too)
{
	wbuf w = {0}, b = {0};

	switch (tb) {
	case T_HOLD:
	case T_BOOKING:
		schema_put_claim(&w, &e->claim.c);
		claim_put_encoded(t, &e->claim.c, &w, 0);
		break;
	case T_IDEM:
		schema_put_claim(&w, &e->idem.result);
		e->idem.result_bytes = w.p;
		e->idem.result_len = w.len;
		entry_put(t, tb, e);
		break;
	case T_AUDIT:
		/* Chained in order of seq, which is the table's. */
		if (!t->chain ||
		    chain_link_of(t->chain, t->chain_head, &e->audit,
				  e->audit.a.hash)) {
			arena_set_failed(t->a);
			break;
		}
		memcpy(t->chain_head, e->audit.a.hash, CHAIN_HASH_LEN);
		e->audit.a.has_hash = 1;
		/* The claims' copies in the current layout when the claims
		 * are written in it too; else as they are, the same bytes
		 * as the claims' own records. */
		if (claims_too && e->audit.type == ENT_CLAIM) {
			if (e->audit.a.before_claim) {
				schema_put_claim(&b, e->audit.a.before_claim);
				e->audit.before = b.p;
				e->audit.before_len = b.len;
			}
			if (e->audit.a.after_claim) {
				schema_put_claim(&w, e->audit.a.after_claim);
				e->audit.after = w.p;
				e->audit.after_len = w.len;
			}
		}
		entry_put(t, tb, e);
		break;
	default:
		entry_put(t, tb, e);
	}
	if (w.oom || b.oom)
		arena_set_failed(t->a);
	wb_free(&w);
	wb_free(&b);
}

/* Rewrites one table in chunks: each is read (and decoded) with a cursor
 * that is closed before the chunk is written, so no cursor walks a table
 * while its values change size under it. Keys do not change, so the next
 * chunk starts after the last key written. */
static berth_status rewrite(berth_txn *t, store_table tb, unsigned from,
			    int claims_too)
{
	arena *keep = t->a, *scratch = arena_new();
	any_entry *batch = NULL;
	keybuf last;
	int started = 0;
	berth_status st = BERTH_OK;

	if (!scratch ||
	    !(batch = arena_alloc(scratch, CHUNK * sizeof *batch))) {
		arena_free(scratch);
		return oom();
	}
	for (;;) {
		store_cursor *c = store_cursor_open(t->st, tb);
		size_t n = 0;
		sval k, v;
		int ok;
		char why[160];

		ok = started ? store_seek(c, last.b, last.len, &k, &v)
			     : store_first(c, &k, &v);
		if (ok && started && k.len == last.len &&
		    !memcmp(k.data, last.b, last.len))
			ok = store_next(c, &k, &v);
		for (; ok && n < CHUNK && !is_counters_key(tb, k);
		     ok = store_next(c, &k, &v)) {
			/* Decoded from a copy: some fields point into the
			 * bytes, and writing moves the store's pages. */
			sval copy = {arena_alloc(scratch, v.len ? v.len : 1),
				     v.len};
			if (!copy.data) {
				st = oom();
				break;
			}
			memcpy((void *)copy.data, v.data, v.len);
			if (schema_decode(tb, from, k, copy, scratch, &batch[n],
					  why, sizeof why)) {
				st = schema_corrupt(t, tb, k, why);
				break;
			}
			if (k.len > KEY_MAX) {
				st = schema_corrupt(t, tb, k, "key too long");
				break;
			}
			memcpy(last.b, k.data, k.len);
			last.len = k.len;
			n++;
		}
		store_cursor_close(c);
		if (st)
			break;
		t->a = scratch;
		for (size_t i = 0; i < n; i++)
			put_again(t, tb, &batch[i], claims_too);
		t->a = keep;
		if (arena_failed(scratch))
			arena_set_failed(keep);
		if ((st = txn_status(t)) || n < CHUNK)
			break;
		started = 1;
		/* The arena keeps the batch array; the entries' strings of
		 * this chunk are no longer needed. */
		batch = NULL;
		arena_reset(scratch);
		if (!(batch = arena_alloc(scratch, CHUNK * sizeof *batch))) {
			st = oom();
			break;
		}
	}
	arena_free(scratch);
	return st;
}

/* Format 8's part for customers: the `customer` table starts empty (no
 * store before it kept contact data), and the lasting history by
 * customer (custhist) gains every claim that names one, whatever became
 * of it, so `customer show` and `customer forget` find the claims made
 * before the upgrade. Derived, so noting a claim twice changes nothing. */
static void customers_to_8(berth_txn *t, const berth_claim *c)
{
	custhist_note(t, c);
}

/* Format 6 adds the reach table (reach.c): each resource's longest claim,
 * noted from every claim there is, in the format it was written in;
 * format 7 the index by customer (custidx.c) of every claim that counts.
 * Both are derived, so noting a claim twice changes nothing. */
static berth_status note_claims(berth_txn *t)
{
	static const store_table tables[] = {T_HOLD, T_BOOKING};
	arena *keep = t->a, *scratch = arena_new();
	berth_status st = BERTH_OK;

	if (!scratch)
		return oom();
	t->a = scratch;
	for (size_t i = 0; i < 2 && !st; i++) {
		store_cursor *c = store_cursor_open(t->st, tables[i]);
		any_entry e;
		sval k, v;
		for (int ok = store_first(c, &k, &v); ok;
		     ok = store_next(c, &k, &v)) {
			if (is_counters_key(tables[i], k))
				continue; /* not a record */
			arena_reset(scratch);
			if (entry_read(t, tables[i], k, v, &e)) {
				st = txn_status(t);
				break;
			}
			reach_note(t, &e.claim.c);
			custidx_add(t, &e.claim.c);
			customers_to_8(t, &e.claim.c);
		}
		store_cursor_close(c);
	}
	t->a = keep;
	if (arena_failed(scratch) && !st)
		st = oom();
	arena_free(scratch);
	return st ? st : txn_status(t);
}

/* Format 8 adds the waitlist: its tables (waitlist, waitday, waitdue)
 * start empty, and the counters gain waitlist entries at zero, written
 * again in their current layout. Nothing else is rewritten: the chain,
 * its key and every hash stay as they are. The format moves so that a
 * berth of format 7, which would free capacity without offering it to
 * the waiting, no longer writes to the store. */
static berth_status add_waitlist(berth_txn *t)
{
	uint64_t ids[ID_COUNT];
	char why[160];

	if (counters_get(t, ids, t->chain_head, why, sizeof why) != 1) {
		keybuf k;
		sval kv;
		counters_key(&k);
		kv.data = k.b;
		kv.len = k.len;
		return schema_corrupt(t, T_AUDIT, kv, why);
	}
	counters_put(t, ids, t->chain_head);
	return txn_status(t);
}

/* Format 9 gives a claim the service it was made for, its price then and
 * the amount paid (claim record version 4, schema-record.c). No record
 * is rewritten: a claim without them is still written as version 3, so
 * every claim, audit record and idempotency answer of before keeps its
 * bytes and the chain every hash; what a claim of before was booked for
 * was never recorded, so none is made up. The format moves because a
 * berth of format 8 could not read a claim of version 4 (it would take
 * the store for damaged) and would write service claims without them. */
static berth_status service_claims_to_9(berth_txn *t)
{
	return txn_status(t);
}

/* The last step of every upgrade from format 2 on: the reach table and
 * the index by customer, then the format that says they are there, then
 * the whole store checked. The format moves so that a berth of format 5,
 * which would make claims without noting their length (and list past
 * them), and one of format 6, which would make and end claims without
 * their entries by customer (and let a customer past the limits), no
 * longer write. */
static berth_status to_current(berth_txn *t)
{
	berth_status st;

	if ((st = add_waitlist(t)) || (st = note_claims(t)) ||
	    (st = service_claims_to_9(t)))
		return st;
	meta_set_format(t, FORMAT_CURRENT);
	t->format = FORMAT_CURRENT;
	if ((st = txn_status(t)))
		return st;
	return verify_rebuilt(t, "upgrade", NULL);
}

/* Format 3 added the calendar's tables, which a store of format 2 does
 * not have (they are made when first written), and two counters; format
 * 4 chains the audit log (audit-chain.c). From either, the records stay
 * as they are but the audit records, written again each with its link,
 * under a new key for personal values; the counters gain holidays and
 * time off at zero (from 2) and the chain's head. The format moves so that
 * a berth of an older one, which would write records without links (or
 * ignore hours and holidays), no longer writes to the store. */
static berth_status chain_log(berth_txn *t)
{
	uint64_t ids[ID_COUNT];
	char why[160];
	keybuf k;
	sval kv;
	berth_status st;

	if (counters_get(t, ids, NULL, why, sizeof why) != 1) {
		counters_key(&k);
		kv.data = k.b;
		kv.len = k.len;
		return schema_corrupt(t, T_AUDIT, kv, why);
	}
	if ((st = rewrite(t, T_AUDIT, t->format, 0)))
		return st;
	counters_put(t, ids, t->chain_head);
	return to_current(t);
}

berth_status berth_upgrade(berth_txn *t)
{
	uint64_t max_id[ID_COUNT];
	const char *zone = t->zone;
	berth_status st;

	if ((st = role_may_run(t, "upgrade")))
		return st;
	if (t->format == FORMAT_CURRENT)
		return BERTH_OK;
	if (t->format < FORMAT_OLDEST || t->format > FORMAT_CURRENT)
		return berth_fail(BERTH_STORE_FORMAT,
				  "no upgrade from format %u", t->format);
	/* From 4 the same last step: format 5's outbox tables start empty
	 * (no event is made up for a change of the past) and its counter of
	 * events starts at zero, as format 8's waitlist and its counter do;
	 * add_waitlist writes the counters again in their current layout. */
	if (t->format >= 4 && t->format <= 8)
		return to_current(t);
	/* The chain starts from zeros, under a key of its own. */
	memset(t->chain_head, 0, CHAIN_HASH_LEN);
	meta_set_audit_key(t);
	txn_chain(t);
	if ((st = txn_status(t)))
		return st;
	if (t->format != 1)
		return chain_log(t);
	/* Every record (meta apart, set below): the indexes are rebuilt. */
	for (store_table tb = T_META + 1; tb < T_COUNT; tb++)
		if (!schema_derived(tb) && (st = rewrite(t, tb, t->format, 1)))
			return st;
	rebuild_indexes(t, max_id);
	if ((st = txn_status(t)))
		return st;
	/* Meta last: the zone sealed, an id for the store, counters after
	 * the ids in use, and the format that says all of it is there. */
	meta_set_zone(t, zone);
	meta_set_store_id(t);
	counters_put(t, max_id, t->chain_head);
	meta_set_format(t, FORMAT_CURRENT);
	t->format = FORMAT_CURRENT;
	if ((st = txn_status(t)))
		return st;
	return verify_rebuilt(t, "upgrade", NULL);
}
