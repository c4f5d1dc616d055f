/* clock.c - times, durations and zones; see clock.h.
 *
 * Calendar arithmetic is our own so that absolute times never depend on TZ;
 * everything zone-related goes through the C library's tz database by
 * setting TZ, which makes this file the only owner of that variable. */
#define _GNU_SOURCE
#include "clock.h"
#include "tz.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MIN_YEAR     1970
#define MAX_YEAR     9999
#define MAX_INSTANT  INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define DAY	     INT64_C(86400)
#define MAX_DURATION (INT64_C(3650) * DAY)

static const char time_forms[] = "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], "
				 "YYYY-MM-DDTHH:MM:SS(Z|+HH:MM) or @SECONDS";

/* Arguments can hold anything; a message must stay one readable line. */
static const char *shown(const char *text)
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

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	static const int before[12] = {0,   31,	 59,  90,  120, 151,
				       181, 212, 243, 273, 304, 334};
	int64_t days = (y - 1970) * 365 + leaps_before(y) - leaps_before(1970);

	return days + before[m - 1] + (m > 2 && is_leap(y)) + d - 1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

struct fields {
	int64_t year;
	int month, day, hour, minute, second;
};

/* The inverse: an estimate from the mean year length is at most one year
 * out, so two short loops settle it without a table. */
static void civil_from_seconds(int64_t t, struct fields *f)
{
	int64_t days = floor_div(t, DAY), rem = t - days * DAY;
	int64_t y = 1970 + floor_div(days * 400, 146097);
	int m = 1;

	if (y < 1)
		y = 1;
	while (y > 1 && days_from_civil(y, 1, 1) > days)
		y--;
	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	days -= days_from_civil(y, 1, 1);
	while (m < 12 && days >= month_days(y, m))
		days -= month_days(y, m++);
	f->year = y;
	f->month = m;
	f->day = (int)days + 1;
	f->hour = (int)(rem / 3600);
	f->minute = (int)(rem / 60 % 60);
	f->second = (int)(rem % 60);
}

/* The fields read as if they were UTC; 24:00 rolls into the next day by
 * plain addition. */
static int64_t naive_seconds(const civil_time *ct)
{
	return days_from_civil(ct->year, ct->month, ct->day) * DAY +
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
	struct fields f;

	for (; *p >= '0' && *p <= '9'; p++) {
		/* Thirteen digits already exceed the last second of 9999. */
		if (++n > 12)
			return berth_fail(BERTH_INVALID_TIME,
					  "invalid time '%s': @SECONDS must be "
					  "0..253402300799",
					  shown(text));
		v = v * 10 + (*p - '0');
	}
	if (n == 0 || *p)
		return berth_fail(BERTH_INVALID_TIME, "invalid time '%s': %s",
				  shown(text), time_forms);
	if (v > MAX_INSTANT)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': @SECONDS must be "
				  "0..253402300799",
				  shown(text));
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
	const char *s = shown(text);

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

static berth_status check_instant(const char *text, int64_t t)
{
	if (t < 0)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': before "
				  "1970-01-01T00:00:00Z",
				  shown(text));
	if (t > MAX_INSTANT)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': after "
				  "9999-12-31T23:59:59Z",
				  shown(text));
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
		if (*p == '.' || *p == ',')
			return berth_fail(BERTH_INVALID_TIME,
					  "invalid time '%s': fractional "
					  "seconds are not accepted",
					  shown(text));
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
						  shown(text),
						  sign < 0 ? '-' : '+', oh, om);
			ct.kind = CIVIL_ABSOLUTE;
			ct.offset = sign * (oh * 3600 + om * 60);
		}
		/* RFC 3339 itself requires seconds, but SPEC's own batch
		 * example writes 2026-06-10T09:00Z, and people do: the short
		 * form names one instant just as clearly, so take it. */
		(void)has_seconds;
	}
	if (*p)
		return berth_fail(BERTH_INVALID_TIME,
				  "invalid time '%s': unexpected text after "
				  "the time",
				  shown(text));
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
			  shown(text), time_forms);
}

/* TZ as the process had it before we took it over, so clock_system_zone
 * answers the same after any resolve or format. */
static char *original_tz;
static char current_zone[TZ_NAME_MAX];
static char current_tz[sizeof TZ_ZONEINFO + TZ_NAME_MAX + 1];
static int current_valid;

/* Whether TZ still holds what use_zone put there: someone else may have
 * changed it since, and then both our cache and its saved original are
 * stale. */
