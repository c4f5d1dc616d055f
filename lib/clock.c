/* clock.c - times and durations; see clock.h.
 *
 * Calendar arithmetic is our own so that absolute times never depend on TZ;
 * zones are values (tz-zone.c) asked through clock-zone.c, and printing
 * goes through clock-format.c. */
#include "clock-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DURATION (INT64_C(3650) * DAY)

/* Short enough that a message naming 64 characters of text stays under
 * 200. */
const char clock_time_forms[] =
    "expected YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]], @SECONDS, now, +2h, "
    "today|tomorrow [HH:MM] or next WEEKDAY [HH:MM]";

const char *clock_shown(const char *text)
{
	static char buf[96];
	size_t i, n = 0;

	if (!text)
		return "";
	for (i = 0; text[i] && n < 64; i++) {
		unsigned char c = (unsigned char)text[i];
		buf[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	buf[n] = '\0';
	if (text[i])
		strcpy(buf + n, "...");
	return buf;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	return len[m - 1] + (m == 2 && is_leap(y));
}

/* Leap years in 1..y-1; y >= 1. */
static int64_t leaps_before(int64_t y)
{
	y--;
	return y / 4 - y / 100 + y / 400;
}

int64_t clock_days_from_civil(int64_t y, int m, int d)
{
	static const int before[12] = {0,   31,	 59,  90,  120, 151,
				       181, 212, 243, 273, 304, 334};
	int64_t days = (y - 1970) * 365 + leaps_before(y) - leaps_before(1970);

	return days + before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
}

int64_t clock_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The inverse: an estimate from the mean year length is at most one year
 * out, so two short loops settle it without a table. */
void civil_from_seconds(int64_t t, struct civil_fields *f)
{
	int64_t days = clock_floor_div(t, DAY), rem = t - days * DAY;

	/* The date by arithmetic (clock_civil_from_days), in constant time:
	 * a listing formats five times a claim. */
	clock_civil_from_days(days, &f->year, &f->month, &f->day);
	f->hour = (int)(rem / 3600);
	f->minute = (int)(rem / 60 % 60);
	f->second = (int)(rem % 60);
}

/* Counted in eras of 400 years (146097 days, the Gregorian cycle) from
 * 0000-03-01, so that a leap day ends its year: within an era the year,
 * and within a year starting in March the month, then follow from plain
 * division (the months from March run 31 30 31 30 31, 31 30 31 30 31,
 * 31 28/29: 153 days every five). */
void clock_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468; /* 0000-03-01 to 1970-01-01 */
	int64_t era = clock_floor_div(z, 146097);
	int64_t doe = z - era * 146097; /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;		       /* 0 = March */

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = era * 400 + yoe + (*m <= 2);
}

/* The fields read as if they were UTC; 24:00 rolls into the next day by
 * plain addition. */
static int64_t naive_seconds(const civil_time *ct)
{
	return clock_days_from_civil(ct->year, ct->month, ct->day) * DAY +
	       ct->hour * 3600 + ct->minute * 60 + ct->second;
}

/* Exactly n digits: fixed widths leave no room for signs, spaces or
 * overflow, which strtol would each let through in its own way. */
static int take_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return 0;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 1;
}

static berth_status parse_epoch(const char *text, civil_time *out)
{
	const char *p = text + 1;
	int64_t v = 0;
	int n = 0;
	struct civil_fields f;

	for (; *p >= '0' && *p <= '9'; p++) {
		/* Thirteen digits already exceed the last second of 9999. */
		if (++n > 12)
			return berth_fail(BERTH_INVALID_TIME,
					  "invalid time '%s': @SECONDS must be "
					  "0..253402300799",
					  clock_shown(text));
		v = v * 10 + (*p - '0');
	}
	if (n == 0 || *p)
		return berth_fail(BERTH_INVALID_TIME, "invalid time '%s': %s",
				  clock_shown(text), clock_time_forms);
	if (v > MAX_INSTANT)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': @SECONDS must be "
				  "0..253402300799",
				  clock_shown(text));
	civil_from_seconds(v, &f);
	*out = (civil_time){
	    .kind = CIVIL_ABSOLUTE,
	    .year = (int)f.year,
	    .month = f.month,
	    .day = f.day,
	    .hour = f.hour,
	    .minute = f.minute,
	    .second = f.second,
	    .epoch = v,
	    .is_epoch = 1,
	};
	return BERTH_OK;
}

