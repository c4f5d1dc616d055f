/* common-attendance.c - what berth checkin and berth noshow share: their
 * options and their run, marking who came to a booking that has started,
 * or (--undo) taking the mark back the same day. */
#include "common-attendance.h"
#include "common-claim.h"
#include "verbs.h"

enum { O_UNDO, O_IF_VERSION, O_REASON, O_COUNT };
const struct opt attendance_opts[] = {
	{"undo", OPT_FLAG, NULL, "take the mark back (the same day)"},
	{"if-version", OPT_VALUE, "N", "only if the booking is at version N"},
	{"reason", OPT_VALUE, "R", "why, for the audit log"},
	{NULL, 0, NULL, NULL},
};

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_attend(t, arg, out);
}

int attendance_run(const struct verb *v, int argc, char **argv, int status)
{
	optval vals[O_COUNT];
	berth_attend_req req = {.status = status};
	berth_status st;
	int nargs, done, rc;
	const char *said;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (!st && !done)
		st = need_args(nargs, 1, 1);
	if (!st && !done)
		st = opt_text(&vals[O_REASON], "--reason", &req.reason);
	if (!st && !done && vals[O_IF_VERSION].set)
		st = parse_int("--if-version", vals[O_IF_VERSION].value, 1,
			       INT64_MAX, &req.if_version);
	req.undo = vals[O_UNDO].set;
	req.id = argv[1];
	if (status == BOOKING_ATTENDED)
		said = req.undo ? "the check-in of %s was undone"
				: "%s was checked in";
	else
		said = req.undo ? "the no-show of %s was undone"
				: "%s was marked a no-show";
	if (st)
		rc = fail(st);
	else
		rc = done ? 0 : claim_op_run(said, op, &req);
	opt_free(vals, O_COUNT);
	return rc;
}
