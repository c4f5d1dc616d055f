/* import.c - a whole store made from a file's items (export --all), in a
 * stage beside --db, so that an import is all or nothing however many
 * transactions it takes: the new store is put in place only once the
 * last item is in and the whole of `check` finds it sound; any refusal
 * before that takes the stage away and leaves --db as it was.
 *
 * Ids are kept (claims, holidays, time off, resource numbers, audit
 * seqs), and the counters follow them. With the file's audit log
 * (export --audit) nothing is audited anew: every record, the chain's key
 * and its head come over as they were, and check then holds each imported
 * thing against the last record of the log, byte for byte. Without one,
 * each thing gets one record of its own, `TYPE.imported`, after which the
 * log is whole for the new store. An import writes no events: nothing
 * happened that a subscriber has not been told of by the store it came
 * from.
 *
 * Into PostgreSQL (--db postgresql://...), the stage is an LMDB store in
 * a directory of TMPDIR's; once check finds it sound it is copied into
 * the database in one transaction, as `backup postgresql://...` copies
 * a store (store_copy_path): the database gets the whole store or
 * nothing, and one that holds a store already is refused, as a directory
 * that does is. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"

struct berth_import {
	store_stage *stage; /* NULL: merging into a store in place */
	berth_db *db;
	int audit;
	import_ids *ids; /* merging: the file's ids to this store's */
	char *server;  /* PostgreSQL: the stage is copied in at commit */
	char tmp[4096]; /* and lives in this directory of TMPDIR's */
};

/* A PostgreSQL target that holds a store already is refused before any
 * work, as a directory is; the copy at commit refuses it again, should
 * one be made meanwhile. */
static berth_status server_stage(berth_import *im, const char *url)
{
	const char *tmp = getenv("TMPDIR");
	berth_db *db;
	berth_status st = berth_open(url, 0, &db);

	if (!st) {
		berth_close(db);
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "a store exists at %s already; import makes "
				  "a new one (import --merge adds to it)",
				  store_shown_name(url));
	}
	if (st != BERTH_NOT_FOUND)
		return st;
	if (!(im->server = strdup(url)))
		return berth_fail(BERTH_INTERNAL, "out of memory");
	snprintf(im->tmp, sizeof im->tmp, "%s/berth-import-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(im->tmp)) {
		berth_fail(BERTH_IO, "cannot make %s: %s", im->tmp,
			   strerror(errno));
		im->tmp[0] = 0;
		return BERTH_IO;
	}
	return store_stage_empty(im->tmp, "import", &im->stage);
}

static void import_free(berth_import *im)
{
	import_ids_free(im->ids);
	if (im->tmp[0])
		rmdir(im->tmp);
	free(im->server);
	free(im);
}

berth_status berth_import_begin(const char *dir, berth_import **out)
{
	berth_import *im = calloc(1, sizeof *im);
	berth_status st;

	*out = NULL;
	if (!im)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	if ((st = store_names_server(dir) ? server_stage(im, dir)
					   : store_stage_empty(dir, "import",
							       &im->stage))) {
		import_free(im);
		return st;
	}
	if ((st = berth_open(store_stage_path(im->stage), BERTH_OPEN_CREATE,
			     &im->db))) {
		store_stage_abort(im->stage);
		import_free(im);
		return st;
	}
	im->db->no_events = 1;
	im->db->chain_linked = 1;
	*out = im;
	return BERTH_OK;
}

