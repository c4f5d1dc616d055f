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
 * reads back wins (the first of a repeated hour). A time neither gives is
 * in a gap, which the wall clock passes at the change itself: a salon
 * that opens at 02:30 on the night 02:00 becomes 03:00 opens at 03:00, and
 * one that closes at 02:30 closes then too. (mktime would move the time on
 * by the gap, to 03:30, and take half an hour of opening away.) */
btime cal_wall(int64_t naive, const char *zone)
{
	long before = offset_at(naive - DAY, zone);
	long after = offset_at(naive + DAY, zone);
	btime best = BTIME_NEVER, lo, hi;

	if (offset_at(naive - before, zone) == before)
		best = naive - before;
	if (offset_at(naive - after, zone) == after && naive - after < best)
		best = naive - after;
	if (best != BTIME_NEVER)
		return best;
	/* The change lies in (naive - after, naive - before]: the clock
	 * jumps forward, so after > before. Its first instant on the new
	 * offset, by halving. */
	lo = naive - after;
	hi = naive - before;
	while (hi - lo > 1) {
		btime mid = lo + (hi - lo) / 2;
		if (offset_at(mid, zone) == after)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
