/* upgrade.c - berth upgrade: rewrite a store of an older format in this
 * berth's, in one transaction, after a backup beside it. */
#include "common.h"
#include "verbs.h"

struct run {
	unsigned from;
	unsigned format;
};

static berth_status format_txn(berth_txn *t, void *arg)
{
	((struct run *)arg)->format = berth_store_format(t);
	return BERTH_OK;
}

static berth_status upgrade_txn(berth_txn *t, void *arg)
{
	return berth_upgrade(t, &((struct run *)arg)->from);
}

static int run(const struct verb *v, int argc, char **argv)
{
	struct run r = {0, 0};
	char backup[4096];
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, rc = 0;
	emitter *e;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, 0, 0)) || (st = open_db(0, &db)))
		return fail(st);
	berth_allow_any_format(db);
	if (!(st = berth_run(db, 0, format_txn, &r)) && r.format == 0)
		st = berth_fail(BERTH_INTERNAL, "the store has no format");
	/* Only a store that needs it is copied and rewritten. */
	if (!st && r.format != BERTH_FORMAT &&
	    !(st = berth_backup_beside(db, "upgrade", backup, sizeof backup)) &&
	    !(st = berth_run(db, 1, upgrade_txn, &r)))
		committed(
		    "the store was upgraded from format %u (a backup is at "
		    "%s)",
		    r.format, backup);
	if (!st) {
		e = out_open(0);
		emit_record_begin(e);
		emit_int(e, "from", r.format);
		emit_int(e, "to", BERTH_FORMAT);
		emit_str(e, "backup", r.format != BERTH_FORMAT ? backup : NULL);
		emit_record_end(e);
		st = out_close(e);
	}
	if (st)
		rc = fail(st);
	berth_close(db);
	return rc;
}

const struct verb verb_upgrade = {
    .name = "upgrade",
    .run = run,
    .summary = "rewrite a store of an older format in this berth's",
    .mode = VERB_WRITES,
};
