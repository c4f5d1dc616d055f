/* backup.c - berth backup FILE: a consistent compacted copy of the store
 * while others keep writing. */
#include "common.h"
#include "verbs.h"

static int run(const struct verb *v, int argc, char **argv)
{
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 1, 1)) && !*argv[1])
		st = berth_fail(BERTH_INVALID_ARGUMENT, "the backup file name is empty");
	if (!st && !(st = open_db(0, &db)) &&
	    !(st = berth_backup(db, argv[1])) && G.verbose)
		fprintf(stderr, "berth: backed up %s to %s\n", berth_path(db),
			argv[1]);
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_backup = {
	.name = "backup",
	.run = run,
	.summary = "write a consistent compacted copy of the store to FILE",
	.operands = "FILE",
};
