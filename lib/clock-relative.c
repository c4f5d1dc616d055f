/* clock-relative.c - times written relative to berth's clock, so that an
 * example, a script or a cron line means the same thing on any day:
 *
 *   now                      the clock itself
 *   +DURATION, -DURATION     that long after or before now (+2h, -1d)
 *   today, tomorrow, yesterday [HH:MM[:SS]]
 *   next WEEKDAY [HH:MM[:SS]]   the first such day after today
 *
 * Words in any case, separated by spaces. A day without a clock time is
 * its start (00:00), or as the end of a range its end (clock-until.c).
 * Days are the resource's (or the store's) zone's calendar days; a duration is elapsed time, so +1d across a change to
 * summer time is 24 hours, not the same clock time tomorrow. A bare
 * weekday (mon 10:00) is refused: on a Monday it could mean today or a
 * week on, and a booking made for the wrong one is worse than a question.
 *
 * Parsing keeps what was written; resolving turns it into the local time
 * it names on the zone's calendar, and clock_resolve_as reads that like
 * any other local time (gaps, repeated hours, range), naming the relative
 * text in its messages. */
#include "clock-internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const weekday_names[7][2] = {
    {"sun", "sunday"},	  {"mon", "monday"},   {"tue", "tuesday"},
    {"wed", "wednesday"}, {"thu", "thursday"}, {"fri", "friday"},
    {"sat", "saturday"},
};

struct word {
	const char *p;
	size_t n;
};

static int word_is(const struct word *w, const char *s)
{
	return w->n == strlen(s) && strncasecmp(w->p, s, w->n) == 0;
}

static int weekday_of(const struct word *w)
{
	for (int d = 0; d < 7; d++)
		if (word_is(w, weekday_names[d][0]) ||
		    word_is(w, weekday_names[d][1]))
			return d;
	return -1;
}

/* Up to `max` words separated by spaces or tabs; the count, or max + 1
 * when there are more. */
static int split_words(const char *text, struct word *w, int max)
{
	const char *p = text;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		w[n].p = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		w[n].n = (size_t)(p - w[n].p);
		n++;
	}
}

static berth_status bad(const char *text, const char *why)
{
	return berth_fail(BERTH_INVALID_TIME, "invalid time '%s': %s",
			  clock_shown(text), why);
}

static int two_digits(const char *p, int *out)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return 0;
	*out = (p[0] - '0') * 10 + (p[1] - '0');
	return 1;
}

/* HH:MM or HH:MM:SS, 00:00 to 24:00 as in absolute times. */
static berth_status parse_clock(const char *text, const struct word *w,
				civil_time *ct)
{
	const char *p = w->p;

	ct->second = 0;
	if (!((w->n == 5 || w->n == 8) && two_digits(p, &ct->hour) &&
	      p[2] == ':' && two_digits(p + 3, &ct->minute) &&
	      (w->n == 5 || (p[5] == ':' && two_digits(p + 6, &ct->second)))))
		return bad(text, "the clock time must be HH:MM or HH:MM:SS "
				 "(tomorrow 09:30)");
	if (ct->hour > 24 || ct->minute > 59 || ct->second > 59 ||
	    (ct->hour == 24 && (ct->minute || ct->second)))
		return bad(text, "the clock time runs from 00:00 to 24:00");
	ct->has_clock = 1;
	return BERTH_OK;
}

/* +DURATION or -DURATION, in the units of clock_parse_duration. */
static berth_status parse_shift(const char *text, const struct word *w,
				civil_time *ct)
{
	char dur[64];
	const char *why;
	int64_t s;

	if (w->n < 2 || w->n >= sizeof dur)
		return bad(text, "+ and - take a duration such as +2h, "
				 "+1h30m or -1d (units w d h m s)");
	memcpy(dur, w->p + 1, w->n - 1);
	dur[w->n - 1] = '\0';
	if (clock_parse_duration(dur, &s)) {
		/* The duration parser's reason, after its own "invalid
		 * duration '...': ". */
		why = strstr(berth_message(), "': ");
		return bad(text, why ? why + 3 : "not a duration");
	}
	ct->anchor = RELATIVE_NOW;
	ct->shift = w->p[0] == '-' ? -s : s;
	return BERTH_OK;
}

