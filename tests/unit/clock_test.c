/* clock_test.c - unit tests for the clock (lib/clock*.c). Expected
 * instants were computed independently with `date -ud ... +%s`. */
#define _GNU_SOURCE
#include "clock.h"
#include "tz.h"

#include <dirent.h>
#include <stdint.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;

/* What relative times count from, as a transaction's now would be. */
static btime test_now = 1780308000;

#define CHECK_AT(line, cond, ...)                                              \
	do {                                                                   \
		if (cond) {                                                    \
			passed++;                                              \
		} else {                                                       \
			failed++;                                              \
			fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, \
				line, #cond);                                  \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)
#define CHECK(cond) CHECK_AT(__LINE__, cond, "%s", "")

/* Parse `text`, resolve it in `zone`, expect exactly `want`. */
#define TIME_IS(text, zone, want) time_is(__LINE__, text, zone, want)
static void time_is(int line, const char *text, const char *zone, btime want)
{
	civil_time ct;
	btime got = -1;
	berth_status st = clock_parse(text, &ct);

	if (st == BERTH_OK)
		st = clock_resolve_at(&ct, zone, test_now, &got);
	CHECK_AT(line, st == BERTH_OK && got == want,
		 "'%s' in %s: status %s (%s), got %lld, want %lld", text, zone,
		 berth_status_name(st), berth_message(), (long long)got,
		 (long long)want);
}

/* A refusal must be INVALID_TIME with a one-line message naming the text. */
#define TIME_REFUSED(text) time_refused(__LINE__, text)
static void time_refused(int line, const char *text)
{
	civil_time ct;
	berth_status st = clock_parse(text, &ct);
	const char *msg = berth_message();

	CHECK_AT(
	    line,
	    st == BERTH_INVALID_TIME &&
		strncmp(msg, "invalid time '", 14) == 0 && !strchr(msg, '\n'),
	    "'%s': status %s, message '%s'", text, berth_status_name(st), msg);
}

/* Parses, but the instant it names in `zone` is out of range. */
#define RESOLVE_REFUSED(text, zone, status)                                    \
	resolve_refused(__LINE__, text, zone, status)
static void resolve_refused(int line, const char *text, const char *zone,
			    berth_status want)
{
	civil_time ct;
	btime got = 0;
	berth_status st = clock_parse(text, &ct);

	if (st == BERTH_OK)
		st = clock_resolve_at(&ct, zone, test_now, &got);
	CHECK_AT(line, st == want, "'%s' in %s: status %s (%s), got %lld", text,
		 zone, berth_status_name(st), berth_message(), (long long)got);
}

#define DURATION_IS(text, want) duration_is(__LINE__, text, want)
static void duration_is(int line, const char *text, int64_t want)
{
	int64_t got = -1;
	berth_status st = clock_parse_duration(text, &got);

	CHECK_AT(line, st == BERTH_OK && got == want,
		 "'%s': status %s (%s), got %lld, want %lld", text,
		 berth_status_name(st), berth_message(), (long long)got,
		 (long long)want);
}

#define DURATION_REFUSED(text) duration_refused(__LINE__, text)
static void duration_refused(int line, const char *text)
{
	int64_t got = -1;
	berth_status st = clock_parse_duration(text, &got);
	const char *msg = berth_message();

	CHECK_AT(line,
		 st == BERTH_INVALID_ARGUMENT &&
		     strncmp(msg, "invalid duration '", 18) == 0 &&
		     !strchr(msg, '\n'),
		 "'%s': status %s, message '%s'", text, berth_status_name(st),
		 msg);
}

#define FORMAT_IS(t, zone, want) format_is(__LINE__, t, zone, want)
static void format_is(int line, btime t, const char *zone, const char *want)
{
	char buf[CLOCK_TIME_MAX];
	size_t n = clock_format(t, zone, buf, sizeof buf);

	CHECK_AT(line, strcmp(buf, want) == 0 && n == strlen(want),
		 "%lld in %s: got '%s' (%zu), want '%s'", (long long)t, zone,
		 buf, n, want);
}

/* Formatting then parsing must name the same instant again. */
#define ROUND_TRIP(t, zone) round_trip(__LINE__, t, zone)
static void round_trip(int line, btime t, const char *zone)
{
	char buf[CLOCK_TIME_MAX];
	civil_time ct;
	btime back = -1;
	berth_status st;

	clock_format(t, zone, buf, sizeof buf);
	st = clock_parse(buf, &ct);
	if (st == BERTH_OK)
		st = clock_resolve_at(&ct, "UTC", test_now, &back);
	CHECK_AT(line, st == BERTH_OK && back == t,
		 "%lld in %s: '%s' came back as %lld (%s)", (long long)t, zone,
		 buf, (long long)back, berth_message());
}

#define FORMAT_DURATION_IS(s, want) format_duration_is(__LINE__, s, want)
static void format_duration_is(int line, int64_t s, const char *want)
{
	char buf[64];
	size_t n = clock_format_duration(s, buf, sizeof buf);

	CHECK_AT(line, strcmp(buf, want) == 0 && n == strlen(want),
		 "%lld: got '%s', want '%s'", (long long)s, buf, want);
}

static void test_absolute(void)
{
	civil_time ct;

	TIME_IS("2026-06-15T20:00:00+02:00", "UTC", 1781546400);
	TIME_IS("2026-06-15T20:00:00+02:00", "America/New_York", 1781546400);
	TIME_IS("2026-06-15T18:00:00Z", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15t18:00:00z", "UTC", 1781546400);
	TIME_IS("2026-06-15 18:00:00Z", "UTC", 1781546400);
	TIME_IS("2026-06-15T18:00:00+00:00", "UTC", 1781546400);
	TIME_IS("2026-06-15T18:00:00-00:00", "UTC", 1781546400);
	TIME_IS("2026-06-15T20:00:00-04:00", "UTC", 1781568000);
	TIME_IS("2026-06-15T20:00:00+05:45", "UTC", 1781532900);
	TIME_IS("2026-06-15T20:00:00-09:30", "UTC", 1781587800);
	TIME_IS("2026-06-15T20:00:00+23:59", "UTC", 1781546400 + 7200 - 86340);
	TIME_IS("2026-01-15T10:00:00+01:00", "UTC", 1768467600);
	TIME_IS("1970-01-01T00:00:00Z", "UTC", 0);
	TIME_IS("1970-01-01T01:00:00+01:00", "UTC", 0);
	TIME_IS("9999-12-31T23:59:59Z", "UTC", 253402300799);
	TIME_IS("2028-02-29T00:00:00Z", "UTC", 1835395200);
	TIME_IS("2026-12-31T24:00:00Z", "UTC", 1798761600);
	TIME_IS("2028-02-28T24:00:00Z", "UTC", 1835395200);

	CHECK(clock_parse("2026-06-15T20:00:00+02:00", &ct) == BERTH_OK);
	CHECK(ct.kind == CIVIL_ABSOLUTE && ct.offset == 7200 && !ct.is_epoch);
	CHECK(ct.year == 2026 && ct.month == 6 && ct.day == 15 &&
	      ct.hour == 20 && ct.minute == 0 && ct.second == 0);
	CHECK(clock_parse("2026-06-15T20:00:00-09:30", &ct) == BERTH_OK);
	CHECK(ct.offset == -34200);
}

static void test_epoch(void)
{
	civil_time ct;

	TIME_IS("@0", "Europe/Paris", 0);
	TIME_IS("@1781546400", "America/New_York", 1781546400);
	TIME_IS("@253402300799", "UTC", 253402300799);
	TIME_IS("@000000000042", "UTC", 42);
	CHECK(clock_parse("@1781546400", &ct) == BERTH_OK);
	CHECK(ct.kind == CIVIL_ABSOLUTE && ct.is_epoch &&
	      ct.epoch == 1781546400 && ct.offset == 0);
	CHECK(ct.year == 2026 && ct.month == 6 && ct.day == 15 &&
	      ct.hour == 18 && ct.minute == 0 && ct.second == 0);
}

static void test_local(void)
{
	civil_time ct;

	CHECK(clock_parse("2026-06-15T20:00", &ct) == BERTH_OK);
	CHECK(ct.kind == CIVIL_LOCAL && ct.second == 0);
	CHECK(clock_parse("2026-06-15 20:00:30", &ct) == BERTH_OK);
	CHECK(ct.kind == CIVIL_LOCAL && ct.second == 30);

	/* Europe/Paris summer and winter. */
	TIME_IS("2026-06-15T20:00", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15T20:00:00", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15 20:00:00", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15t20:00", "Europe/Paris", 1781546400);
	TIME_IS("2026-01-15T10:00", "Europe/Paris", 1768467600);
	TIME_IS("2026-06-15T18:00", "UTC", 1781546400);
	TIME_IS("2026-06-15T18:00", "Etc/UTC", 1781546400);

	/* America/New_York summer and winter. */
	TIME_IS("2026-07-04T12:00", "America/New_York", 1783180800);
	TIME_IS("2026-12-25T09:00:00", "America/New_York", 1798207200);
	TIME_IS("2026-06-15T14:00", "America/New_York", 1781546400);

	/* Skipped clock times are refused (DECISIONS.md), naming the gap;
	 * either side of it is taken. */
	RESOLVE_REFUSED("2026-03-29T02:30", "Europe/Paris", BERTH_INVALID_TIME);
	CHECK(strstr(berth_message(), "from 02:00 to 03:00 on 2026-03-29"));
	RESOLVE_REFUSED("2026-03-29T02:00", "Europe/Paris", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("2026-03-29T02:59:59", "Europe/Paris",
			BERTH_INVALID_TIME);
	TIME_IS("2026-03-29T03:30", "Europe/Paris", 1774747800);
	TIME_IS("2026-03-29T03:00", "Europe/Paris", 1774747800 - 1800);
	TIME_IS("2026-03-29T01:59:59", "Europe/Paris", 1774745999);
	RESOLVE_REFUSED("2026-03-08T02:30", "America/New_York",
			BERTH_INVALID_TIME);
	CHECK(strstr(berth_message(), "from 02:00 to 03:00 on 2026-03-08"));
	/* A date whose midnight is skipped starts when the day does. */
	TIME_IS("2026-03-29", "Asia/Beirut", 1774735200);
	RESOLVE_REFUSED("2026-03-29T00:30", "Asia/Beirut", BERTH_INVALID_TIME);
	CHECK(strstr(berth_message(), "from 00:00 to 01:00 on 2026-03-29"));

	/* Repeated hours take the first occurrence (summer time). */
	TIME_IS("2026-10-25T02:30", "Europe/Paris", 1792888200);
	TIME_IS("2026-10-25T02:00", "Europe/Paris", 1792888200 - 1800);
	TIME_IS("2026-10-25T03:00", "Europe/Paris", 1792888200 + 5400);
	TIME_IS("2026-11-01T01:30", "America/New_York", 1793511000);

	/* 24:00 is 00:00 of the next day in the zone. */
	TIME_IS("2026-06-15T24:00", "UTC", 1781568000);
	TIME_IS("2026-06-15T24:00:00", "Europe/Paris", 1781568000 - 7200);
	TIME_IS("2026-12-31T24:00", "UTC", 1798761600);
	TIME_IS("2026-03-28T24:00", "Europe/Paris", 1774738800);

	/* Times that parse but name no instant in range. */
	RESOLVE_REFUSED("1970-01-01T00:30", "Europe/Paris", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("1970-01-01", "Europe/Paris", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("9999-12-31T24:00", "UTC", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("9999-12-31T23:00", "America/New_York",
			BERTH_INVALID_TIME);
	TIME_IS("1970-01-01T00:00", "UTC", 0);
	TIME_IS("1970-01-01T00:00", "America/New_York", 18000);

	/* Unknown zones are the caller's argument error. */
	RESOLVE_REFUSED("2026-06-15T20:00", "Nowhere/City",
			BERTH_INVALID_ARGUMENT);
	RESOLVE_REFUSED("2026-06-15", "../etc/passwd", BERTH_INVALID_ARGUMENT);
	RESOLVE_REFUSED("2026-06-15", "", BERTH_INVALID_ARGUMENT);
	/* Hand-built civil times are range-checked too. */
	{
		civil_time bad = {
		    .kind = CIVIL_LOCAL, .year = 2026, .month = 0, .day = 1};
		btime t;

		CHECK(clock_resolve_at(&bad, "UTC", test_now, &t) == BERTH_INVALID_TIME);
		bad.month = 2;
		bad.day = 29;
		CHECK(clock_resolve_at(&bad, "UTC", test_now, &t) == BERTH_INVALID_TIME);
		bad.kind = CIVIL_ABSOLUTE;
		bad.day = 28;
		bad.second = 60;
		CHECK(clock_resolve_at(&bad, "UTC", test_now, &t) == BERTH_INVALID_TIME);
	}
	/* ...but an absolute time ignores the zone entirely. */
	TIME_IS("2026-06-15T18:00:00Z", "Nowhere/City", 1781546400);
	/* A failed zone does not disturb the one in use. */
	TIME_IS("2026-06-15T20:00", "Europe/Paris", 1781546400);
}

static void test_dates(void)
{
	civil_time ct;

	CHECK(clock_parse("2026-06-15", &ct) == BERTH_OK);
	CHECK(ct.kind == CIVIL_DATE && ct.hour == 0 && ct.minute == 0);
	TIME_IS("2026-06-15", "UTC", 1781481600);
	TIME_IS("2026-06-15", "Europe/Paris", 1781474400);
	TIME_IS("2026-06-15", "America/New_York", 1781496000);
	TIME_IS("2026-01-15", "Europe/Paris", 1768431600);
	TIME_IS("2027-01-01", "UTC", 1798761600);
	/* Sao Paulo's DST began at midnight: that day starts at 01:00. */
	TIME_IS("2018-11-04", "America/Sao_Paulo", 1541300400);

	/* Leap days. */
	TIME_IS("2028-02-29", "UTC", 1835395200);
	TIME_IS("2028-02-29T24:00", "UTC", 1835481600);
	TIME_IS("2028-03-01", "UTC", 1835481600);
	TIME_IS("2000-02-29", "UTC", 951782400);
	TIME_REFUSED("2026-02-29");
	TIME_REFUSED("2100-02-29");
	TIME_REFUSED("2026-02-29T12:00:00Z");
	TIME_IS("2026-02-28", "UTC", 1772236800);
}

static void test_refused(void)
{
	char long_text[200];

	/* Empty, garbage, spaces, trailing text. */
	TIME_REFUSED("");
	TIME_REFUSED(NULL);
	TIME_REFUSED("garbage");
	TIME_REFUSED("tomorrowx");
	TIME_REFUSED(" 2026-06-15");
	TIME_REFUSED("2026-06-15 ");
	TIME_REFUSED("2026-06-15x");
	TIME_REFUSED("2026-06-15T");
	TIME_REFUSED("2026-06-15T20");
	TIME_REFUSED("2026-06-15T20:");
	TIME_REFUSED("2026-06-15T20:00:");
	TIME_REFUSED("2026-06-15T20:00 ");
	TIME_REFUSED("2026-06-15T20:00:00Z ");
	TIME_REFUSED("2026-06-15T20:00:00Zx");
	TIME_REFUSED("2026-06-15T20:00:00+02:00x");
	TIME_REFUSED("2026-06-15T20:00:00+02:00:00");
	TIME_REFUSED("2026-06-15TT20:00");
	TIME_REFUSED("2026-06-15_20:00");
	TIME_REFUSED("2026-06-15\t20:00");
	TIME_REFUSED("2026-06-15\n");
	TIME_REFUSED("2026/06/15");
	TIME_REFUSED("20260615");
	TIME_REFUSED("2026-06-15T2000");

	/* Digit runs of the wrong width, signs in numbers. */
	TIME_REFUSED("2026-6-15");
	TIME_REFUSED("2026-06-5");
	TIME_REFUSED("2026-06-155");
	TIME_REFUSED("02026-06-15");
	TIME_REFUSED("10000-01-01");
	TIME_REFUSED("+2026-06-15");
	TIME_REFUSED("-2026-06-15");
	TIME_REFUSED("2026-+6-15");
	TIME_REFUSED("2026-06-15T+1:00");
	TIME_REFUSED("2026-06-15T-1:00");
	TIME_REFUSED("2026-06-15T 1:00");
	TIME_REFUSED("2026-06-15T20:000");
	TIME_REFUSED("2026-06-15T20:00:000");

	/* Out of range. */
	TIME_REFUSED("2026-13-01");
	TIME_REFUSED("2026-00-10");
	TIME_REFUSED("2026-06-00");
	TIME_REFUSED("2026-06-31");
	TIME_REFUSED("2026-04-31");
	TIME_REFUSED("2026-01-32");
	TIME_REFUSED("2026-06-15T25:00");
	TIME_REFUSED("2026-06-15T99:00");
	TIME_REFUSED("2026-06-15T24:01");
	TIME_REFUSED("2026-06-15T24:00:01");
	TIME_REFUSED("2026-06-15T24:30:00Z");
	TIME_REFUSED("2026-06-15T20:60");
	TIME_REFUSED("2026-06-15T20:00:60");
	TIME_REFUSED("2026-06-30T23:59:60Z");
	TIME_REFUSED("1969-12-31T23:59:59Z");
	TIME_REFUSED("1969-12-31");
	TIME_REFUSED("0000-01-01");
	TIME_REFUSED("1970-01-01T00:30:00+01:00");
	TIME_REFUSED("9999-12-31T23:59:59-00:01");
	TIME_REFUSED("9999-12-31T24:00:00Z");

	/* Fractional seconds: truncated when they follow the seconds with
	 * a digit at least; refused otherwise. */
	TIME_IS("2026-06-15T18:00:00.5Z", "UTC", 1781546400);
	TIME_IS("2026-06-15T20:00:00.000+02:00", "UTC", 1781546400);
	TIME_IS("2026-06-15T18:00:00.999999999999999999999Z", "UTC",
		1781546400);
	TIME_IS("2026-06-15T20:00:00.1", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15 20:00:00.1", "Europe/Paris", 1781546400);
	TIME_IS("1970-01-01T00:00:00.9Z", "UTC", 0);
	TIME_IS("9999-12-31T23:59:59.999Z", "UTC", INT64_C(253402300799));
	TIME_REFUSED("2026-06-15T20:00:00,5");
	TIME_REFUSED("2026-06-15T20:00.5");
	TIME_REFUSED("2026-06-15T20:00:00.");
	TIME_REFUSED("2026-06-15T20:00:00.Z");
	TIME_REFUSED("2026-06-15T20:00:00.x");
	TIME_REFUSED("2026-06-15T20:00:00.5.5Z");
	TIME_REFUSED("2026-06-15T20:00:00.5 Z");
	TIME_REFUSED("2026-06-15T20:00:00.+02:00");
	TIME_REFUSED("2026-06-15.5");

	/* Offsets. */
	TIME_REFUSED("2026-06-15T20:00:00+24:00");
	TIME_REFUSED("2026-06-15T20:00:00+02:60");
	TIME_REFUSED("2026-06-15T20:00:00+0200");
	TIME_REFUSED("2026-06-15T20:00:00+2");
	TIME_REFUSED("2026-06-15T20:00:00+2:00");
	TIME_REFUSED("2026-06-15T20:00:00+02");
	TIME_REFUSED("2026-06-15T20:00:00 +02:00");
	TIME_REFUSED("2026-06-15T20:00:00UTC");
	TIME_REFUSED("2026-06-15T20:00:00ZZ");
	/* The short form with a zone, as SPEC's batch example writes it. */
	TIME_IS("2026-06-15T18:00Z", "Europe/Paris", 1781546400);
	TIME_IS("2026-06-15T20:00+02:00", "UTC", 1781546400);
	TIME_REFUSED("2026-06-15Z");

	/* @EPOCH. */
	TIME_REFUSED("@");
	TIME_REFUSED("@-1");
	TIME_REFUSED("@+1");
	TIME_REFUSED("@ 1");
	TIME_REFUSED("@1 ");
	TIME_REFUSED("@12a");
	TIME_REFUSED("@1.5");
	TIME_REFUSED("@253402300800");
	TIME_REFUSED("@0000000000000");
	TIME_REFUSED("@99999999999999999999");
	TIME_REFUSED("@18446744073709551617");
	TIME_REFUSED("@@1");

	/* Messages stay short and on one line whatever the text holds. */
	memset(long_text, '7', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	TIME_REFUSED(long_text);
	CHECK(strlen(berth_message()) < 200);
	TIME_REFUSED("2026-06-15\r\nX-Injected: 1");
}

static void test_durations(void)
{
	DURATION_IS("0", 0);
	DURATION_IS("0s", 0);
	DURATION_IS("45s", 45);
	DURATION_IS("90m", 5400);
	DURATION_IS("1h30m", 5400);
	DURATION_IS("1h", 3600);
	DURATION_IS("2d", 172800);
	DURATION_IS("1w", 604800);
	DURATION_IS("1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	DURATION_IS("1d1s", 86401);
	DURATION_IS("0h30m", 1800);
	DURATION_IS("007m", 420);
	DURATION_IS("3650d", 315360000);
	DURATION_IS("521w3d", 315360000);
	DURATION_IS("87600h", 315360000);
	DURATION_IS("315360000s", 315360000);

	DURATION_REFUSED("");
	DURATION_REFUSED(NULL);
	DURATION_REFUSED("00");
	DURATION_REFUSED("1");
	DURATION_REFUSED("h");
	DURATION_REFUSED("1x");
	DURATION_REFUSED("1H");
	DURATION_REFUSED("1y");
	DURATION_REFUSED("30m1h");
	DURATION_REFUSED("1s1m");
	DURATION_REFUSED("1h1h");
	DURATION_REFUSED("1h30m30m");
	DURATION_REFUSED("1h 30m");
	DURATION_REFUSED(" 1h");
	DURATION_REFUSED("1h ");
	DURATION_REFUSED("-1h");
	DURATION_REFUSED("+1h");
	DURATION_REFUSED("1.5h");
	DURATION_REFUSED("1h30");
	DURATION_REFUSED("hh");
	DURATION_REFUSED("3651d");
	DURATION_REFUSED("3650d1s");
	DURATION_REFUSED("315360001s");
	DURATION_REFUSED("522w");
	DURATION_REFUSED("999999999w");
	DURATION_REFUSED("999999999w999999999d999999999h");
	DURATION_REFUSED("9999999999s");
	DURATION_REFUSED("99999999999999999999d");
	DURATION_REFUSED("18446744073709551617s");
}

static void test_format(void)
{
	char buf[CLOCK_TIME_MAX];
	size_t n;

	FORMAT_IS(1781546400, "Europe/Paris", "2026-06-15T20:00:00+02:00");
	FORMAT_IS(1781546400, "UTC", "2026-06-15T18:00:00+00:00");
	FORMAT_IS(1781546400, "Etc/UTC", "2026-06-15T18:00:00+00:00");
	FORMAT_IS(1781546400, "America/New_York", "2026-06-15T14:00:00-04:00");
	FORMAT_IS(1781546400, "Asia/Kathmandu", "2026-06-15T23:45:00+05:45");
	FORMAT_IS(1781546400, "Australia/Lord_Howe",
		  "2026-06-16T04:30:00+10:30");
	FORMAT_IS(1768467600, "Europe/Paris", "2026-01-15T10:00:00+01:00");
	FORMAT_IS(1798207200, "America/New_York", "2026-12-25T09:00:00-05:00");
	FORMAT_IS(0, "UTC", "1970-01-01T00:00:00+00:00");
	FORMAT_IS(0, "America/New_York", "1969-12-31T19:00:00-05:00");
	FORMAT_IS(253402300799, "UTC", "9999-12-31T23:59:59+00:00");
	FORMAT_IS(1835395200, "UTC", "2028-02-29T00:00:00+00:00");
	/* Both sides of a repeated hour, and both sides of a gap. */
	FORMAT_IS(1792888200, "Europe/Paris", "2026-10-25T02:30:00+02:00");
	FORMAT_IS(1792888200 + 3600, "Europe/Paris",
		  "2026-10-25T02:30:00+01:00");
	FORMAT_IS(1774745999, "Europe/Paris", "2026-03-29T01:59:59+01:00");
	FORMAT_IS(1774746000, "Europe/Paris", "2026-03-29T03:00:00+02:00");
	/* An offset with seconds (Monrovia, -00:44:30 until 1972) is cut to
	 * minutes with the clock moved to match. */
	FORMAT_IS(31536000, "Africa/Monrovia", "1970-12-31T23:16:00-00:44");
	/* Unknown zones print as UTC. */
	FORMAT_IS(1781546400, "Nowhere/City", "2026-06-15T18:00:00+00:00");
	FORMAT_IS(1781546400, NULL, "2026-06-15T18:00:00+00:00");
	/* Unprintable instants give an empty string. */
	FORMAT_IS(BTIME_NEVER, "UTC", "");
	FORMAT_IS(INT64_MIN, "UTC", "");
	FORMAT_IS(253402300799 + 86400, "UTC", "");

	/* Short buffers truncate like snprintf and report what was kept. */
	n = clock_format(1781546400, "UTC", buf, 11);
	CHECK(n == 10 && strcmp(buf, "2026-06-15") == 0);
	n = clock_format(1781546400, "UTC", buf, 0);
	CHECK(n == 0);
}

static void test_round_trips(void)
{
	static const char *const zones[] = {
	    "UTC",
	    "Europe/Paris",
	    "America/New_York",
	    "Asia/Kathmandu",
	    "Australia/Lord_Howe",
	    "Pacific/Chatham",
	    "America/St_Johns",
	    "Pacific/Kiritimati",
	    "Pacific/Pago_Pago",
	    "Africa/Monrovia",
	    "America/Sao_Paulo",
	};
	static const btime instants[] = {
	    0,		1,	    31536000,	  1781546400, 1768467600,
	    1774745999, 1774746000, 1792888200,	  1792891800, 1835395200,
	    1541300400, 4102444800, 253402200000,
	};

	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		for (size_t i = 0; i < sizeof instants / sizeof instants[0];
		     i++) {
			/* 1969 local dates cannot be parsed back. */
			if (instants[i] < 86400)
				continue;
			ROUND_TRIP(instants[i], zones[z]);
		}
		/* Every quarter hour across both 2026 Paris changes. */
		for (btime t = 1774735200; t < 1774760400; t += 900)
			ROUND_TRIP(t, zones[z]);
		for (btime t = 1792875600; t < 1792900800; t += 900)
			ROUND_TRIP(t, zones[z]);
	}
	ROUND_TRIP(0, "UTC");
	ROUND_TRIP(1, "Europe/Paris");

	/* Local wall times read back through their own zone. */
	for (btime t = 1774735200; t < 1774760400; t += 900) {
		char buf[CLOCK_TIME_MAX];
		civil_time ct;
		btime back = -1;

		clock_format(t, "Europe/Paris", buf, sizeof buf);
		buf[19] = '\0'; /* drop the offset: a local time */
		CHECK(clock_parse(buf, &ct) == BERTH_OK &&
		      clock_resolve_at(&ct, "Europe/Paris", test_now, &back) == BERTH_OK &&
		      back == t);
	}
}

static void test_format_duration(void)
{
	char buf[8];
	size_t n;
	int64_t back;

	FORMAT_DURATION_IS(0, "0s");
	FORMAT_DURATION_IS(45, "45s");
	FORMAT_DURATION_IS(60, "1m");
	FORMAT_DURATION_IS(3600, "1h");
	FORMAT_DURATION_IS(3601, "1h1s");
	FORMAT_DURATION_IS(5400, "1h30m");
	FORMAT_DURATION_IS(172800, "2d");
	FORMAT_DURATION_IS(691200, "8d");
	FORMAT_DURATION_IS(90061, "1d1h1m1s");
	FORMAT_DURATION_IS(315360000, "3650d");
	FORMAT_DURATION_IS(-5400, "-1h30m");
	FORMAT_DURATION_IS(INT64_MAX, "106751991167300d15h30m7s");
	FORMAT_DURATION_IS(INT64_MIN, "-106751991167300d15h30m8s");

	n = clock_format_duration(90061, buf, sizeof buf);
	CHECK(n == 7 && strcmp(buf, "1d1h1m1") == 0);

	for (int64_t s = 0; s < 400000; s += 1237) {
		char text[64];

		clock_format_duration(s, text, sizeof text);
		CHECK(clock_parse_duration(text, &back) == BERTH_OK &&
		      back == s);
	}
}

/* Copies a file of the system's database to path; 0 when it could. */
static int copy_zone(const char *zone, const char *path)
{
	char from[256], data[8192];
	int in, out, ok;
	ssize_t n;

	snprintf(from, sizeof from, "/usr/share/zoneinfo/%s", zone);
	in = open(from, O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok = in >= 0 && out >= 0;
	while (ok && (n = read(in, data, sizeof data)) > 0)
		ok = write(out, data, (size_t)n) == n;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

/* TZDIR never counts: a zone only there is no zone, and a zone of the
 * system's database means the system's file even when TZDIR holds
 * another by its name (glibc would read that one, given the name). */
static void test_tzdir(void)
{
	char dir[] = "/tmp/clock_test.XXXXXX", path[256];
	btime t;
	civil_time ct;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/Test", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/Europe", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/Test/Zone", dir);
	CHECK(copy_zone("Europe/Paris", path) == 0);
	snprintf(path, sizeof path, "%s/Europe/Paris", dir);
	CHECK(copy_zone("Asia/Tokyo", path) == 0);
	snprintf(path, sizeof path, "%s/UTC", dir);
	CHECK(copy_zone("Asia/Tokyo", path) == 0);

	setenv("TZDIR", dir, 1);
	CHECK(!clock_zone_valid("Test/Zone"));
	CHECK(!clock_zone_valid("Test"));
	CHECK(clock_zone_valid("Europe/Paris")); /* the system database */
	CHECK(clock_parse("2026-06-15T20:00", &ct) == BERTH_OK &&
	      clock_resolve_at(&ct, "Test/Zone", test_now, &t) == BERTH_INVALID_ARGUMENT);
	/* Another zone first, so Paris is loaded afresh under TZDIR. */
	TIME_IS("2026-06-15T14:00", "America/New_York", 1781546400);
	TIME_IS("2026-06-15T20:00", "Europe/Paris", 1781546400);
	FORMAT_IS(1781546400, "Europe/Paris", "2026-06-15T20:00:00+02:00");
	TIME_IS("2026-06-15T18:00", "UTC", 1781546400);
	FORMAT_IS(1781546400, "GMT", "2026-06-15T18:00:00+00:00");
	TIME_IS("2026-06-15T18:00", "Etc/GMT", 1781546400);
	/* A TZ naming the TZDIR zone is no zone for a new store either. */
	setenv("TZ", "Test/Zone", 1);
	CHECK(clock_system_zone(path, sizeof path) == BERTH_INVALID_ARGUMENT);
	snprintf(path, sizeof path, "%s/Test/Zone", dir);
	setenv("TZ", path, 1);
	CHECK(clock_system_zone(path, sizeof path) == BERTH_INVALID_ARGUMENT);
	unsetenv("TZ");
	unsetenv("TZDIR");

	snprintf(path, sizeof path, "%s/Test/Zone", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Europe/Paris", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/UTC", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Test", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/Europe", dir);
	rmdir(path);
	rmdir(dir);
}

/* A zone's file, whole, or NULL. */
static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *d;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || !(d = malloc((size_t)st.st_size + 1))) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*len = read(fd, d, (size_t)st.st_size) == st.st_size
		   ? (size_t)st.st_size
		   : 0;
	close(fd);
	return d;
}

/* Every TZif file under dir (recursively) is valid, or (leap) none is. */
static int walk_zones(const char *dir, int leap, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int bad = 0;

	if (!d)
		return 1;
	while ((e = readdir(d))) {
		char path[512];
		struct stat st;
		unsigned char *data;
		size_t len = 0;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!leap && strcmp(e->d_name, "right") == 0)
				continue;
			bad += walk_zones(path, leap, files);
			continue;
		}
		if (!(data = slurp(path, &len)))
			continue;
		if (len >= 4 && memcmp(data, "TZif", 4) == 0) {
			(*files)++;
			if (tz_data_valid(data, len) == leap) {
				bad++;
				fprintf(stderr, "%s: %s\n", path,
					leap ? "accepted" : "refused");
			}
		}
		free(data);
	}
	closedir(d);
	return bad;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The six counts of the header at h. */
static void counts_of(const unsigned char *h, uint32_t c[6])
{
	for (int i = 0; i < 6; i++)
		c[i] = (uint32_t)h[20 + 4 * i] << 24 |
		       (uint32_t)h[21 + 4 * i] << 16 |
		       (uint32_t)h[22 + 4 * i] << 8 | h[23 + 4 * i];
}

/* `file`'s first `foot` bytes with the footer "\nTZ\n" after them, in d;
 * whether that is valid. */
static int with_footer(unsigned char *d, const unsigned char *file,
		       size_t foot, const char *tz)
{
	size_t k = strlen(tz);

	memcpy(d, file, foot);
	d[foot] = '\n';
	memcpy(d + foot + 1, tz, k);
	d[foot + 1 + k] = '\n';
	return tz_data_valid(d, foot + k + 2);
}

/* RFC 8536, a file at a time: the real ones pass, every damage fails. */
static void test_tzif(void)
{
	size_t len = 0, v1len, n2;
	unsigned char *paris = slurp("/usr/share/zoneinfo/Europe/Paris", &len);
	unsigned char *d;
	int files = 0;
	uint32_t c[6];

	CHECK(paris && len > 100);
	if (!paris || len <= 100)
		return;
	CHECK(tz_data_valid(paris, len));
	d = malloc(len + 4096);
	CHECK(d != NULL);
	if (!d)
		return;

	/* Cut short anywhere, or lengthened by anything. */
	for (size_t n = 0; n < len; n++)
		CHECK_AT(__LINE__, !tz_data_valid(paris, n), "cut to %zu", n);
	memcpy(d, paris, len);
	memcpy(d + len, "garbage", 7);
	CHECK(!tz_data_valid(d, len + 1));
	CHECK(!tz_data_valid(d, len + 7));
	memcpy(d + len, "\n", 1);
	CHECK(!tz_data_valid(d, len + 1));
	memset(d + len, 0, 4096);
	CHECK(!tz_data_valid(d, len + 4096));
	/* A second file after the first. */
	memcpy(d + len, paris, len < 4096 ? len : 4096);
	CHECK(!tz_data_valid(d, len + (len < 4096 ? len : 4096)));
	/* Every byte flipped: no crash, and no flip of the counts passes. */
	for (size_t i = 0; i < len; i++) {
		memcpy(d, paris, len);
		d[i] ^= 0x5a;
		if ((i >= 20 && i < 44) || i == 4 || i < 4)
			CHECK_AT(__LINE__, !tz_data_valid(d, len),
				 "byte %zu flipped", i);
		else
			(void)tz_data_valid(d, len);
	}

	/* Field by field, in the version 1 block (Paris is a "fat" file). */
	counts_of(paris, c);
	v1len = (size_t)c[3] * 5 + (size_t)c[4] * 6 + c[5] +
		(size_t)c[2] * 8 + c[1] + c[0];
	CHECK(c[3] > 2 && c[4] > 1 && c[2] == 0);
	/* The version 1 part alone is a valid version 1 file. */
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	CHECK(tz_data_valid(d, 44 + v1len));
	CHECK(!tz_data_valid(d, 44 + v1len - 1));
	memcpy(d + 44 + v1len, "\nCET-1\n", 7);
	CHECK(!tz_data_valid(d, 44 + v1len + 7));
	/* Version '2' header with version 1 data alone: no second part. */
	d[4] = '2';
	CHECK(!tz_data_valid(d, 44 + v1len));
	d[4] = '1';
	CHECK(!tz_data_valid(d, 44 + v1len));
	d[4] = 0;
	/* Transitions out of order; a type index past the types. */
	memcpy(d + 44 + 4, d + 44, 4);
	CHECK(!tz_data_valid(d, 44 + v1len));
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	d[44 + c[3] * 4] = (unsigned char)c[4];
	CHECK(!tz_data_valid(d, 44 + v1len));
	/* A type's offset of -2^31 or 27 h, isdst 2, abbreviation past the
	 * table. */
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	put32(d + 44 + c[3] * 5, 0x80000000u);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 44 + c[3] * 5, 27 * 3600);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 44 + c[3] * 5, 93599);
	CHECK(tz_data_valid(d, 44 + v1len));
	d[44 + c[3] * 5 + 4] = 2;
	CHECK(!tz_data_valid(d, 44 + v1len));
	d[44 + c[3] * 5 + 4] = 0;
	d[44 + c[3] * 5 + 5] = (unsigned char)c[5];
	CHECK(!tz_data_valid(d, 44 + v1len));
	/* The abbreviations must end in NUL. */
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	d[44 + c[3] * 5 + c[4] * 6 + c[5] - 1] = 'X';
	CHECK(!tz_data_valid(d, 44 + v1len));
	/* Indicators are 0 or 1, and UT only where standard. */
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	if (c[0] && c[1]) {
		size_t std = 44 + c[3] * 5 + c[4] * 6 + c[5];
		d[std] = 2;
		CHECK(!tz_data_valid(d, 44 + v1len));
		d[std] = 0;
		d[std + c[1]] = 1;
		CHECK(!tz_data_valid(d, 44 + v1len));
	}
	/* No types, or more than a byte can name. */
	memcpy(d, paris, 44 + v1len);
	d[4] = 0;
	put32(d + 36, 0);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 36, 257);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 36, c[4]);
	put32(d + 40, 0);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 40, c[5]);
	put32(d + 20, c[4] + 1);
	CHECK(!tz_data_valid(d, 44 + v1len));
	put32(d + 20, 0xffffffffu);
	CHECK(!tz_data_valid(d, 44 + v1len));

	/* The footer: a POSIX TZ string between newlines, nothing after. */
	n2 = len - 44 - v1len;
	{
		static const char *const good[] = {
		    "CET-1CEST,M3.5.0,M10.5.0/3", "", "UTC0", "<+0545>-5:45",
		    "EST5EDT,M3.2.0,M11.1.0", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
		    "XXX3EDT4,0/0,J365/25", "IST-2IDT,M3.4.4/26,M10.5.0",
		    "AAA-24:59:59BBB,J1/167:59:59,365/-167", "CST6CDT",
		};
		static const char *const bad[] = {
		    "CET", "CE-1", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0",
		    "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
		    "CET-25", "CET-1:60", "CET-1CEST,J0,J365",
		    "CET-1CEST,366,J365", "CET-1CEST,M3.5.0/168,M10.5.0",
		    "<+05>", "<+0>5", "CET-1 ", " CET-1", "CET-1\nX",
		    "EST+5EDT,M3.2.0/2,M11.1.0/2x", "CET-1CEST,M3.5.0,,M10.5.0",
		};
		size_t foot = 44 + v1len + 44;
		uint32_t c2[6];
		size_t b2;

		counts_of(paris + foot - 44, c2);
		b2 = (size_t)c2[3] * 9 + (size_t)c2[4] * 6 + c2[5] +
		     (size_t)c2[2] * 12 + c2[1] + c2[0];
		foot += b2;
		CHECK(foot < len && paris[foot] == '\n' && paris[len - 1] == '\n');
		CHECK(n2 == 44 + b2 + (len - foot));
		for (size_t i = 0; i < sizeof good / sizeof *good; i++)
			CHECK_AT(__LINE__, with_footer(d, paris, foot, good[i]),
				 "footer '%s' refused", good[i]);
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
			CHECK_AT(__LINE__, !with_footer(d, paris, foot, bad[i]),
				 "footer '%s' accepted", bad[i]);
		/* No newline before or after it; a NUL inside it. */
		memcpy(d, paris, len);
		d[foot] = 'X';
		CHECK(!tz_data_valid(d, len));
		memcpy(d, paris, len);
		CHECK(!tz_data_valid(d, len - 1));
		d[foot + 2] = '\0';
		CHECK(!tz_data_valid(d, len));
		/* The second header's version must be the first's. */
		memcpy(d, paris, len);
		d[44 + v1len + 4] = d[4] == '2' ? '3' : '2';
		CHECK(!tz_data_valid(d, len));
	}
	free(d);
	free(paris);

	/* Every zone the system has passes; every leap-second zone fails. */
	CHECK(walk_zones("/usr/share/zoneinfo", 0, &files) == 0);
	CHECK(files > 300);
	files = 0;
	CHECK(walk_zones("/usr/share/zoneinfo/right", 1, &files) == 0);
	if (files)
		CHECK(!clock_zone_valid("right/Europe/Paris"));
}

static void test_zone_valid(void)
{
	char long_name[300];

	CHECK(clock_zone_valid("UTC"));
	CHECK(clock_zone_valid("Etc/UTC"));
	CHECK(clock_zone_valid("GMT"));
	CHECK(clock_zone_valid("Europe/Paris"));
	CHECK(clock_zone_valid("America/New_York"));
	CHECK(clock_zone_valid("America/Argentina/Buenos_Aires"));
	CHECK(clock_zone_valid("Etc/GMT+5"));
	CHECK(clock_zone_valid("Etc/GMT-14"));

	CHECK(!clock_zone_valid(NULL));
	CHECK(!clock_zone_valid(""));
	CHECK(!clock_zone_valid("../etc/passwd"));
	CHECK(!clock_zone_valid("Europe/../../../etc/passwd"));
	CHECK(!clock_zone_valid("/etc/passwd"));
	CHECK(!clock_zone_valid("/usr/share/zoneinfo/Europe/Paris"));
	CHECK(!clock_zone_valid("Nowhere/City"));
	CHECK(!clock_zone_valid("Europe"));
	CHECK(!clock_zone_valid("Europe/"));
	CHECK(!clock_zone_valid("europe/paris") ||
	      access("/usr/share/zoneinfo/europe/paris", F_OK) == 0);
	CHECK(!clock_zone_valid("Europe/Paris "));
	CHECK(!clock_zone_valid(" Europe/Paris"));
	CHECK(!clock_zone_valid("Europe/Paris\n"));
	CHECK(!clock_zone_valid("Europe\\Paris"));
	CHECK(!clock_zone_valid("zone.tab"));
	CHECK(!clock_zone_valid("iso3166.tab"));
	CHECK(!clock_zone_valid("CET-1CEST,M3.5.0,M10.5.0/3"));
	CHECK(!clock_zone_valid("EST+5EDT,M3.2.0/2,M11.1.0/2"));
	CHECK(!clock_zone_valid("UTC0"));
	CHECK(!clock_zone_valid("Europe//Paris"));
	CHECK(!clock_zone_valid("right/Europe/Paris"));
	CHECK(clock_zone_valid("posix/Europe/Paris") ||
	      access("/usr/share/zoneinfo/posix/Europe/Paris", F_OK) != 0);
	CHECK(clock_zone_valid("EST5EDT")); /* a file of the database */
	memset(long_name, 'A', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	CHECK(!clock_zone_valid(long_name));
}

static void test_system_zone(void)
{
	char buf[64];
	civil_time ct;
	btime t;

	setenv("TZ", ":Europe/Paris", 1);
	clock_system_zone(buf, sizeof buf);
	CHECK(strcmp(buf, "Europe/Paris") == 0);
	setenv("TZ", "America/New_York", 1);
	clock_system_zone(buf, sizeof buf);
	CHECK(strcmp(buf, "America/New_York") == 0);
	setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo", 1);
	clock_system_zone(buf, sizeof buf);
	CHECK(strcmp(buf, "Asia/Tokyo") == 0);
	setenv("TZ", ":/usr/share/zoneinfo/Asia/Tokyo", 1);
	clock_system_zone(buf, sizeof buf);
	CHECK(strcmp(buf, "Asia/Tokyo") == 0);
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK &&
	      strcmp(buf, "Asia/Tokyo") == 0);
	setenv("TZ", ":UTC", 1);
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK &&
	      strcmp(buf, "UTC") == 0);

	/* A TZ that is set but names no zone of the system's database is
	 * refused, never read as UTC. (Paris first: TZ=UTC0 is what a UTC
	 * conversion would have left, and would read as ours.) */
	TIME_IS("2026-06-15T20:00", "Europe/Paris", 1781546400);
	{
		static const char *const bad[] = {
		    "Bogus/Zone",
		    "../../etc/passwd",
		    "EST+5EDT,M3.2.0/2,M11.1.0/2",
		    "CET-1CEST,M3.5.0,M10.5.0/3",
		    "UTC0",
		    "<+03>-3",
		    "/tmp/zoneinfo/Asia/Tokyo",
		    "/usr/share/zoneinfo/../zoneinfo/Asia/Tokyo",
		    ":/usr/share/zoneinfo/Nowhere/City",
		    "/usr/share/zoneinfo/right/Europe/Paris",
		    "/etc/passwd",
		    "Europe/Paris\n",
		};
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			setenv("TZ", bad[i], 1);
			strcpy(buf, "x");
			CHECK_AT(__LINE__,
				 clock_system_zone(buf, sizeof buf) ==
					     BERTH_INVALID_ARGUMENT &&
				     strcmp(buf, "UTC") == 0 &&
				     strstr(berth_message(), "TZ is '") &&
				     !strchr(berth_message(), '\n'),
				 "TZ=%s: %s (%s)", bad[i], buf,
				 berth_message());
		}
	}
	/* /etc/localtime is the system's zone, as an unset TZ is. */
	setenv("TZ", "/etc/localtime", 1);
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK &&
	      clock_zone_valid(buf));
	setenv("TZ", ":/etc/localtime", 1);
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK &&
	      clock_zone_valid(buf));

	/* Our own use of TZ does not change the answer... */
	setenv("TZ", "Asia/Tokyo", 1);
	CHECK(clock_parse("2026-06-15T20:00", &ct) == BERTH_OK &&
	      clock_resolve_at(&ct, "America/New_York", test_now, &t) == BERTH_OK);
	clock_system_zone(buf, sizeof buf);
	CHECK(strcmp(buf, "Asia/Tokyo") == 0);
	/* ...and someone else's change of TZ does not fool the cache. */
	setenv("TZ", "Europe/Paris", 1);
	TIME_IS("2026-06-15T14:00", "America/New_York", 1781546400);
	FORMAT_IS(1781546400, "America/New_York", "2026-06-15T14:00:00-04:00");

	/* Without TZ the answer comes from the system files: any valid zone. */
	unsetenv("TZ");
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK);
	CHECK(clock_zone_valid(buf));
	setenv("TZ", "", 1);
	CHECK(clock_system_zone(buf, sizeof buf) == BERTH_OK);
	CHECK(clock_zone_valid(buf));

	/* A name that does not fit falls back to UTC. */
	setenv("TZ", "America/Argentina/Buenos_Aires", 1);
	clock_system_zone(buf, 8);
	CHECK(strcmp(buf, "UTC") == 0);
	unsetenv("TZ");
}