static berth_status check_ranges(const char *text, const civil_time *ct)
{
	const char *s = clock_shown(text);

	if (ct->year < MIN_YEAR || ct->year > MAX_YEAR)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': year %04d is outside "
				  "1970..9999",
				  s, ct->year);
	if (ct->month < 1 || ct->month > 12)
		return berth_fail(
		    BERTH_INVALID_TIME,
		    "invalid time '%s': month %02d does not exist", s,
		    ct->month);
	if (ct->day < 1 || ct->day > month_days(ct->year, ct->month))
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': day %02d does not exist "
				  "in %04d-%02d",
				  s, ct->day, ct->year, ct->month);
	if (ct->hour > 24)
		return berth_fail(
		    BERTH_INVALID_TIME,
		    "invalid time '%s': hour %02d is out of range", s,
		    ct->hour);
	if (ct->minute > 59)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': minute %02d is out of "
				  "range",
				  s, ct->minute);
	if (ct->second > 59)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': second %02d is out of "
				  "range (no leap seconds)",
				  s, ct->second);
	if (ct->hour == 24 && (ct->minute || ct->second))
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': hour 24 is only allowed "
				  "as 24:00:00",
				  s);
	return BERTH_OK;
}

/* The checks below as yes or no, so that the hot path of a time that
 * passes formats no text for a message it will not write. */
static int ranges_ok(const civil_time *ct)
{
	return ct->year >= MIN_YEAR && ct->year <= MAX_YEAR &&
	       ct->month >= 1 && ct->month <= 12 && ct->day >= 1 &&
	       ct->day <= month_days(ct->year, ct->month) && ct->hour <= 24 &&
	       ct->minute <= 59 && ct->second <= 59 &&
	       !(ct->hour == 24 && (ct->minute || ct->second));
}

static int instant_ok(int64_t t)
{
	return t >= 0 && t <= MAX_INSTANT;
}

static berth_status check_instant(const char *text, int64_t t)
{
	if (t < 0)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': before "
				  "1970-01-01T00:00:00Z",
				  clock_shown(text));
	if (t > MAX_INSTANT)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': after "
				  "9999-12-31T23:59:59Z",
				  clock_shown(text));
	return BERTH_OK;
}

/* A fraction of a second, as JavaScript's toISOString() writes one
 * (.000): berth keeps whole seconds, so the digits are read and dropped,
 * which truncates (18:00:00.999 is 18:00:00). Only after the seconds, and
 * with at least one digit: 18:00. or 18:00.5 says something unclear. */
static berth_status skip_fraction(const char *text, const char **p,
				  int has_seconds)
{
	const char *q = *p;

	if (*q == ',')
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': write a fraction of a "
				  "second with '.', not ','",
				  clock_shown(text));
	if (*q != '.')
		return BERTH_OK;
	if (!has_seconds)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': a fraction needs the "
				  "seconds before it (HH:MM:SS.fff)",
				  clock_shown(text));
	if (q[1] < '0' || q[1] > '9')
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': a digit must follow the "
				  "'.' of a fraction of a second",
				  clock_shown(text));
	for (q++; *q >= '0' && *q <= '9'; q++)
		;
	*p = q;
	return BERTH_OK;
}

berth_status clock_parse(const char *text, civil_time *out)
{
	const char *p = text;
	civil_time ct = {.kind = CIVIL_DATE};
	int has_seconds = 0, oh, om;
	berth_status st;

	if (!text || !*text)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '': the time is empty");
	if (*p == '@')
		return parse_epoch(text, out);
	if (*p < '0' || *p > '9')
		return clock_relative_parse(text, out);

	if (!take_digits(&p, 4, &ct.year) || *p++ != '-' ||
	    !take_digits(&p, 2, &ct.month) || *p++ != '-' ||
	    !take_digits(&p, 2, &ct.day))
		goto malformed;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		ct.kind = CIVIL_LOCAL;
		if (!take_digits(&p, 2, &ct.hour) || *p++ != ':' ||
		    !take_digits(&p, 2, &ct.minute))
			goto malformed;
		if (*p == ':') {
			p++;
			if (!take_digits(&p, 2, &ct.second))
				goto malformed;
			has_seconds = 1;
		}
		if ((st = skip_fraction(text, &p, has_seconds)))
			return st;
		if (*p == 'Z' || *p == 'z') {
			p++;
			ct.kind = CIVIL_ABSOLUTE;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1;

			if (!take_digits(&p, 2, &oh) || *p++ != ':' ||
			    !take_digits(&p, 2, &om))
				goto malformed;
			if (oh > 23 || om > 59)
				return berth_fail(BERTH_INVALID_TIME,
						  "invalid time '%s': offset "
						  "%c%02d:%02d is out of range",
						  clock_shown(text),
						  sign < 0 ? '-' : '+', oh, om);
			ct.kind = CIVIL_ABSOLUTE;
			ct.offset = sign * (oh * 3600 + om * 60);
		}
		/* RFC 3339 itself requires seconds, but SPEC's own batch
		 * example writes 2026-06-10T09:00Z, and people do: the short
		 * form names one instant just as clearly, so take it. */
	}
	if (*p)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': unexpected text after "
				  "the time",
				  clock_shown(text));
	st = check_ranges(text, &ct);
	if (st)
		return st;
	if (ct.kind == CIVIL_ABSOLUTE) {
		st = check_instant(text, naive_seconds(&ct) - ct.offset);
		if (st)
			return st;
	}
	*out = ct;
	return BERTH_OK;

