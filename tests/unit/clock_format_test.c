/* clock_format_test.c - clock_format's fast path (remembered stretches of
 * a zone's offset, remembered dates, a date from its day number by
 * arithmetic) against two references, for many instants in zones chosen
 * for their oddities, in orders that both reuse and defeat what it
 * remembers:
 *
 *   the C library: localtime_r with TZ set gives the offset, gmtime_r the
 *       wall clock, snprintf the text;
 *   the path it replaced: tz_zone_at and civil_from_seconds asked afresh
 *       for every instant, printed the way clock_format used to.
 *
 * The instants: every change of each zone from 1900 to 2100 and a second
 * either side, seeded random instants from 1900 to 2100 and out to the
 * year 9999 (past the last transition, where the POSIX rule of the file's
 * footer decides), and the two ends of the years berth can print. Only
 * this test and tz_oracle_test set TZ: the oracle needs it. */
#define _GNU_SOURCE
#include "clock-internal.h"
#include "tz.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define Y1900 INT64_C(-2208988800)
#define Y2100 INT64_C(4102444800)
#define FIRST INT64_C(-62135596800) /* 0001-01-01T00:00:00Z */

/* Zones with negative offsets, half hours and quarter hours, DST of half
 * an hour, negative DST (Dublin), southern summers, a date line jump
 * (Apia), a rule-less tail (Kathmandu) and local mean time with seconds
 * before 1900 or so. */
static const char *const zones[] = {
    "Europe/Berlin",	  "America/New_York", "Asia/Kathmandu",
    "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham",
    "Australia/Eucla",	  "America/Sao_Paulo", "Europe/Dublin",
    "Africa/Casablanca",  "Pacific/Apia",     "America/Caracas",
    "Asia/Kolkata",	  "Australia/Sydney", "UTC",
};

static uint64_t seed = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t rnd(void)
{
	/* xorshift64*: the same instants on every run. */
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return seed * UINT64_C(2685821657736338717);
}

static int64_t between(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
}

/* clock_format as it was before the fast path, kept here as the
 * reference. */
static size_t old_format(int64_t t, const char *zone, char *buf, size_t size)
{
	char out[64]; /* room for what snprintf fears, not what it writes */
	const tz_zone *z = tz_zone_get(zone);
	struct civil_fields f;
	tz_local l;
	long off, a;
	int n;

	if (size)
		buf[0] = '\0';
	if (!z)
		z = tz_zone_get("UTC");
	if (t > MAX_INSTANT + 2 * DAY || t < FIRST + 2 * DAY)
		return 0;
	tz_zone_at(z, t, &l);
	off = l.off / 60 * 60;
	civil_from_seconds(t + off, &f);
	if (f.year < 1 || f.year > MAX_YEAR)
		return 0;
	a = labs(off);
	n = snprintf(out, sizeof out,
		     "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", (int)f.year, f.month, f.day, f.hour, f.minute, f.second,
		     off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	if (size) {
		size_t k = (size_t)n < size ? (size_t)n : size - 1;
		memcpy(buf, out, k);
		buf[k] = '\0';
	}
	return (size_t)n < size ? (size_t)n : (size ? size - 1 : 0);
}

/* The C library's answer (TZ is the zone's); "" past the year 9999. */
static void libc_format(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t, wall;
	struct tm lt, ut;
	long off, a;

	buf[0] = '\0';
	if (!localtime_r(&tt, &lt))
		return;
	off = lt.tm_gmtoff / 60 * 60;
	wall = (time_t)(t + off);
	if (!gmtime_r(&wall, &ut) || ut.tm_year + 1900 > 9999 ||
	    ut.tm_year + 1900 < 1)
		return;
	a = labs(off);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
		 ut.tm_year + 1900, ut.tm_mon + 1, ut.tm_mday, ut.tm_hour,
		 ut.tm_min, ut.tm_sec, off < 0 ? '-' : '+', a / 3600,
		 a / 60 % 60);
}

