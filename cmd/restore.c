/* restore.c - berth restore FILE|-: a new store (--db) from a backup,
 * checked in full before it is put in place; `-` reads standard input. */
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "verbs.h"

static int run(const struct verb *v, int argc, char **argv)
{
	berth_status st;
	const char *dir;
	int nargs, done, in;

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
	in = strcmp(argv[1], "-") == 0;
	if (in && isatty(STDIN_FILENO))
		return fail(berth_fail(BERTH_INVALID_ARGUMENT,
				       "standard input is a terminal: give a "
				       "backup FILE, or pipe one in"));
	st = berth_restore(in ? NULL : argv[1], STDIN_FILENO, dir);
	if (!st)
		committed("the store at %s was restored from %s",
			  berth_store_name(dir),
			  in ? "standard input" : argv[1]);
	if (!st && G.verbose)
		fprintf(stderr, "berth: restored %s into %s\n",
			in ? "standard input" : argv[1], berth_store_name(dir));
	return st ? fail(st) : 0;
}

const struct verb verb_restore = {
	.name = "restore",
	.run = run,
	.summary = "make a new store (--db) from a backup FILE (- for stdin)",
	.operands = "FILE",
	.mode = VERB_WRITES,
};