berth_status berth_import_into(berth_db *db, berth_import **out)
{
	berth_import *im = calloc(1, sizeof *im);

	*out = im;
	if (!im || !(im->ids = import_ids_new())) {
		free(im);
		*out = NULL;
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	im->db = db;
	db->no_events = 1;
	return BERTH_OK;
}

berth_db *berth_import_db(berth_import *im)
{
	return im->db;
}

/* --- the store, and what is kept as stored --- */

static berth_status put_store(berth_txn *t, berth_import *im,
			      const berth_xstore *s)
{
	berth_status st;

	im->audit = s->audit;
	if (s->tz) {
		if (!clock_zone_valid(s->tz))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "unknown time zone '%.60s'", s->tz);
		meta_set_zone(t, s->tz);
		t->zone = s->tz;
	}
	if (s->store_id && (st = meta_keep_store_id(t, s->store_id)))
		return st;
	if (s->audit_key && (st = meta_keep_audit_key(t, s->audit_key)))
		return st;
	if (s->audit && !s->audit_key)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a file with the audit log carries its "
				  "audit_key");
	for (int i = 0; i < BERTH_XID_COUNT; i++)
		if (ids_keep(t, xid_kind(i), s->last[i]))
			return txn_status(t);
	return txn_status(t);
}

/* The bytes as a read would take them: length, seal (over the table and
 * the key), version and every field; into *e. */
berth_status import_raw_read(berth_txn *t, store_table tb, sval k,
			     const berth_xitem *it, any_entry *e)
{
	char why[160];
	sval v = {it->raw, it->raw_len};

	if (schema_decode(tb, FORMAT_CURRENT, k, v, t->a, e, why, sizeof why))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "the %s record does not read: %s",
				  schema_label(tb), why);
	return BERTH_OK;
}

static berth_status put_idem(berth_txn *t, berth_import *im, berth_xitem *it,
			     const berth_xcivil *cv)
{
	idem_entry want = {.key = it->key};
	any_entry e;
	keybuf k;
	sval kv, v;
	berth_status st;

	(void)im, (void)cv;
	if (!it->key || !*it->key)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "an idempotency line needs its key");
	schema_key(T_IDEM, &want, &k);
	kv.data = k.b;
	kv.len = k.len;
	if ((st = import_raw_read(t, T_IDEM, kv, it, &e)))
		return st;
	if (store_get(t->st, T_IDEM, k.b, k.len, &v))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "idempotency key '%.60s' is there already",
				  it->key);
	store_put(t->st, T_IDEM, k.b, k.len, it->raw, it->raw_len);
	return txn_status(t);
}

/* An audit record comes over as it was, and must follow the one before:
 * the next seq, linked to its hash under the key the store line brought.
 * A file whose log was edited is refused at the record, as audit verify
 * would name it. */
static berth_status put_audit(berth_txn *t, berth_import *im, berth_xitem *it,
			      const berth_xcivil *cv)
{
	audit_entry want = {.seq = it->seq};
	uint8_t link[CHAIN_HASH_LEN];
	any_entry e;
	chain_ctx *cx;
	keybuf k;
	sval kv;
	berth_status st;

	(void)cv;
	if (!im->audit)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "an audit record in a file whose store line "
				  "does not say \"audit\": true");
	schema_key(T_AUDIT, &want, &k);
	kv.data = k.b;
	kv.len = k.len;
	if ((st = import_raw_read(t, T_AUDIT, kv, it, &e)))
		return st;
	if (ids_keep(t, ID_AUDIT, 0))
		return txn_status(t);
	if (it->seq != t->ids[ID_AUDIT] + 1)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "audit record %llu follows record %llu: the "
				  "log comes whole and in order",
				  (unsigned long long)it->seq,
				  (unsigned long long)t->ids[ID_AUDIT]);
	if (!(cx = txn_chain(t)))
		return txn_status(t);
	if (chain_link_of(cx, t->chain_head, &e.audit, link))
		return oom();
	if (!e.audit.a.has_hash || memcmp(link, e.audit.a.hash, sizeof link))
		return berth_fail(BERTH_TAMPERED,
				  "audit record %llu does not follow from the "
				  "one before it and its content",
				  (unsigned long long)it->seq);
	store_put(t->st, T_AUDIT, k.b, k.len, it->raw, it->raw_len);
	entry_put(t, T_AUDIT_BY,
		  &(audit_by_entry){e.audit.a.entity, e.audit.seq});
	t->ids[ID_AUDIT] = it->seq;
	memcpy(t->chain_head, link, sizeof link);
	return txn_status(t);
}