static int tz_is_ours(const char *tz)
{
	return current_valid && tz && strcmp(tz, current_tz) == 0;
}

/* Resolving and formatting run per row of a listing; tzset rereads the
 * zone file whenever TZ changes, so only a new zone may pay for it (and for
 * the look that opens the file: the zone was checked in full when it was
 * given, see clock_zone_valid).
 *
 * The C library gets the zone's full path, never its name: given a name it
 * looks in $TZDIR first, which would let the environment swap a zone's
 * meaning under a store, and falls back to UTC, silently, on a name it
 * cannot find there. UTC needs no file at all. */
static int use_zone(const char *zone)
{
	const char *tz = getenv("TZ");
	int utc;

	if (tz_is_ours(tz) && zone && strcmp(zone, current_zone) == 0)
		return 0;
	if (!zone || !((utc = tz_is_utc(zone)) ||
		       (tz_name_ok(zone) && tz_file_present(zone))))
		return -1;
	if (!tz_is_ours(tz)) {
		free(original_tz);
		original_tz = tz ? strdup(tz) : NULL;
	}
	if (utc)
		snprintf(current_tz, sizeof current_tz, "UTC0");
	else
		snprintf(current_tz, sizeof current_tz, "%s/%s", TZ_ZONEINFO,
			 zone);
	if (setenv("TZ", current_tz, 1) != 0) {
		current_valid = 0;
		return -1;
	}
	tzset();
	strcpy(current_zone, zone);
	current_valid = 1;
	return 0;
}

/* Unknown zones print as UTC rather than fail: formatting has no status. */
static void use_zone_or_utc(const char *zone)
{
	if (use_zone(zone) != 0)
		use_zone("UTC");
}

static int local_fields(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if ((int64_t)tt != t || !localtime_r(&tt, tm))
		return -1;
	return 0;
}

static long offset_at(int64_t t)
{
	struct tm tm;

	return local_fields(t, &tm) ? 0 : tm.tm_gmtoff;
}

/* The instant whose wall clock in the current zone reads `naive`.
 *
 * Every offset the zone uses around that wall time shows up either a day
 * before or a day after it (no zone moves further than that), and a
 * candidate offset counts only if the zone really uses it at the instant it
 * implies. mktime's own answer joins the candidates for zones with two
 * changes in two days. Several fits are a repeated hour: the earliest wins,
 * which glibc's mktime does not guarantee (it picks the later one).
 * No fit is a skipped hour: reading the wall time with the offset from
 * before the change moves it forward by exactly the gap, so 02:30 in a
 * one-hour spring gap becomes 03:30. */
