/* backup.c - berth backup FILE|-: a consistent compacted copy of the store
 * while others keep writing; `-` writes it to standard output. */
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "verbs.h"

static int run(const struct verb *v, int argc, char **argv)
{
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, out;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 1, 1)) && !*argv[1])
		st = berth_fail(BERTH_INVALID_ARGUMENT, "the backup file name is empty");
	out = !st && strcmp(argv[1], "-") == 0;
	/* A store's bytes on a terminal help nobody and may upset it. */
	if (out && isatty(STDOUT_FILENO))
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"standard output is a terminal: redirect it "
				"(berth backup - >FILE, or | zstd) or name a "
				"FILE");
	if (!st && !(st = open_db(0, &db))) {
		if (out) {
			/* Nothing of ours may reach stdout before the copy. */
			fflush(stdout);
			st = berth_backup_fd(db, STDOUT_FILENO);
		} else {
			st = berth_backup(db, argv[1]);
		}
		if (!st && G.verbose)
			fprintf(stderr, "berth: backed up %s to %s\n",
				berth_path(db), out ? "standard output" : argv[1]);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_backup = {
	.name = "backup",
	.run = run,
	.summary = "write a consistent compacted copy of the store to FILE (- for stdout)",
	.operands = "FILE",
	.mode = VERB_READS,
};
