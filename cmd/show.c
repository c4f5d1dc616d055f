/* show.c - berth show: one hold or booking by its id. */
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_show(t, arg, out);
}

static int run(const struct verb *v, int argc, char **argv)
{
	return claim_id_verb(v, argc, argv, NULL, op);
}

const struct verb verb_show = {
	.name = "show",
	.run = run,
	.summary = "show a hold or a booking",
	.operands = "ID",
	.mode = VERB_READS,
	.view = &view_claim,
};
