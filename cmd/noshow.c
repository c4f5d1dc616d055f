/* noshow.c - berth noshow BOOKING [--undo]: a booking that has started marked
 * a no-show (common-attendance.c does the work for both marks). */
#include "common-attendance.h"
#include "common-columns.h"
#include "verbs.h"

static int run(const struct verb *v, int argc, char **argv)
{
	return attendance_run(v, argc, argv, BOOKING_NO_SHOW);
}

const struct verb verb_noshow = {
	.name = "noshow",
	.run = run,
	.summary = "mark a booking that has started as a no-show",
	.operands = "BOOKING",
	.opts = attendance_opts,
	.mode = VERB_WRITES,
	.view = &view_claim,
};
