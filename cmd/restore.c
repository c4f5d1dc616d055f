/* restore.c - berth restore FILE: a new store (--db) from a backup. */
#include "common.h"
#include "verbs.h"

/* Opening a transaction is the test: berth_run refuses a store whose
 * schema is missing or newer than ours. */
static berth_status readable(berth_txn *t, void *arg)
{
	(void)t;
	(void)arg;
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	berth_db *db = NULL;
	berth_status st;
	const char *dir;
	int nargs, done;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if ((st = need_args(nargs, 1, 1)))
		return fail(st);
	if (!*argv[1])
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "the backup file name is empty"));
	if (!(dir = store_dir()))
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "restore into which store? give --db"));
	/* The copy must read as a store of a schema we know before it is
	 * called restored. */
	if (!(st = berth_restore(argv[1], dir)) && !(st = open_db(0, &db)))
		st = berth_run(db, 0, readable, NULL);
	if (!st)
		committed("the store at %s was restored from %s", dir, argv[1]);
	if (!st && G.verbose)
		fprintf(stderr, "berth: restored %s into %s\n", argv[1], dir);
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_restore = {
	.name = "restore",
	.run = run,
	.summary = "make a new store (--db) from a backup FILE",
	.operands = "FILE",
};
