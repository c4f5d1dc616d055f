/* show.c - berth show: one hold or booking by its id. */
#include "common-claim.h"
#include "verbs.h"

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_show(t, arg, out);
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
	return claim_op_run(0, op, argv[1]);
}

const struct verb verb_show = {
	.name = "show",
	.run = run,
	.summary = "show a hold or a booking",
	.operands = "ID",
};
