/* lock.c - berth lock: place a hold. */
#include <stdlib.h>

#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

static const struct opt opts[] = {CLAIM_OPTS, {NULL, 0, NULL, NULL}};

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[CO_COUNT];
	berth_claim_req req = {0};
	berth_repeat rep = {0};
	berth_status st;
	int nargs, done, rc;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done && !(st = need_args(nargs, 1, 2)))
		st = claim_req_parse(argv + 1, nargs, vals, &req);
	if (!st && !done)
		st = claim_repeat_parse(vals, &rep);
	rc = st ? fail(st) : done ? 0 : claim_run(0, &req, &rep);
	free(req.seats);
	free(req.attrs.v);
	opt_free(vals, CO_COUNT);
	return rc;
}

const struct verb verb_lock = {
	.name = "lock",
	.run = run,
	.summary = "place a hold on capacity or seats until it expires",
	.operands = "[RESOURCE] START",
	.opts = opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
