/* upgrade.c - berth upgrade: rewrite a store of an older format in this
 * berth's, in one transaction, after a backup beside it. */
#include <unistd.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

static berth_status format_txn(berth_txn *t, void *arg)
{
	*(unsigned *)arg = berth_store_format(t);
	return BERTH_OK;
}

static berth_status upgrade_txn(berth_txn *t, void *arg)
{
	(void)arg;
	return berth_upgrade(t);
}

static int run(const struct verb *v, int argc, char **argv)
{
	unsigned format = 0;
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
	st = berth_run(db, 0, format_txn, &format);
	/* Only a store that needs it is copied and rewritten. */
	if (!st && format != BERTH_FORMAT_CURRENT &&
	    !(st = berth_backup_beside(db, "upgrade", backup, sizeof backup))) {
		if ((st = berth_run(db, 1, upgrade_txn, NULL)))
			unlink(backup); /* nothing was upgraded */
		else
			committed("the store was upgraded from format %u (a "
				  "backup is at %s)",
				  format, backup);
	}
	if (!st) {
		e = out_open(0);
		emit_record_begin(e);
		emit_int(e, "from", format);
		emit_int(e, "to", BERTH_FORMAT_CURRENT);
		emit_str(e, "backup",
			 format != BERTH_FORMAT_CURRENT ? backup : NULL);
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
	.view = &view_upgrade,
};
