/* calendar-hours-parse.c - opening hours as people write them:
 * 'mon-fri 09:00-12:30,13:30-18:00', 'sat 08:00-16:00', 'sun closed' for
 * the week, '09:00-13:00' or 'closed' for one date; and back. Clock times
 * run 00:00 to 24:00 (the end of the day). Read before any store opens:
 * a refusal writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

static berth_status bad(const char *spec, const char *fmt, const char *part)
{
	char why[160];

	snprintf(why, sizeof why, fmt, part);
	return berth_detail_option(berth_fail(BERTH_INVALID_ARGUMENT,
					      "hours '%.80s': %s", spec, why),
				   "hours", spec);
}

static int day_index(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n == 3 && strncmp(s, berth_weekday_name(i), 3) == 0)
			return i;
	return -1;
}

/* HH:MM, 00:00 to 24:00, into minutes; -1 when it is not one. */
static int clock_of(const char *s, size_t n)
{
	int h, m;

	if (n != 5 || s[2] != ':')
		return -1;
	for (size_t i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

static int by_start(const void *a, const void *b)
{
	return ((const berth_range *)a)->start -
	       ((const berth_range *)b)->start;
}

/* '09:00-12:30,13:30-18:00' or 'closed'. */
static berth_status ranges(const char *spec, const char *s, berth_day *d)
{
	char part[16];

	d->n = 0;
	if (strcmp(s, "closed") == 0)
		return BERTH_OK;
	if (!*s)
		return bad(spec, "%s", "no ranges: give them, or say closed");
	while (*s) {
		size_t n = strcspn(s, ","), dash;
		int a, b;
		snprintf(part, sizeof part, "%.*s", (int)(n < 15 ? n : 15), s);
		dash = strcspn(s, "-");
		if (dash >= n || (a = clock_of(s, dash)) < 0 ||
		    (b = clock_of(s + dash + 1, n - dash - 1)) < 0)
			return bad(spec,
				   "'%s' is not a range such as 09:00-12:30 "
				   "(or say closed)",
				   part);
		if (b <= a)
			return bad(spec, "%s ends before it starts", part);
		if (d->n == BERTH_DAY_RANGES)
			return bad(spec, "more than %s ranges in a day", "8");
		d->r[d->n++] = (berth_range){a, b};
		s += n;
		if (*s == ',' && !*++s)
			return bad(spec, "%s", "a comma ends it");
	}
	qsort(d->r, (size_t)d->n, sizeof d->r[0], by_start);
	for (int i = 1; i < d->n; i++)
		if (d->r[i].start < d->r[i - 1].end) {
			char x[16], y[16];
			berth_day one = {1, {d->r[i - 1]}}, two = {1, {d->r[i]}};
			berth_day_format(&one, x, sizeof x);
			berth_day_format(&two, y, sizeof y);
			snprintf(part, sizeof part, "%s", x);
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "hours '%.80s': %s overlaps %s", spec,
				       x, y),
			    "hours", spec);
		}
	return BERTH_OK;
}

/* 'mon-fri', 'sat', 'mon,wed,fri', 'mon-wed,sat': a set of weekdays. */
static berth_status days_of(const char *spec, const char *s, size_t len,
			    int set[7])
{
	char part[16];

	while (len) {
		size_t n = strcspn(s, ",");
		int a, b;
		if (n > len)
			n = len;
		snprintf(part, sizeof part, "%.*s", (int)(n < 15 ? n : 15), s);
		if (n == 7 && s[3] == '-') {
			a = day_index(s, 3);
			b = day_index(s + 4, 3);
		} else {
			a = b = day_index(s, n);
		}
		if (a < 0 || b < 0)
			return bad(spec,
				   "'%s' is not a day (mon tue wed thu fri "
				   "sat sun, or a range such as mon-fri)",
				   part);
		if (b < a)
			return bad(spec, "%s runs backwards", part);
		for (int i = a; i <= b; i++)
			set[i] = 1;
		s += n;
		len -= n;
		if (len) {
			s++;
			len--;
		}
	}
	return BERTH_OK;
}

berth_status berth_hours_parse(char *const *specs, int n, int dated,
			       berth_hours *out)
{
	int given[7] = {0};
	berth_status st;

	memset(out, 0, sizeof *out);
	out->ndays = dated ? 1 : 7;
	if (dated) {
		if (n != 1)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "hours for a date are one argument, "
					  "such as '09:00-13:00' or 'closed'");
		return ranges(specs[0], specs[0], &out->day[0]);
	}
	if (n < 1)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "hours set needs the week's hours, such as "
				  "'mon-fri 09:00-18:00'");
	for (int i = 0; i < n; i++) {
		const char *sp = strchr(specs[i], ' ');
		int set[7] = {0};
		berth_day d;
		/* Hours without days are every day's. */
		if (!sp) {
			if ((st = ranges(specs[i], specs[i], &d)))
				return st;
			for (int w = 0; w < 7; w++)
				set[w] = 1;
		} else if ((st = days_of(specs[i], specs[i],
					 (size_t)(sp - specs[i]), set)) ||
			   (st = ranges(specs[i], sp + strspn(sp, " "), &d))) {
			return st;
		}
		for (int w = 0; w < 7; w++) {
			if (!set[w])
				continue;
			if (given[w])
				return bad(specs[i], "%s is given twice",
					   berth_weekday_name(w));
			given[w] = 1;
			out->day[w] = d;
		}
	}
	return BERTH_OK;
}

void berth_day_format(const berth_day *d, char *buf, size_t size)
{
	size_t at = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (!d->n) {
		snprintf(buf, size, "closed");
		return;
	}
	for (int i = 0; i < d->n && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at,
				       "%s%02d:%02d-%02d:%02d", i ? "," : "",
				       d->r[i].start / 60, d->r[i].start % 60,
				       d->r[i].end / 60, d->r[i].end % 60);
}

/* waitlist --days: 'mon,tue', 'mon-fri,sun', as hours spell days. */
berth_status berth_weekdays_parse(const char *s, uint8_t *out)
{
	int set[7] = {0};

	*out = 0;
	if (!*s || days_of(s, s, strlen(s), set))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--days '%.80s' is not days such as mon,tue "
			       "or mon-fri",
			       s),
		    "days", s);
	for (int i = 0; i < 7; i++)
		if (set[i])
			*out |= (uint8_t)(1u << i);
	return BERTH_OK;
}

/* waitlist --times: one range of the day, '10:00-12:00'. */
berth_status berth_times_parse(const char *s, int *start, int *end)
{
	size_t dash = strcspn(s, "-");

	if (!s[dash] || (*start = clock_of(s, dash)) < 0 ||
	    (*end = clock_of(s + dash + 1, strlen(s + dash + 1))) < 0 ||
	    *end <= *start)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--times '%.80s' is not a range of the day "
			       "such as 10:00-12:00",
			       s),
		    "times", s);
	return BERTH_OK;
}