malformed:
	return berth_fail(BERTH_INVALID_TIME, "invalid time '%s': %s",
			  clock_shown(text), clock_time_forms);
}

/* Renders a civil time back for messages about its resolved instant. */
static const char *civil_text(const civil_time *ct, char *buf, size_t size)
{
	int n =
	    snprintf(buf, size, "%04d-%02d-%02d", ct->year, ct->month, ct->day);

	if (ct->kind != CIVIL_DATE && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - n, "T%02d:%02d:%02d", ct->hour,
			 ct->minute, ct->second);
	return buf;
}

/* Whether clock_format can write `t` in `zone`. No zone is two days off
 * UTC, so only the two ends of the range need a look. */
static int printable(btime t, const char *zone)
{
	char buf[CLOCK_TIME_MAX];

	return (t >= 2 * DAY && t <= MAX_INSTANT - 2 * DAY) ||
	       clock_format(t, zone, buf, sizeof buf) > 0;
}

/* `head` names the time: "the end falls", "invalid time '...':". */
static berth_status check_printable(const char *head, btime t, const char *zone)
{
	if (printable(t, zone))
		return BERTH_OK;
	return berth_fail(BERTH_INVALID_TIME,
			  "%s after 9999-12-31T23:59:59 in %s, the last time "
			  "berth can write",
			  head, zone ? clock_shown(zone) : "UTC");
}

berth_status clock_check_printable(const char *what, btime t, const char *zone)
{
	char head[96];

	if (printable(t, zone))
		return BERTH_OK;
	snprintf(head, sizeof head, "%s falls", what);
	return check_printable(head, t, zone);
}

/* As given, for a message: the offset too when it had one. */
static const char *given_text(const civil_time *ct, char *buf, size_t size)
{
	size_t n;

	civil_text(ct, buf, size);
	n = strlen(buf);
	if (ct->is_epoch)
		snprintf(buf, size, "@%lld", (long long)ct->epoch);
	else if (ct->kind == CIVIL_ABSOLUTE && !ct->offset)
		snprintf(buf + n, size - n, "Z");
	else if (ct->kind == CIVIL_ABSOLUTE)
		snprintf(buf + n, size - n, "%c%02d:%02d",
			 ct->offset < 0 ? '-' : '+', abs(ct->offset) / 3600,
			 abs(ct->offset) / 60 % 60);
	return buf;
}

/* The instant ct resolved to, checked: within berth's years, and one
 * that `zone` prints. `given` names the time as written, when it was not
 * written as ct reads (a relative time). */
static berth_status resolved(const civil_time *ct, const char *given, btime t,
			     const char *zone, btime *out)
{
	char text[64], head[96];
	berth_status st;

	if (!instant_ok(t))
		return check_instant(
		    given ? given : civil_text(ct, text, sizeof text), t);
	if (!printable(t, zone)) {
		snprintf(head, sizeof head, "invalid time '%s':",
			 given ? given : given_text(ct, text, sizeof text));
		if ((st = check_printable(head, t, zone)))
			return st;
	}
	*out = t;
	return BERTH_OK;
}