static int64_t local_instant(int64_t naive)
{
	struct fields f;
	struct tm tm = {0};
	long before = offset_at(naive - DAY), after = offset_at(naive + DAY);
	int64_t best = INT64_MAX;
	time_t mk;

	civil_from_seconds(naive, &f);
	tm.tm_year = (int)f.year - 1900;
	tm.tm_mon = f.month - 1;
	tm.tm_mday = f.day;
	tm.tm_hour = f.hour;
	tm.tm_min = f.minute;
	tm.tm_sec = f.second;
	tm.tm_isdst = -1;
	mk = mktime(&tm);
	if (tm.tm_year == f.year - 1900 && tm.tm_mon == f.month - 1 &&
	    tm.tm_mday == f.day && tm.tm_hour == f.hour &&
	    tm.tm_min == f.minute && tm.tm_sec == f.second)
		best = mk;
	if (offset_at(naive - before) == before && naive - before < best)
		best = naive - before;
	if (offset_at(naive - after) == after && naive - after < best)
		best = naive - after;
	return best != INT64_MAX ? best : naive - before;
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

static const char last_time[] = "after 9999-12-31T23:59:59 in %s, the last "
				"time berth can write";

berth_status clock_check_printable(const char *what, btime t,
				   const char *zone)
{
	char why[128];

	if (printable(t, zone))
		return BERTH_OK;
	snprintf(why, sizeof why, last_time, zone ? shown(zone) : "UTC");
	return berth_fail(BERTH_INVALID_TIME, "%s falls %s", what, why);
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

static berth_status check_printable(const civil_time *ct, btime t,
				    const char *zone)
{
	char text[64], why[128];

	if (printable(t, zone))
		return BERTH_OK;
	snprintf(why, sizeof why, last_time, zone ? shown(zone) : "UTC");
	return berth_fail(BERTH_INVALID_TIME, "invalid time '%s': %s",
			  given_text(ct, text, sizeof text), why);
}

berth_status clock_resolve(const civil_time *ct, const char *zone, btime *out)
{
	char text[64];
	civil_time day;
	int64_t t;
	berth_status st;

	/* Callers may build a civil_time by hand; the calendar arithmetic
	 * below indexes tables by month, so nothing unchecked gets there. */
	if (!(ct->kind == CIVIL_ABSOLUTE && ct->is_epoch)) {
		st = check_ranges(civil_text(ct, text, sizeof text), ct);
		if (st)
			return st;
	}
	if (ct->kind == CIVIL_ABSOLUTE) {
		t = ct->is_epoch ? ct->epoch : naive_seconds(ct) - ct->offset;
		st = check_instant(civil_text(ct, text, sizeof text), t);
		if (!st)
			st = check_printable(ct, t, zone);
		if (st)
			return st;
		*out = t;
		return BERTH_OK;
	}
	if (use_zone(zone) != 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "unknown time zone '%s'", shown(zone));
	if (ct->kind == CIVIL_DATE) {
		day = *ct;
		day.hour = day.minute = day.second = 0;
		ct = &day;
	}
	t = local_instant(naive_seconds(ct));
	st = check_instant(civil_text(ct, text, sizeof text), t);
	if (!st)
		st = check_printable(ct, t, zone);
	if (st)
		return st;
	*out = t;
	return BERTH_OK;
}

static berth_status bad_duration(const char *text, const char *why)
{
	return berth_fail(BERTH_INVALID_ARGUMENT, "invalid duration '%s': %s",
			  shown(text), why);
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

static size_t finish(int n, size_t size)
{
	if (n < 0 || size == 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

/* An instant the calendar cannot print (years outside 1..9999) gives an
 * empty string and 0. Offsets with seconds (local mean time in a few zones
 * into the 1970s) are cut to whole minutes and the clock time moved to
 * match, so the printed text still names exactly `t`. */
/* The zone's offset at t, in whole minutes. localtime_r takes a lock and
 * re-reads TZ on every call, and a booking prints four times (a batch, tens
 * of thousands): remember the offset of each quarter hour asked about, when
 * the zone uses the same offset at both its ends. Zones change offset a
 * few times a year, always far more than a quarter hour apart. */
#define BUCKET 900
static struct {
	char zone[64];
	int64_t bucket;
	long off;
} offsets[8];
static unsigned next_offset;

static int zone_offset(const char *zone, int64_t t, long *off)
{
	int64_t bucket = t >= 0 ? t / BUCKET : (t - BUCKET + 1) / BUCKET;
	struct tm a, b;
	size_t zl = zone ? strlen(zone) : 0;
	unsigned i;

	if (zone && (!strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC"))) {
		*off = 0;
		return 0;
	}
	for (i = 0; i < 8; i++)
		if (offsets[i].bucket == bucket && zl < sizeof offsets[i].zone &&
		    zone && strcmp(offsets[i].zone, zone) == 0) {
			*off = offsets[i].off;
			return 0;
		}
	use_zone_or_utc(zone);
	if (local_fields(t, &a))
		return -1;
	*off = a.tm_gmtoff / 60 * 60;
	if (zone && zl < sizeof offsets[0].zone &&
	    !local_fields(bucket * BUCKET, &a) &&
	    !local_fields(bucket * BUCKET + BUCKET - 1, &b) &&
	    a.tm_gmtoff == b.tm_gmtoff && a.tm_gmtoff / 60 * 60 == *off) {
		i = next_offset++ % 8;
		memcpy(offsets[i].zone, zone, zl + 1);
		offsets[i].bucket = bucket;
		offsets[i].off = *off;
	}
	return 0;
}

static char *digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

size_t clock_format(btime t, const char *zone, char *buf, size_t size)
{
	char out[CLOCK_TIME_MAX], *p = out;
	struct fields f;
	long off, a;
	size_t n;

	if (size)
		buf[0] = '\0';
	if (t > MAX_INSTANT + 2 * DAY || t < INT64_C(-62135596800) + 2 * DAY ||
	    zone_offset(zone, t, &off))
		return 0;
	civil_from_seconds(t + off, &f);
	if (f.year < 1 || f.year > MAX_YEAR)
		return 0;
	a = labs(off);
	p = digits(p, (unsigned)f.year, 4);
	*p++ = '-';
	p = digits(p, (unsigned)f.month, 2);
	*p++ = '-';
	p = digits(p, (unsigned)f.day, 2);
	*p++ = 'T';
	p = digits(p, (unsigned)f.hour, 2);
	*p++ = ':';
	p = digits(p, (unsigned)f.minute, 2);
	*p++ = ':';
	p = digits(p, (unsigned)f.second, 2);
	*p++ = off < 0 ? '-' : '+';
	p = digits(p, (unsigned)(a / 3600), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(a / 60 % 60), 2);
	n = (size_t)(p - out);
	if (size) {
		size_t k = n < size ? n : size - 1;
		memcpy(buf, out, k);
		buf[k] = '\0';
	}
	return n < size ? n : (size ? size - 1 : 0);
}

/* Negative durations keep their sign in front (-1h30m). */
size_t clock_format_duration(int64_t seconds, char *buf, size_t size)
{
	static const char units[] = "dhms";
	static const uint64_t unit_size[] = {86400, 3600, 60, 1};
	char tmp[64];
	size_t n = 0;
	uint64_t left = seconds < 0 ? -(uint64_t)seconds : (uint64_t)seconds;

	if (seconds < 0)
		tmp[n++] = '-';
	if (left == 0)
		n += (size_t)snprintf(tmp + n, sizeof tmp - n, "0s");
	for (int i = 0; i < 4; i++) {
		uint64_t q = left / unit_size[i];

		if (!q)
			continue;
		left -= q * unit_size[i];
		n += (size_t)snprintf(tmp + n, sizeof tmp - n, "%llu%c",
				      (unsigned long long)q, units[i]);
	}
	tmp[n] = '\0';
	return finish(snprintf(buf, size, "%s", tmp), size);
}

/* A path into the database names the zone by what follows "zoneinfo/". */
static const char *after_zoneinfo(const char *path)
{
	const char *z = strstr(path, "zoneinfo/");

	return z ? z + strlen("zoneinfo/") : path;
}

/* The zone $TZ names: a zone's name, or the path of its file in the
 * system's database, with or without a leading ':'. NULL for anything else:
 * a POSIX rule (EST+5EDT,M3.2.0/2,M11.1.0/2), a file elsewhere, a name the
 * database does not have. */
static const char *zone_of_tz(const char *tz)
{
	static const char prefix[] = TZ_ZONEINFO "/";
	const char *zone = tz[0] == ':' ? tz + 1 : tz;

	if (zone[0] == '/') {
		if (strncmp(zone, prefix, sizeof prefix - 1) != 0)
			return NULL;
		zone += sizeof prefix - 1;
	}
	return clock_zone_valid(zone) ? zone : NULL;
}

berth_status clock_system_zone(char *buf, size_t size)
{
	char line[PATH_MAX];
	const char *zone = NULL, *tz;
	FILE *f;
	ssize_t n;

	if (!size)
		return BERTH_OK;
	tz = getenv("TZ");
	if (tz_is_ours(tz))
		tz = original_tz;
	/* TZ=/etc/localtime says "the system's zone", as an unset TZ does. */
	if (tz && *tz && strcmp(tz[0] == ':' ? tz + 1 : tz, "/etc/localtime")) {
		if (!(zone = zone_of_tz(tz))) {
			snprintf(buf, size, "UTC");
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "TZ is '%s', which is not a zone of "
					  "the system's time-zone database "
					  "(%s); set TZ to a zone such as "
					  "Europe/Paris, or give --tz",
					  shown(tz), TZ_ZONEINFO);
		}
	}
	if (!zone && (f = fopen("/etc/timezone", "re"))) {
		if (fgets(line, sizeof line, f)) {
			size_t len = strcspn(line, "\r\n");

			while (len &&
			       (line[len - 1] == ' ' || line[len - 1] == '\t'))
				len--;
			line[len] = '\0';
			if (len)
				zone = line;
		}
		fclose(f);
	}
	if (!zone) {
		n = readlink("/etc/localtime", line, sizeof line - 1);
		if (n > 0) {
			line[n] = '\0';
			if (strstr(line, "zoneinfo/"))
				zone = after_zoneinfo(line);
		}
	}
	if (!zone || !clock_zone_valid(zone) || strlen(zone) >= size)
		zone = "UTC";
	snprintf(buf, size, "%s", zone);
	return BERTH_OK;
}

void clock_local(btime t, const char *zone, struct tm *out)
{
	use_zone_or_utc(zone);
	if (local_fields(t, out))
		memset(out, 0, sizeof *out);
}
