/* init.c - berth init: create the store (idempotent). */
#include <string.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_TZ, O_COUNT };
static const struct opt opts[] = {
	{"tz", OPT_VALUE, "ZONE", "the store's zone (default $TZ or the "
				  "system's)"},
	{NULL, 0, NULL, NULL},
};

static berth_status txn(berth_txn *t, void *arg)
{
	*(const char **)arg = berth_zone(t);
	return BERTH_OK;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	berth_db *db = NULL;
	const char *zone = NULL;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 0, 0)) && vals[O_TZ].set &&
	    !clock_zone_valid(vals[O_TZ].value))
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"unknown time zone '%.80s'", vals[O_TZ].value);
	if (!st && vals[O_TZ].set)
		create_zone(vals[O_TZ].value);
	if (!st && !(st = open_db(1, &db))) {
		st = berth_run(db, 1, txn, &zone);
		if (!st && vals[O_TZ].set && strcmp(zone, vals[O_TZ].value))
			st = berth_fail(BERTH_ALREADY_EXISTS,
					"the store exists already with zone %s",
					zone);
		if (!st) {
			emitter *e;
			committed("the store at %s is ready", berth_path(db));
			e = out_open(0);
			emit_record_begin(e);
			emit_str(e, "path", berth_path(db));
			emit_str(e, "tz", zone);
			emit_record_end(e);
			st = out_close(e);
		}
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_init = {
	.name = "init",
	.run = run,
	.summary = "create the store (safe to run again)",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_init,
};