static void compare(const char *zone, int64_t t)
{
	char got[CLOCK_TIME_MAX], old[CLOCK_TIME_MAX], libc[64];
	size_t n = clock_format(t, zone, got, sizeof got);
	size_t m = old_format(t, zone, old, sizeof old);

	CHECK(n == m && strcmp(got, old) == 0, "%s at %lld: '%s', was '%s'",
	      zone, (long long)t, got, old);
	if (t >= FIRST + 2 * DAY && t <= MAX_INSTANT + 2 * DAY) {
		libc_format(t, libc, sizeof libc);
		CHECK(strcmp(got, libc) == 0, "%s at %lld: '%s', libc '%s'",
		      zone, (long long)t, got, libc);
	}
}

/* Short buffers are cut as before, and still terminated. */
static void compare_sizes(const char *zone, int64_t t)
{
	for (size_t size = 0; size <= CLOCK_TIME_MAX; size++) {
		char got[CLOCK_TIME_MAX + 1] = "x";
		char old[CLOCK_TIME_MAX + 1] = "x";
		size_t n = clock_format(t, zone, got, size);
		size_t m = old_format(t, zone, old, size);

		CHECK(n == m && memcmp(got, old, size ? size : 1) == 0,
		      "%s at %lld in %zu bytes: '%s' (%zu), was '%s' (%zu)",
		      zone, (long long)t, size, got, n, old, m);
	}
}

static void check_zone(const char *zone)
{
	char tz[256];
	const tz_zone *z = tz_zone_get(zone);
	int64_t c, last = INT64_MIN, t;

	CHECK(z != NULL, "%s does not load", zone);
	if (!z)
		return;
	snprintf(tz, sizeof tz, "%s/%s", TZ_ZONEINFO, zone);
	setenv("TZ", tz, 1);
	tzset();

	/* In order, as a listing asks: every change and a second either
	 * side, with an instant far away (another stretch) between, so the
	 * remembered stretches are both reused and pushed out. */
	for (c = tz_zone_next_change(z, Y1900); c <= Y2100 && c > last;
	     c = tz_zone_next_change(z, c)) {
		for (int i = -1; i <= 1; i++) {
			compare(zone, c + i);
			compare(zone, between(Y1900, MAX_INSTANT));
		}
		last = c;
	}
	/* At random: nothing remembered is of use. */
	for (int i = 0; i < 20000; i++)
		compare(zone, between(Y1900, Y2100));
	for (int i = 0; i < 5000; i++)
		compare(zone, between(Y2100, MAX_INSTANT + 3 * DAY));
	/* Runs of nearby instants: the remembered stretch and date serve. */
	t = between(Y1900, Y2100);
	for (int i = 0; i < 20000; i++) {
		t += (int64_t)(rnd() % 7200);
		compare(zone, t);
	}
	/* The ends of what berth prints: 0001 and 9999 in every offset. */
	for (t = FIRST - 3 * DAY; t < FIRST + 3 * DAY; t += 3593)
		compare(zone, t);
	for (t = MAX_INSTANT - 3 * DAY; t < MAX_INSTANT + 3 * DAY; t += 3593)
		compare(zone, t);
	compare_sizes(zone, between(Y1900, Y2100));
	compare_sizes(zone, MAX_INSTANT + DAY);
}

/* The date from a day number against the search by year it replaces,
 * from the year 1 to 9999 and well either side. */
static void check_days(void)
{
	for (int i = 0; i < 200000; i++) {
		int64_t day = between(FIRST / DAY, MAX_INSTANT / DAY + 1);
		struct civil_fields f;
		int64_t y;
		int m, d;

		if (i < 4000)
			day = FIRST / DAY + i; /* the first years, every day */
		else if (i < 8000)
			day = MAX_INSTANT / DAY - (i - 4000);
		clock_civil_from_days(day, &y, &m, &d);
		civil_from_seconds(day * DAY, &f);
		CHECK(y == f.year && m == f.month && d == f.day,
		      "day %lld: %lld-%d-%d, was %lld-%d-%d", (long long)day,
		      (long long)y, m, d, (long long)f.year, f.month, f.day);
		CHECK(clock_days_from_civil(y, m, d) == day,
		      "day %lld does not round-trip", (long long)day);
	}
}

int main(void)
{
	check_days();
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		check_zone(zones[i]);
	/* An unknown zone is UTC, in the fast path too. */
	compare("Nowhere/City", 1781546400);
	unsetenv("TZ");
	printf("clock_format: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
