/* calendar.h - what the calendar's files share: dates as numbers, a
 * resource's plan for one local day, the indexes a holiday and a time off
 * imply, and the admission of a claim. */
#ifndef BERTH_CALENDAR_H
#define BERTH_CALENDAR_H

#include "internal.h"

/* A holiday covers at most this many days (a year, with its leap day):
 * each is a point in the day index, so a claim's date is one seek. */
#define CAL_SPAN_MAX 366

/* calendar-date.c: days since 1970-01-01 and yyyymmdd, both ways. */
int64_t cal_days(int32_t ymd);
int32_t cal_ymd(int64_t days);

/* calendar-wall.c: a resource's wall clock. The local date of an instant,
 * and the instant of a local wall time (seconds since 1970-01-01 as if the
 * zone were UTC): a repeated time is its first instant; a time the zone
 * skips is moved on by the gap, as mktime does. */
int32_t cal_local_date(btime t, const char *zone);
btime cal_wall(int64_t naive, const char *zone);

/* calendar-index.c: the day index entries of a holiday (its days as
 * yyyymmdd, or mmdd when yearly), written or removed; a time off's entry
 * in its resource's index. */
int holiday_days(const berth_holiday *h, uint32_t days[CAL_SPAN_MAX]);
/* The audit log's names of these: hours/R[/DATE], d7, t3. */
void hours_entity(const berth_hours *h, char *buf, size_t size);
void holiday_entity(uint64_t id, char *buf, size_t size);
void timeoff_entity(uint64_t id, char *buf, size_t size);
void holiday_index(berth_txn *t, const berth_holiday *h, int add);
void timeoff_index_of(const berth_timeoff *o, timeoff_by_entry *e);

/* calendar-day.c: what a resource's own calendar says of one local day. */
typedef struct {
	uint32_t rid;
	const char *name, *zone;
	int has_week; /* a week of hours is set: holidays for all apply */
	berth_hours week;
} cal_res;
berth_status cal_res_load(berth_txn *t, const berth_resource *r,
			  cal_res *out);
typedef enum {
	DAY_ALWAYS,    /* no hours: open all day */
	DAY_WEEK,      /* the week's hours for its weekday */
	DAY_EXCEPTION, /* hours set for the date */
	DAY_HOLIDAY,   /* closed by a holiday */
} day_kind;
typedef struct {
	day_kind kind;
	berth_day hours; /* open ranges (none on a holiday) */
	berth_holiday *holiday;
} cal_day;
berth_status cal_day_of(berth_txn *t, const cal_res *cr, int32_t ymd,
			cal_day *out);
/* The day's ranges as instants, in order: out needs BERTH_DAY_RANGES. */
int cal_day_instants(const cal_day *d, int32_t ymd, const char *zone,
		     btime (*out)[2]);

/* calendar-id.c: d12, t3. */
berth_status cal_id_parse(char prefix, const char *what, const char *s,
			  uint64_t *id);

/* calendar-admit.c: whether a new claim lies in the resource's open time:
 * OUTSIDE_HOURS, HOLIDAY or TIME_OFF, naming what closed it. */
berth_status calendar_admit(berth_txn *t, const berth_resource *r,
			    const berth_claim *c);

#endif
