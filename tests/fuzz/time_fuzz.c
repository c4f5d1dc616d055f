/* time_fuzz.c - libFuzzer harness for the clock (lib/clock*.c): the time
 * parser, the resolver in a few zones, the formatter, and durations.
 *
 * The input is one NUL-terminated string (what a user types after --now,
 * a batch "start", ...). Every violated invariant traps, so libFuzzer keeps
 * the input:
 *  - clock_parse either refuses with INVALID_TIME or accepts;
 *  - an accepted time resolves in each zone, or is refused with
 *    INVALID_TIME only near the ends of the range, where the zone's offset
 *    can push it past 1970 or 9999, or make it print past 9999-12-31;
 *  - a resolved instant prints in its zone (clock_format has text for it:
 *    a time past 9999 would print as null, "never");
 *  - a resolved instant is in range, its wall clock in that zone reads the
 *    text (a date whose midnight is skipped: its first instant), and a
 *    repeated hour resolves to its first occurrence; a clock time is
 *    refused only where the zone skips it;
 *  - a relative time (now, +2h, tomorrow 20:00, next mon) resolves, against
 *    a few clocks, to the instant it names on the zone's calendar, or is
 *    refused with INVALID_TIME only near the ends of the range;
 *  - clock_format of it parses back (clock_parse) to the same instant,
 *    except in the first day after the epoch west of UTC, which prints
 *    as 1969 and is refused like any year before 1970;
 *  - an accepted duration is 0..3650 days and clock_format_duration of it
 *    parses back to the same number of seconds. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

#define MAX_INSTANT INT64_C(253402300799)
#define DAY	    INT64_C(86400)
#define MAX_GAP	    (3 * 3600)

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static const char *const zones[] = {"UTC", "Europe/Paris", "America/New_York",
				    "Asia/Kathmandu"};

static long gmtoff(btime t, const char *zone)
{
	struct tm tm;

	clock_local(t, zone, &tm);
	return tm.tm_gmtoff;
}

/* The wall clock of t in zone, read as if it were UTC. */
static int64_t wall(btime t, const char *zone)
{
	struct tm tm;

	clock_local(t, zone, &tm);
	return (int64_t)timegm(&tm);
}

/* The text's fields read as if they were UTC; 24:00 rolls over as in
 * clock.c. */
static int64_t naive(const civil_time *ct)
{
	struct tm tm = {
	    .tm_year = ct->year - 1900,
	    .tm_mon = ct->month - 1,
	    .tm_mday = ct->day,
	    .tm_hour = ct->kind == CIVIL_DATE ? 0 : ct->hour,
	    .tm_min = ct->kind == CIVIL_DATE ? 0 : ct->minute,
	    .tm_sec = ct->kind == CIVIL_DATE ? 0 : ct->second,
	};

	return (int64_t)timegm(&tm);
}

/* Whether no instant's wall clock in zone reads `want` (a skipped clock
 * time): each offset the zone uses within a day of it fails to. */
static int skipped(int64_t want, const char *zone)
{
	long before = gmtoff(want - DAY, zone), after = gmtoff(want + DAY, zone);

	return wall(want - before, zone) != want &&
	       wall(want - after, zone) != want;
}

/* A relative time against a few clocks: the instant names the day and the
 * clock time it says, in the zone's calendar. */
static void check_relative(const civil_time *ct)
{
	static const btime clocks[] = {1780308000, 1774699200, 1792843200, 0,
				       MAX_INSTANT - 3600};
	btime t;

	for (size_t c = 0; c < sizeof clocks / sizeof clocks[0]; c++) {
		btime now = clocks[c];

		for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
			const char *zone = zones[i];
			int64_t w = wall(now, zone), ahead, at;
			int64_t today = w / DAY - (w % DAY < 0);
			berth_status st = clock_resolve_at(ct, zone, now, &t);
			struct tm tm;

			if (ct->anchor == RELATIVE_NOW) {
				if (st == BERTH_OK)
					require(t == now + ct->shift);
				else
					require(st == BERTH_INVALID_TIME &&
						(now + ct->shift < DAY ||
						 now + ct->shift >
						     MAX_INSTANT - DAY));
				continue;
			}
			clock_local(now, zone, &tm);
			ahead = ct->anchor == RELATIVE_DAY
				    ? ct->days
				    : (ct->days - tm.tm_wday + 6) % 7 + 1;
			at = (today + ahead) * DAY +
			     (ct->has_clock ? ct->hour * 3600 +
						  ct->minute * 60 + ct->second
					    : 0);
			if (st != BERTH_OK) {
				require(st == BERTH_INVALID_TIME);
				require(at < 2 * DAY || at > MAX_INSTANT - 2 * DAY ||
					(ct->has_clock && skipped(at, zone)));
				continue;
			}
			require(t >= 0 && t <= MAX_INSTANT);
			if (ct->has_clock)
				require(wall(t, zone) == at);
			else
				require(wall(t, zone) >= at &&
					wall(t, zone) - at <= MAX_GAP);
		}
	}
}

