/* release.c - berth release: give a hold back. */
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_release(t, arg, out);
}

static int run(const struct verb *v, int argc, char **argv)
{
	return claim_id_verb(v, argc, argv, "%s was released", op);
}

const struct verb verb_release = {
	.name = "release",
	.run = run,
	.summary = "give a hold back before it expires",
	.operands = "HOLD",
	.mode = VERB_WRITES,
	.view = &view_claim,
};
