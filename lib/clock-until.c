/* clock-until.c - the end of a range written as an option's `to`. A day
 * named without a clock time (a date, today, tomorrow, yesterday, next
 * mon) is inclusive: the range runs to the end of that day, the next
 * day's first instant. A clock time or an instant is the end itself.
 * list --to and availability --to read their ends here, so a day means the
 * same thing to every verb. */
#include "clock-internal.h"

#include <time.h>

/* Whether `ct` names a whole day rather than an instant in it. */
static int names_a_day(const civil_time *ct)
{
	if (ct->kind == CIVIL_DATE)
		return 1;
	return ct->kind == CIVIL_RELATIVE && ct->anchor != RELATIVE_NOW &&
	       !ct->has_clock;
}

berth_status clock_resolve_until(const civil_time *ct, const char *zone,
				 btime now, btime *out)
{
	civil_time next = {.kind = CIVIL_DATE};
	struct civil_fields f;
	struct tm tm;
	btime first;
	berth_status st;

	if (!names_a_day(ct))
		return clock_resolve_at(ct, zone, now, out);
	/* The day's first instant, then its calendar date in the zone: a
	 * relative day is only a date once the clock and zone say which. */
	if ((st = clock_resolve_at(ct, zone, now, &first)))
		return st;
	clock_local(first, zone, &tm);
	civil_from_seconds(
	    (clock_floor_div(first + tm.tm_gmtoff, DAY) + 1) * DAY, &f);
	if (f.year > MAX_YEAR) {
		*out = BTIME_NEVER; /* the last day berth knows: for good */
		return BERTH_OK;
	}
	next.year = (int)f.year;
	next.month = f.month;
	next.day = f.day;
	return clock_resolve_at(&next, zone, now, out);
}