/* A time its zone cannot print: INVALID_TIME, one line, naming the zone. */
#define UNPRINTABLE(text, zone) unprintable(__LINE__, text, zone)
static void unprintable(int line, const char *text, const char *zone)
{
	civil_time ct;
	btime t = 0;
	berth_status st = clock_parse(text, &ct);
	const char *msg;

	if (st == BERTH_OK)
		st = clock_resolve_at(&ct, zone, test_now, &t);
	msg = berth_message();
	CHECK_AT(line,
		 st == BERTH_INVALID_TIME && !strchr(msg, '\n') &&
		     strstr(msg, "9999-12-31T23:59:59") && strstr(msg, zone),
		 "'%s' in %s: status %s, t %lld, message '%s'", text, zone,
		 berth_status_name(st), (long long)t, msg);
}

/* Every time berth keeps must print back: past 9999-12-31 in its zone it
 * would print as null ("never"). */
static void test_printable(void)
{
	const btime last = INT64_C(253402300799); /* 9999-12-31T23:59:59Z */
	const char *msg;

	CHECK(clock_check_printable("the end", last, "UTC") == BERTH_OK);
	CHECK(clock_check_printable("the end", last + 1, "UTC") ==
	      BERTH_INVALID_TIME);
	msg = berth_message();
	CHECK(strncmp(msg, "the end falls after 9999-12-31T23:59:59 in UTC",
		      46) == 0);
	CHECK(clock_check_printable("x", last + 3650 * INT64_C(86400),
				    "UTC") == BERTH_INVALID_TIME);
	CHECK(clock_check_printable("x", INT64_MAX - 1, "UTC") ==
	      BERTH_INVALID_TIME);
	/* Nine hours ahead, Tokyo's last second is nine hours earlier. */
	CHECK(clock_check_printable("x", last - 9 * 3600, "Asia/Tokyo") ==
	      BERTH_OK);
	CHECK(clock_check_printable("x", last - 9 * 3600 + 1, "Asia/Tokyo") ==
	      BERTH_INVALID_TIME);
	CHECK(clock_check_printable("x", last - 14 * 3600 + 1,
				    "Pacific/Kiritimati") ==
	      BERTH_INVALID_TIME);
	CHECK(clock_check_printable("x", last - 14 * 3600,
				    "Pacific/Kiritimati") == BERTH_OK);
	/* Behind UTC, every instant up to the last one prints. */
	CHECK(clock_check_printable("x", last, "America/New_York") ==
	      BERTH_OK);
	CHECK(clock_check_printable("x", 0, "America/New_York") == BERTH_OK);
	CHECK(clock_check_printable("x", 0, "Asia/Tokyo") == BERTH_OK);
	/* Every instant well inside the range, in every kind of zone. */
	for (btime t = 0; t < last; t += INT64_C(86400) * 365 * 7 + 12345)
		CHECK(clock_check_printable("x", t, "Pacific/Kiritimati") ==
			  BERTH_OK &&
		      clock_check_printable("x", t, "Pacific/Pago_Pago") ==
			  BERTH_OK);

	/* clock_resolve checks what it returns, in the zone it is given. */
	TIME_IS("9999-12-31T14:59:59Z", "Asia/Tokyo", last - 9 * 3600);
	TIME_IS("9999-12-31T23:59:59", "Asia/Tokyo", last - 9 * 3600);
	TIME_IS("9999-12-31T23:59:59Z", "America/New_York", last);
	TIME_IS("9999-12-31T18:59:59", "America/New_York", last);
	UNPRINTABLE("9999-12-31T15:00:00Z", "Asia/Tokyo");
	UNPRINTABLE("9999-12-31T20:00Z", "Asia/Tokyo");
	UNPRINTABLE("9999-12-31T16:00:00+01:00", "Asia/Tokyo");
	UNPRINTABLE("@253402290000", "Asia/Tokyo");
	/* Past the last instant anywhere: refused before any zone looks. */
	RESOLVE_REFUSED("9999-12-31T23:59:59-00:01", "UTC", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("9999-12-31T24:00", "America/New_York",
			BERTH_INVALID_TIME);
	RESOLVE_REFUSED("9999-12-31T19:00", "America/New_York",
			BERTH_INVALID_TIME);
}

static void test_local_tm(void)
{
	struct tm tm;

	clock_local(1781546400, "Europe/Paris", &tm);
	CHECK(tm.tm_year == 126 && tm.tm_mon == 5 && tm.tm_mday == 15 &&
	      tm.tm_hour == 20 && tm.tm_min == 0 && tm.tm_wday == 1 &&
	      tm.tm_gmtoff == 7200 && tm.tm_isdst == 1);
	clock_local(1781546400, "America/New_York", &tm);
	CHECK(tm.tm_hour == 14 && tm.tm_gmtoff == -14400);
	clock_local(1768467600, "Europe/Paris", &tm);
	CHECK(tm.tm_hour == 10 && tm.tm_gmtoff == 3600 && tm.tm_isdst == 0);
	clock_local(1781546400, "Nowhere/City", &tm);
	CHECK(tm.tm_hour == 18 && tm.tm_gmtoff == 0);
	clock_local(1835395200, "UTC", &tm);
	CHECK(tm.tm_mon == 1 && tm.tm_mday == 29 && tm.tm_yday == 59);
}

/* Relative times count from the now they are given, in the zone's
 * calendar. 1780308000 is Monday 2026-06-01T10:00:00Z. */
static void test_relative(void)
{
	const btime mon = 1780308000;
	civil_time ct;

	test_now = mon;
	TIME_IS("now", "Europe/Paris", mon);
	TIME_IS("NOW", "UTC", mon);
	TIME_IS("+2h", "UTC", mon + 7200);
	TIME_IS("+1h30m", "UTC", mon + 5400);
	TIME_IS("-1d", "UTC", mon - 86400);
	TIME_IS("+0", "UTC", mon);
	TIME_IS("today", "UTC", 1780272000);
	TIME_IS("yesterday", "UTC", 1780185600);
	TIME_IS("tomorrow 20:00", "Europe/Paris", 1780423200);
	TIME_IS("tomorrow", "Europe/Paris", 1780351200);
	TIME_IS(" tomorrow\t 20:00 ", "Europe/Paris", 1780423200);
	TIME_IS("today 24:00", "Europe/Paris", 1780351200);
	TIME_IS("today 12:00:30", "UTC", 1780315230);
	TIME_IS("next mon 10:00", "Europe/Paris", 1780905600);
	TIME_IS("next Monday 10:00", "Europe/Paris", 1780905600);
	TIME_IS("next tue", "UTC", 1780358400);
	TIME_IS("next sun", "UTC", 1780358400 + 5 * 86400);
	/* The zone's day, not UTC's: 01:30 on the 2nd in Paris. */
	test_now = 1780356600;
	TIME_IS("today 20:00", "Europe/Paris", 1780423200);
	TIME_IS("today 20:00", "UTC", 1780344000);
	TIME_IS("next tue 20:00", "Europe/Paris", 1780423200 + 7 * 86400);
	/* Saturday 2026-03-28 13:00 in Paris, before its spring gap. */
	test_now = 1774699200;
	TIME_IS("tomorrow 13:00", "Europe/Paris", 1774782000);
	TIME_IS("+1d", "Europe/Paris", 1774785600);
	TIME_IS("tomorrow", "Europe/Paris", 1774738800);
	RESOLVE_REFUSED("tomorrow 02:30", "Europe/Paris", BERTH_INVALID_TIME);
	CHECK(strstr(berth_message(), "'tomorrow 02:30'") &&
	      strstr(berth_message(), "from 02:00 to 03:00 on 2026-03-29"));
	RESOLVE_REFUSED("next sun 02:00", "Europe/Paris", BERTH_INVALID_TIME);
	/* The ends of the range. */
	test_now = INT64_C(253402300799) - 3600;
	RESOLVE_REFUSED("+2h", "UTC", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("tomorrow", "UTC", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("next mon 10:00", "UTC", BERTH_INVALID_TIME);
	TIME_IS("+1h", "UTC", INT64_C(253402300799));
	test_now = 3600;
	RESOLVE_REFUSED("-2h", "UTC", BERTH_INVALID_TIME);
	RESOLVE_REFUSED("yesterday", "UTC", BERTH_INVALID_TIME);
	TIME_IS("today", "UTC", 0);
	RESOLVE_REFUSED("today", "Europe/Paris", BERTH_INVALID_TIME);
	CHECK(clock_parse("tomorrow 20:00", &ct) == BERTH_OK &&
	      ct.kind == CIVIL_RELATIVE && ct.anchor == RELATIVE_DAY &&
	      ct.days == 1 && ct.has_clock && ct.hour == 20);
	CHECK(clock_parse("tomorrow 20:00", &ct) == BERTH_OK &&
	      clock_resolve_at(&ct, "Nowhere/Zone", test_now, &(btime){0}) ==
		  BERTH_INVALID_ARGUMENT);

	/* Malformed and ambiguous. */
	TIME_REFUSED("mon 10:00");
	CHECK(strstr(berth_message(), "next mon 10:00"));
	TIME_REFUSED("monday");
	TIME_REFUSED("next");
	TIME_REFUSED("next 10:00");
	TIME_REFUSED("next week");
	TIME_REFUSED("next mon tue");
	TIME_REFUSED("next thurs");
	TIME_REFUSED("tomorrow 10");
	TIME_REFUSED("tomorrow 9:00");
	TIME_REFUSED("tomorrow 25:00");
	TIME_REFUSED("tomorrow 24:01");
	TIME_REFUSED("tomorrow 10:60");
	TIME_REFUSED("tomorrow 10:00:60");
	TIME_REFUSED("tomorrow 10:00:00.5");
	TIME_REFUSED("tomorrow at 10:00");
	TIME_REFUSED("tomorrow 10:00 x");
	TIME_REFUSED("tomorrow 10:00 x y");
	TIME_REFUSED("now 10:00");
	TIME_REFUSED("nowish");
	TIME_REFUSED("+");
	TIME_REFUSED("-");
	TIME_REFUSED("+2");
	TIME_REFUSED("+2x");
	TIME_REFUSED("+ 2h");
	TIME_REFUSED("+1m2h");
	TIME_REFUSED("++2h");
	TIME_REFUSED("+-2h");
	TIME_REFUSED("+3651d");
	TIME_REFUSED("today+2h");
	TIME_REFUSED("   ");
	TIME_REFUSED("this mon");
	TIME_REFUSED("tomorrow\n10:00");
	}

int main(void)
{
	test_absolute();
	test_epoch();
	test_local();
	test_dates();
	test_refused();
	test_durations();
	test_format();
	test_round_trips();
	test_format_duration();
	test_tzdir();
	test_tzif();
	test_zone_valid();
	test_system_zone();
	test_local_tm();
	test_printable();
	test_relative();
	printf("clock: %d passed, %d failed\n", passed, failed);
	return failed > 0;
}
