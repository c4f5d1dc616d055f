/* audit-verify.c - audit head and audit verify: the chain (audit-chain.c)
 * walked as an operator asks, record by record, each hash recomputed from
 * the one before and the record's content. Records are decoded without
 * failing the transaction: a record that no longer decodes (its seal or
 * its lengths broken) is tampering like any other edit, and is reported
 * as the first broken link, not as damage that stops the walk. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* One decoded record, into the scratch arena: 0, or -1 (why says). */
static int record(berth_txn *t, sval k, sval v, arena *scratch,
		  audit_entry *out, char *why, size_t size)
{
	any_entry any;

	if (schema_decode(T_AUDIT, t->format, k, v, scratch, &any, why, size))
		return -1;
	*out = any.audit;
	return 0;
}

static berth_status tampered(uint64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static berth_status tampered(uint64_t seq, const char *fmt, ...)
{
	char what[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	berth_fail(BERTH_TAMPERED, "the audit chain breaks at record %llu: %s",
		   (unsigned long long)seq, what);
	berth_detail_int("seq", (int64_t)seq);
	return BERTH_TAMPERED;
}

berth_status berth_audit_head(berth_txn *t, berth_chain_point *out)
{
	uint64_t ids[ID_COUNT];
	char why[160];

	memset(out, 0, sizeof *out);
	if (counters_get(t, ids, out->hash, why, sizeof why) != 1) {
		keybuf k;
		sval kv;
		counters_key(&k);
		kv.data = k.b;
		kv.len = k.len;
		return schema_corrupt(t, T_AUDIT, kv, why);
	}
	out->seq = ids[ID_AUDIT];
	return txn_status(t);
}

/* The hash of record seq as stored, to go on from: 0, or a refusal. */
static berth_status stored_hash(berth_txn *t, uint64_t seq, arena *scratch,
				uint8_t out[CHAIN_HASH_LEN])
{
	audit_entry e;
	char why[160];
	keybuf k;
	sval kv, v;

	id_key(&k, seq);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(t->st, T_AUDIT, k.b, k.len, &v))
		return tampered(seq, "it is not there");
	if (record(t, kv, v, scratch, &e, why, sizeof why))
		return tampered(seq, "it does not decode (%s)", why);
	memcpy(out, e.a.hash, CHAIN_HASH_LEN);
	return BERTH_OK;
}

/* The walk itself, from v->from; each record's strings go to scratch,
 * emptied for the next. */
static berth_status walk(berth_txn *t, berth_audit_verify_req *v,
			 chain_ctx *cx, const berth_chain_point *head,
			 arena *scratch)
{
	uint8_t prev[CHAIN_HASH_LEN] = {0}, want[CHAIN_HASH_LEN];
	uint64_t next = v->from;
	berth_status st = BERTH_OK;
	store_cursor *c;
	keybuf k;
	sval kv, sv;
	char why[160];

	if (v->from > 1 && (st = stored_hash(t, v->from - 1, scratch, prev)))
		return st;
	c = store_cursor_open(t->st, T_AUDIT);
	id_key(&k, v->from);
	for (int ok = store_seek(c, k.b, k.len, &kv, &sv); ok && !st;
	     ok = store_next(c, &kv, &sv)) {
		audit_entry e;
		uint64_t seq;
		if (is_counters_key(T_AUDIT, kv))
			break;
		arena_reset(scratch);
		seq = kv.len == 8 ? key_read_u64(kv.data) : 0;
		if (seq != next) {
			st = seq > next
				 ? tampered(next, "it is not there (the log "
						  "goes on at %llu)",
					    (unsigned long long)seq)
				 : tampered(next, "a key that is no record's");
			break;
		}
		if (record(t, kv, sv, scratch, &e, why, sizeof why)) {
			st = tampered(seq, "it does not decode (%s)", why);
			break;
		}
		if (!e.a.has_hash) {
			st = tampered(seq, "it has no hash");
			break;
		}
		if (chain_link_of(cx, prev, &e, want)) {
			st = oom();
			break;
		}
		if (memcmp(want, e.a.hash, CHAIN_HASH_LEN)) {
			st = tampered(seq,
				      "its hash does not follow from the "
				      "record before it and its content (it "
				      "was edited, or one was removed, "
				      "inserted or reordered before it)");
			break;
		}
		if (v->has_anchor && seq == v->anchor.seq &&
		    memcmp(e.a.hash, v->anchor.hash, CHAIN_HASH_LEN)) {
			st = tampered(seq, "its hash is not the anchor's: the "
					   "history up to it was rewritten");
			break;
		}
		memcpy(prev, e.a.hash, CHAIN_HASH_LEN);
		v->head.seq = seq;
		memcpy(v->head.hash, e.a.hash, CHAIN_HASH_LEN);
		v->checked++;
		next = seq + 1;
	}
	store_cursor_close(c);
	if (st || (st = txn_status(t)))
		return st;
	/* The end: where the counters say the log ends, with their head. */
	if (next - 1 < head->seq && next >= v->from)
		return tampered(next, "it is not there, though the log goes on "
				      "to %llu (cut short)",
				(unsigned long long)head->seq);
	if (head->seq >= v->from &&
	    memcmp(head->hash, v->head.hash, CHAIN_HASH_LEN))
		return tampered(head->seq, "the log's head is not its hash");
	if (v->has_anchor && v->anchor.seq > v->head.seq)
		return tampered(v->head.seq + 1,
				"it is not there, and the anchor is record "
				"%llu (the log was cut short)",
				(unsigned long long)v->anchor.seq);
	return BERTH_OK;
}

berth_status berth_audit_verify(berth_txn *t, berth_audit_verify_req *v)
{
	berth_chain_point head;
	chain_ctx *cx;
	arena *scratch;
	berth_status st;

	v->checked = 0;
	memset(&v->head, 0, sizeof v->head);
	if (v->from < 1)
		v->from = 1;
	if ((st = berth_audit_head(t, &head)))
		return st;
	if (v->from > head.seq + 1)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--from %llu: the log ends at %llu",
				  (unsigned long long)v->from,
				  (unsigned long long)head.seq);
	if (!(cx = txn_chain(t)))
		return txn_status(t);
	if (!(scratch = arena_new()))
		return oom();
	st = walk(t, v, cx, &head, scratch);
	arena_free(scratch);
	return st;
}

berth_status berth_chain_point_parse(const char *s, berth_chain_point *out)
{
	const char *colon = strchr(s, ':');
	uint64_t n = 0;
	const char *p;

	if (!colon || colon == s || colon - s > 19)
		goto bad;
	for (p = s; p < colon; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (!n || chain_unhex(colon + 1, out->hash))
		goto bad;
	out->seq = n;
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "'%.80s' is not an anchor: SEQ:HASH as berth audit "
			  "head prints it (64 hex digits)",
			  s);
}

void berth_hash_format(const uint8_t hash[32], char out[BERTH_HASH_HEX])
{
	chain_hex(hash, out);
}

void berth_chain_point_format(const berth_chain_point *p, char *buf,
			      size_t size)
{
	char hex[CHAIN_HEX_LEN];

	chain_hex(p->hash, hex);
	snprintf(buf, size, "%llu:%s", (unsigned long long)p->seq, hex);
}
