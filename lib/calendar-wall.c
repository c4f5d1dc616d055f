/* calendar-wall.c - a resource's wall clock, read through clock.h's zone
 * (clock_local) only: the calendar never switches TZ nor keeps offsets of
 * its own. */
#include <time.h>

#include "calendar.h"

#define DAY 86400

static long offset_at(btime t, const char *zone)
{
	struct tm tm;

	clock_local(t, zone, &tm);
	return tm.tm_gmtoff;
}

int32_t cal_local_date(btime t, const char *zone)
{
	int64_t naive = t + offset_at(t, zone);
	int64_t days = naive / DAY - (naive % DAY < 0);

	return cal_ymd(days);
}

/* The offsets a day either side are the two a wall time can have (no zone
 * changes twice in two days); each is tried, and the earlier instant that
 * reads back wins. A time neither gives is in a gap: the offset before it
 * moves it on by the gap's length. */
btime cal_wall(int64_t naive, const char *zone)
{
	long before = offset_at(naive - DAY, zone);
	long after = offset_at(naive + DAY, zone);
	btime best = BTIME_NEVER;

	if (offset_at(naive - before, zone) == before)
		best = naive - before;
	if (offset_at(naive - after, zone) == after && naive - after < best)
		best = naive - after;
	return best != BTIME_NEVER ? best : naive - before;
}