berth_status clock_relative_parse(const char *text, civil_time *out)
{
	civil_time ct = {.kind = CIVIL_RELATIVE};
	struct word w[3];
	int n = split_words(text, w, 3), day, at = 1;
	berth_status st;

	if (n == 0)
		return bad(text, "the time is empty");
	if (n > 3)
		return bad(text, "unexpected text after the time");
	if (w[0].p[0] == '+' || w[0].p[0] == '-') {
		if (n > 1)
			return bad(text, "write a relative time as one word, "
					 "such as +2h");
		if ((st = parse_shift(text, &w[0], &ct)))
			return st;
		*out = ct;
		return BERTH_OK;
	}
	if (word_is(&w[0], "now")) {
		if (n > 1)
			return bad(text, "now takes no clock time (today "
					 "HH:MM names one)");
		ct.anchor = RELATIVE_NOW;
		*out = ct;
		return BERTH_OK;
	}
	if (word_is(&w[0], "today") || word_is(&w[0], "tomorrow") ||
	    word_is(&w[0], "yesterday")) {
		ct.anchor = RELATIVE_DAY;
		ct.days = word_is(&w[0], "today")      ? 0
			  : word_is(&w[0], "tomorrow") ? 1
						       : -1;
	} else if (word_is(&w[0], "next")) {
		if (n < 2 || (day = weekday_of(&w[1])) < 0)
			return bad(text, "next takes a weekday, mon to sun "
					 "(next mon 10:00)");
		ct.anchor = RELATIVE_WEEKDAY;
		ct.days = day;
		at = 2;
	} else if (weekday_of(&w[0]) >= 0) {
		return bad(text, "a weekday alone is ambiguous (today, or a "
				 "week on?): write next mon 10:00 for the "
				 "first one after today, or a date");
	} else {
		return bad(text, clock_time_forms);
	}
	if (n > at + 1)
		return bad(text, "unexpected text after the time");
	if (n == at + 1 && (st = parse_clock(text, &w[at], &ct)))
		return st;
	*out = ct;
	return BERTH_OK;
}

/* The relative time as berth would write it, for messages: the text
 * itself is gone by the time a transaction resolves it. */
static const char *relative_text(const civil_time *ct, char *buf, size_t size)
{
	static const char *const days[] = {"yesterday", "today", "tomorrow"};
	char dur[32];
	int n;

	if (ct->anchor == RELATIVE_NOW) {
		if (!ct->shift)
			snprintf(buf, size, "now");
		else {
			clock_format_duration(ct->shift < 0 ? -ct->shift
							    : ct->shift,
					      dur, sizeof dur);
			snprintf(buf, size, "%c%s", ct->shift < 0 ? '-' : '+',
				 dur);
		}
		return buf;
	}
	if (ct->anchor == RELATIVE_DAY)
		n = snprintf(
		    buf, size, "%s",
		    ct->days >= -1 && ct->days <= 1 ? days[ct->days + 1] : "?");
	else
		n = snprintf(buf, size, "next %s",
			     ct->days >= 0 && ct->days < 7
				 ? weekday_names[ct->days][0]
				 : "?");
	if (!ct->has_clock || n < 0 || (size_t)n >= size)
		return buf;
	if (ct->second)
		snprintf(buf + n, size - n, " %02d:%02d:%02d", ct->hour,
			 ct->minute, ct->second);
	else
		snprintf(buf + n, size - n, " %02d:%02d", ct->hour, ct->minute);
	return buf;
}

berth_status clock_relative_resolve(const civil_time *ct, const char *zone,
				    btime now, btime *out)
{
	char given[48], head[80];
	struct civil_fields f;
	civil_time local = {0};
	int64_t today, naive, t;
	const tz_zone *z;
	tz_local l;
	berth_status st;
	int ahead, wday;

	relative_text(ct, given, sizeof given);
	if (ct->anchor == RELATIVE_NOW) {
		t = now + ct->shift;
		if (t < 0 || t > MAX_INSTANT)
			return berth_fail(BERTH_INVALID_TIME,
					  "invalid time '%s': falls outside "
					  "1970-01-01T00:00:00Z.."
					  "9999-12-31T23:59:59Z",
					  given);
		snprintf(head, sizeof head, "invalid time '%s'", given);
		if ((st = clock_check_printable(head, t, zone)))
			return st;
		*out = t;
		return BERTH_OK;
	}
	if (!(z = tz_zone_get(zone)))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "unknown time zone '%s'", clock_shown(zone));
	/* Today is the zone's calendar day at now: its wall clock read as
	 * UTC, cut to the day. 1970-01-01 was a Thursday. */
	tz_zone_at(z, now, &l);
	today = clock_floor_div(now + l.off, DAY);
	wday = (int)((today % 7 + 7 + 4) % 7);
	if (ct->anchor == RELATIVE_DAY)
		ahead = ct->days;
	else
		ahead = (ct->days - wday + 6) % 7 + 1;
	naive = (today + ahead) * DAY;
	if (ct->has_clock)
		naive += ct->hour * 3600 + ct->minute * 60 + ct->second;
	civil_from_seconds(naive, &f);
	local.kind = ct->has_clock ? CIVIL_LOCAL : CIVIL_DATE;
	local.year = f.year > 99999 ? 99999 : (int)f.year;
	local.month = f.month;
	local.day = f.day;
	local.hour = f.hour;
	local.minute = f.minute;
	local.second = f.second;
	return clock_resolve_as(&local, zone, now, given, out);
}
