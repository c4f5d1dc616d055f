/* clock-internal.h - what the clock's files share and nothing else sees:
 * the calendar's fields and the range berth can print. clock.c parses and
 * resolves, clock-zone.c asks zones (tz-zone.c) about instants,
 * clock-format.c prints. */
#ifndef BERTH_CLOCK_INTERNAL_H
#define BERTH_CLOCK_INTERNAL_H

#include "clock.h"
#include "tz-zone.h"

#define MIN_YEAR    1970
#define MAX_YEAR    9999
#define MAX_INSTANT INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define DAY	    INT64_C(86400)

/* A time broken into its proleptic Gregorian calendar fields, UTC. */
struct civil_fields {
	int64_t year;
	int month, day, hour, minute, second;
};

void civil_from_seconds(int64_t t, struct civil_fields *f);

/* The proleptic Gregorian date of a day counted from 1970-01-01, in a
 * constant number of steps (no search by year): for printing many
 * times. Exact for every day an int64_t year can hold. */
void clock_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
int64_t clock_days_from_civil(int64_t y, int m, int d);

/* The forms a time may take, for messages about one that is none. */
extern const char clock_time_forms[];

int64_t clock_floor_div(int64_t a, int64_t b);

/* clock_resolve_at, naming the time in messages as `given` (NULL: as ct
 * reads); clock-relative.c resolves the local time a relative one names
 * through it, so messages still say what the user wrote. */
berth_status clock_resolve_as(const civil_time *ct, const char *zone,
			      btime now, const char *given, btime *out);

/* clock-relative.c: what clock_parse hands on when a time does not start
 * like a date or @SECONDS, and what clock_resolve hands on for
 * CIVIL_RELATIVE. */
berth_status clock_relative_parse(const char *text, civil_time *out);
berth_status clock_relative_resolve(const civil_time *ct, const char *zone,
				    btime now, btime *out);

/* Arguments can hold anything; a message must stay one readable line.
 * One static buffer: use the answer before the next call. */
const char *clock_shown(const char *text);

/* The offset of `zone` at `t` in whole minutes (an unknown zone is UTC);
 * -1 when not even UTC could be had (no memory). */
int clock_zone_offset(const char *zone, int64_t t, long *off);

#endif
