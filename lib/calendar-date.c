/* calendar-date.c - dates as people write them (2026-12-24) and as the
 * calendar keeps them (yyyymmdd in one number, or days since 1970), and
 * weekdays. The day arithmetic is the proleptic Gregorian calendar's. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

/* Howard Hinnant's days-from-civil, by eras of 400 years. */
int64_t cal_days(int32_t ymd)
{
	int64_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int32_t cal_ymd(int64_t days)
{
	int64_t z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (int32_t)(y * 10000 + m * 100 + d);
}

static const char *const weekdays[7] = {"mon", "tue", "wed", "thu",
					"fri", "sat", "sun"};

const char *berth_weekday_name(int i)
{
	return i >= 0 && i < 7 ? weekdays[i] : "?";
}

/* 1970-01-01 was a Thursday. */
int berth_weekday_of(int32_t ymd)
{
	int64_t w = (cal_days(ymd) + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

berth_status berth_date_parse(const char *what, const char *s, int32_t *ymd)
{
	civil_time ct;

	if (clock_parse(s, &ct) || ct.kind != CIVIL_DATE) {
		berth_clear();
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_TIME,
			       "%s takes a date such as 2026-12-24, not "
			       "'%.40s'",
			       what, s),
		    what, s);
	}
	*ymd = ct.year * 10000 + ct.month * 100 + ct.day;
	return BERTH_OK;
}

void berth_date_format(int32_t ymd, char *buf, size_t size)
{
	if (ymd < 10000)
		snprintf(buf, size, "%02d-%02d", ymd / 100, ymd % 100);
	else
		snprintf(buf, size, "%04d-%02d-%02d", ymd / 10000,
			 ymd / 100 % 100, ymd % 100);
}
