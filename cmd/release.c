/* release.c - berth release: give a hold back. */
#include "common-claim.h"
#include "verbs.h"

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_release(t, arg, out);
}

static int run(const struct verb *v, int argc, char **argv)
{
	berth_status st;
	int nargs, done;

	if ((st = opt_parse(v, argc, argv, NULL, &nargs, &done)))
		return fail(st);
	if (done)
		return 0;
	if ((st = need_args(nargs, 1, 1)))
		return fail(st);
	return claim_op_run(1, op, argv[1]);
}

const struct verb verb_release = {
	.name = "release",
	.run = run,
	.summary = "give a hold back before it expires",
	.operands = "HOLD",
	.write = 1,
};