static import_put_fn put_store_item;
static berth_status put_store_item(berth_txn *t, berth_import *im,
				   berth_xitem *it, const berth_xcivil *cv)
{
	(void)cv;
	return put_store(t, im, &it->store);
}

/* One entry a type: adding a type to export and import is one line here
 * and one walk in export-all.c. */
static import_put_fn *const putters[BERTH_X_COUNT] = {
    [BERTH_X_STORE] = put_store_item,	[BERTH_X_RESOURCE] = import_resource,
    [BERTH_X_RESID] = import_resid,	[BERTH_X_POLICY] = import_policy,
    [BERTH_X_HOURS] = import_hours,	[BERTH_X_HOLIDAY] = import_holiday,
    [BERTH_X_TIMEOFF] = import_timeoff, [BERTH_X_SERVICE] = import_service,
    [BERTH_X_CLAIM] = import_claim,	[BERTH_X_IDEM] = put_idem,
    [BERTH_X_AUDIT] = put_audit,	[BERTH_X_CUSTOMER] = import_customer,
    [BERTH_X_WAITLIST] = import_waitlist,
};

int import_audited(const berth_import *im)
{
	return im->audit;
}

import_ids *import_merge_ids(berth_import *im)
{
	return im->stage ? NULL : im->ids;
}

void berth_import_restart(berth_import *im)
{
	import_ids_clear(im->ids);
}

berth_status berth_import_put(berth_txn *t, berth_import *im, berth_xitem *it,
			      const berth_xcivil *cv)
{
	static const berth_xcivil none;
	berth_status st;

	if ((unsigned)it->type >= BERTH_X_COUNT || !putters[it->type])
		return berth_fail(BERTH_INVALID_ARGUMENT, "unknown type");
	if (t->db->role != ROLE_ADMIN && t->db->role != ROLE_SYSTEM)
		return berth_fail(BERTH_FORBIDDEN,
				  "only an admin may import a store");
	st = putters[it->type](t, im, it, cv ? cv : &none);
	return st ? st : txn_status(t);
}

berth_status berth_import_check(berth_txn *t, uint64_t *overbooked)
{
	berth_status st;

	/* In a merge's write transaction the counters are off the audit
	 * table until the commit puts them back: back now, for check. */
	if (store_writable(t->st))
		counters_flush(t);
	st = check_sound(t, overbooked);

	if (st == BERTH_STORE_CORRUPT)
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"the file does not make a sound store; nothing "
				"was imported: %s",
				berth_message());
	return st;
}

static berth_status check_txn(berth_txn *t, void *arg)
{
	return berth_import_check(t, arg);
}

berth_status berth_import_finish(berth_import *im, berth_import_summary *out)
{
	memset(out, 0, sizeof *out);
	/* The same check as restore's: damage, a broken link, a record
	 * that is not what its log says, refuse; overbooking cannot be
	 * there (every claim was admitted) but is counted as restore does. */
	return berth_run(im->db, 0, check_txn, &out->overbooked);
}

berth_status berth_import_commit(berth_import *im)
{
	berth_status st;

	if (!im->stage) {
		import_ids_free(im->ids);
		free(im);
		return BERTH_OK;
	}
	berth_close(im->db);
	if (im->server) {
		st = store_copy_path(store_stage_path(im->stage), im->server);
		store_stage_abort(im->stage);
	} else {
		st = store_stage_commit(im->stage);
	}
	import_free(im);
	return st;
}

void berth_import_abort(berth_import *im)
{
	if (!im)
		return;
	if (im->stage) {
		berth_close(im->db);
		store_stage_abort(im->stage);
	}
	import_free(im);
}