/* A clock time the zone skips (DECISIONS.md: refused, naming the gap). */
static berth_status gap_refused(const struct tz_gap *gap, const char *zone,
				const char *given)
{
	struct civil_fields from, to;

	if (gap->after <= gap->before)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': that clock time does "
				  "not exist in %s (its clocks move forward "
				  "past it)",
				  given, clock_shown(zone));
	civil_from_seconds(gap->at + gap->before, &from);
	civil_from_seconds(gap->at + gap->after, &to);
	return berth_fail(BERTH_INVALID_TIME,
			  "invalid time '%s': that clock time does not exist "
			  "in %s, whose clocks go from %02d:%02d to %02d:%02d "
			  "on %04d-%02d-%02d",
			  given, clock_shown(zone), from.hour, from.minute,
			  to.hour, to.minute, (int)from.year, from.month,
			  from.day);
}

berth_status clock_resolve_as(const civil_time *ct, const char *zone,
			      btime now, const char *given, btime *out)
{
	char text[64];
	civil_time day;
	berth_status st;
	const tz_zone *z;
	struct tz_gap gap;
	int64_t t;

	if (ct->kind == CIVIL_RELATIVE)
		return clock_relative_resolve(ct, zone, now, out);
	/* Callers may build a civil_time by hand; the calendar arithmetic
	 * below indexes tables by month, so nothing unchecked gets there. */
	if (!(ct->kind == CIVIL_ABSOLUTE && ct->is_epoch) && !ranges_ok(ct)) {
		st = check_ranges(
		    given ? given : civil_text(ct, text, sizeof text), ct);
		if (st)
			return st;
	}
	if (ct->kind == CIVIL_ABSOLUTE)
		return resolved(ct, given,
				ct->is_epoch ? ct->epoch
					     : naive_seconds(ct) - ct->offset,
				zone, out);
	if (!(z = tz_zone_get(zone)))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "unknown time zone '%s'", clock_shown(zone));
	if (ct->kind == CIVIL_DATE) {
		/* A day starts at its first instant, even where its midnight
		 * is skipped: the gap check is for clock times asked for. */
		day = *ct;
		day.hour = day.minute = day.second = 0;
		if (tz_zone_find(z, naive_seconds(&day), &t, &gap))
			t = gap.at;
		return resolved(&day, given, t, zone, out);
	}
	if (tz_zone_find(z, naive_seconds(ct), &t, &gap))
		return gap_refused(
		    &gap, zone,
		    given ? given : civil_text(ct, text, sizeof text));
	return resolved(ct, given, t, zone, out);
}

berth_status clock_resolve_at(const civil_time *ct, const char *zone,
			      btime now, btime *out)
{
	return clock_resolve_as(ct, zone, now, NULL, out);
}

/* Outside a transaction there is only the real clock. */
berth_status clock_resolve(const civil_time *ct, const char *zone, btime *out)
{
	return clock_resolve_at(ct, zone, (btime)time(NULL), out);
}

static berth_status bad_duration(const char *text, const char *why)
{
	return berth_fail(BERTH_INVALID_ARGUMENT, "invalid duration '%s': %s",
			  clock_shown(text), why);
}

berth_status clock_parse_duration(const char *text, int64_t *seconds)
{
	static const char units[] = "wdhms";
	static const int64_t size[] = {7 * DAY, DAY, 3600, 60, 1};
	const char *p = text, *u;
	int64_t total = 0;
	int last = -1;

	if (!text || !*text)
		return bad_duration("", "the duration is empty");
	if (strcmp(text, "0") == 0) {
		*seconds = 0;
		return BERTH_OK;
	}
	while (*p) {
		int64_t n = 0;
		int digits = 0;

		if (*p < '0' || *p > '9')
			return bad_duration(text, "expected NUMBER UNIT pairs "
						  "such as 1h30m (units w d h "
						  "m s)");
		/* Nine digits times a week still fits in int64 with room for
		 * the sum; anything longer is over the limit anyway. */
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++digits > 9)
				return bad_duration(text, "longer than 3650 "
							  "days");
			n = n * 10 + (*p - '0');
		}
		if (!*p)
			return bad_duration(text, "a number needs a unit "
						  "(w d h m s)");
		u = strchr(units, *p);
		if (!u)
			return bad_duration(text, "units are w d h m s");
		if (u - units <= last)
			return bad_duration(text, "units must run largest "
						  "first, each at most once");
		last = (int)(u - units);
		total += n * size[last];
		p++;
	}
	if (total > MAX_DURATION)
		return bad_duration(text, "longer than 3650 days");
	*seconds = total;
	return BERTH_OK;
}