/* What clock_format prints must read back as the same instant. */
static void format_round_trip(btime t, const char *zone)
{
	char buf[CLOCK_TIME_MAX];
	civil_time back;
	btime again = -1;
	struct tm tm;
	size_t n = clock_format(t, zone, buf, sizeof buf);

	if (n == 0) {
		/* Only an instant whose local year has five digits (the
		 * last hours of 9999 east of UTC) has no text. */
		clock_local(t, zone, &tm);
		require(tm.tm_year + 1900 > 9999);
		return;
	}
	require(n == strlen(buf));
	require(n == 25);
	/* Years run 1970..9999 (berth(7)): the first hours after the epoch,
	 * printed west of UTC, read 1969 and are refused, as
	 * tests/unit/clock_test.c knows. */
	if (memcmp(buf, "1969-", 5) == 0) {
		require(t < 86400);
		require(clock_parse(buf, &back) == BERTH_INVALID_TIME);
		return;
	}
	require(clock_parse(buf, &back) == BERTH_OK);
	require(back.kind == CIVIL_ABSOLUTE);
	/* The printed offset is the zone's at t, whatever clock_format
	 * remembered from earlier calls. */
	require(back.offset == gmtoff(t, zone) / 60 * 60);
	/* Another zone reads the same instant, unless that zone cannot print
	 * it (Kathmandu's 9999 ends 5 h 45 min before UTC's). */
	if (clock_resolve_at(&back, "Asia/Kathmandu", 1780308000, &again) == BERTH_OK)
		require(again == t);
	else
		require(t > MAX_INSTANT - DAY &&
			!clock_format(t, "Asia/Kathmandu", buf, sizeof buf));
	require(clock_resolve_at(&back, zone, 1780308000, &again) == BERTH_OK);
	require(again == t);
}

static void check_time(const char *text)
{
	civil_time ct;
	btime t, first = -1;
	berth_status st = clock_parse(text, &ct);

	if (st != BERTH_OK) {
		require(st == BERTH_INVALID_TIME);
		return;
	}
	if (ct.kind == CIVIL_RELATIVE) {
		check_relative(&ct);
		return;
	}
	require(ct.kind == CIVIL_ABSOLUTE || ct.kind == CIVIL_LOCAL ||
		ct.kind == CIVIL_DATE);
	require(ct.year >= 1970 && ct.year <= 9999);

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		const char *zone = zones[i];
		int64_t want = naive(&ct), diff;

		char text[CLOCK_TIME_MAX];

		st = clock_resolve_at(&ct, zone, 1780308000, &t);
		if (st != BERTH_OK) {
			require(st == BERTH_INVALID_TIME);
			if (ct.kind == CIVIL_ABSOLUTE) {
				/* Range-checked by the parser: refused only
				 * where this zone cannot print it. */
				t = ct.is_epoch ? ct.epoch : want - ct.offset;
				require(t > MAX_INSTANT - DAY &&
					!clock_format(t, zone, text,
						      sizeof text));
				continue;
			}
			require(want < DAY || want > MAX_INSTANT - DAY ||
				(ct.kind == CIVIL_LOCAL && skipped(want, zone)));
			continue;
		}
		require(t >= 0 && t <= MAX_INSTANT);
		require(clock_format(t, zone, text, sizeof text) > 0);
		if (ct.kind == CIVIL_ABSOLUTE) {
			/* The zone plays no part (where it prints at all). */
			if (first < 0)
				first = t;
			require(t == first);
			if (ct.is_epoch)
				require(t == ct.epoch);
			else
				require(t == want - ct.offset);
		} else {
			diff = wall(t, zone) - want;
			if (diff == 0) {
				/* The first of a repeated hour: no earlier
				 * instant within a few hours reads the same. */
				for (int64_t d = 900; d <= MAX_GAP; d += 900)
					require(t - d < 0 ||
						gmtoff(t - d, zone) !=
						    gmtoff(t, zone) + d);
			} else {
				/* A date whose midnight is skipped starts with
				 * the gap; a skipped clock time is refused. */
				require(ct.kind == CIVIL_DATE);
				require(diff > 0 && diff <= MAX_GAP);
				require(gmtoff(t, zone) -
					    gmtoff(t - diff, zone) ==
					diff);
			}
		}
		/* Neighbours too: clock_format remembers offsets by quarter
		 * hour, and a change of offset starts a new one. */
		format_round_trip(t, zone);
		if (t > 0)
			format_round_trip(t - 1, zone);
		if (t < MAX_INSTANT)
			format_round_trip(t + 1, zone);
	}
}

static void check_duration(const char *text)
{
	char buf[64];
	int64_t d = -1, again = -1;
	berth_status st = clock_parse_duration(text, &d);

	if (st != BERTH_OK) {
		require(st == BERTH_INVALID_ARGUMENT);
		return;
	}
	require(d >= 0 && d <= 3650 * DAY);
	require(clock_format_duration(d, buf, sizeof buf) > 0);
	require(clock_parse_duration(buf, &again) == BERTH_OK);
	require(again == d);
}

/* Any int64 at all, as a stored value might hold: formatting must not
 * crash, and what it prints must read back. */
static void check_raw(const uint8_t *data, size_t size)
{
	char buf[64];
	uint64_t u = 0;
	int64_t v;

	if (size < 8)
		return;
	for (int i = 0; i < 8; i++)
		u = u << 8 | data[i];
	v = (int64_t)u;
	clock_format_duration(v, buf, sizeof buf);
	require(strlen(buf) < sizeof buf);
	/* A short buffer cuts the text but still ends it. */
	require(clock_format_duration(v, buf, 4) <= 3);
	require(clock_format(v, "UTC", buf, 5) <= 4);
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		size_t n = clock_format(v, zones[i], buf, sizeof buf);

		require(n == strlen(buf) && n < CLOCK_TIME_MAX);
		if (v >= 0 && v <= MAX_INSTANT)
			format_round_trip(v, zones[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_time(text);
	check_duration(text);
	check_raw(data, size);
	free(text);
	return 0;
}
