/* checkin.c - berth checkin BOOKING [--undo]: a booking that has started marked
 * attended (common-attendance.c does the work for both marks). */
#include "common-attendance.h"
#include "common-columns.h"
#include "verbs.h"

static int run(const struct verb *v, int argc, char **argv)
{
	return attendance_run(v, argc, argv, BOOKING_ATTENDED);
}

const struct verb verb_checkin = {
	.name = "checkin",
	.run = run,
	.summary = "mark a booking that has started as attended",
	.operands = "BOOKING",
	.opts = attendance_opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
